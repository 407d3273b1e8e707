import { defineConfig } from 'vitest/config';

// `npm run test:package`: packs the library, installs the tarball into a temporary project offline and
// synthesizes the other-cluster example from it (test/package). Minutes under load, so not in `npm test`.
export default defineConfig({
  test: {
    include: ['test/package/**/*.package.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});
