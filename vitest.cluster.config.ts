import { defineConfig } from 'vitest/config';

// Tests against a real Kubernetes API server given by $KUBECONFIG (see tools/control-plane).
export default defineConfig({
  test: {
    include: ['**/*.cluster.test.ts'],
    exclude: ['**/node_modules/**', 'build/**', 'dist/**', '.cache/**'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
