import { defineConfig } from 'vitest/config';

// One runner for everything. Unit and integration tests are colocated as *.test.ts;
// tests that need a real API server are *.cluster.test.ts and run via `npm run test:cluster`;
// tests that run the ecosystem's real tools are *.engine.test.ts (`npm run test:engines`); the
// monitoring loop with the real servers is *.loop.test.ts (`npm run test:loop`);
// packing and installing the library is *.package.test.ts, run via `npm run test:package`; the
// console in headless Chromium is *.browser.test.ts (`npm run test:browser`).
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: [
      '**/node_modules/**',
      'build/**',
      'dist/**',
      '.cache/**',
      '**/*.cluster.test.ts',
      '**/*.engine.test.ts',
      '**/*.loop.test.ts',
      '**/*.browser.test.ts',
      '**/*.package.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
