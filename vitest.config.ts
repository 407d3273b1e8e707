import { defineConfig } from 'vitest/config';

// One runner for everything. Unit and integration tests are colocated as *.test.ts;
// tests that need a real API server are *.cluster.test.ts and run via `npm run test:cluster`.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'build/**', 'dist/**', '.cache/**', '**/*.cluster.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
