import { defineConfig } from 'vitest/config';

// The console's browser tests (*.browser.test.ts): headless Chromium from the Debian package,
// driven by playwright-core against the agent on the simulator. `npm run test:browser`; .ci/run
// installs Chromium first. One file at a time: each test starts its own lab and browser.
export default defineConfig({
  test: {
    include: ['**/*.browser.test.ts'],
    exclude: ['node_modules/**', 'build/**', 'dist/**', '.cache/**'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
