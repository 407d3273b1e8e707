import { defineConfig } from 'vitest/config';

// Tests that run the ecosystem's real tools (promtool, amtool, kyverno, helm, prometheus,
// alertmanager) built by `npm run tools:build` into .cache/tools/bin: *.engine.test.ts, run by
// `npm run test:engines`. A missing binary fails the test with the command that builds it.
export default defineConfig({
  test: {
    include: ['**/*.engine.test.ts'],
    exclude: ['**/node_modules/**', 'build/**', 'dist/**', '.cache/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
