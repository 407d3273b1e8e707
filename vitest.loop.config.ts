import { defineConfig } from 'vitest/config';

// The monitoring loop with the real Prometheus and Alertmanager servers and the real agent, in
// wall-clock time (minutes): *.loop.test.ts, run by `npm run test:loop` after `npm run tools:build`.
export default defineConfig({
  test: {
    include: ['**/*.loop.test.ts'],
    exclude: ['**/node_modules/**', 'build/**', 'dist/**', '.cache/**'],
    testTimeout: 20 * 60_000,
    hookTimeout: 5 * 60_000,
    fileParallelism: false,
  },
});
