/**
 * `npm run test:cluster`: runs the *.cluster.test.ts files (vitest.cluster.config.ts) against a
 * real Kubernetes API server.
 *
 * - KUBECONFIG set: uses that cluster as it is (kind, k3d, a lab) and starts nothing.
 * - otherwise: builds the control plane (build.sh, skipped when stamped), brings the local
 *   cluster up, runs the tests with KUBECONFIG pointing at it, and always brings it down again.
 *
 * Extra arguments go to vitest (e.g. `npm run test:cluster -- rbac`).
 */
import '../../scripts/require-node.mjs'; // first: refuses a Node.js other than 24 before anything heavy loads
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { down, up } from './cluster.js';
import { LOCAL_CLUSTER_ENV, REPO_ROOT } from './layout.js';

function runVitest(environment: NodeJS.ProcessEnv): Promise<number> {
  const vitest = join(REPO_ROOT, 'node_modules', '.bin', 'vitest');
  const child = spawn(vitest, ['run', '--config', 'vitest.cluster.config.ts', ...process.argv.slice(2)], {
    cwd: REPO_ROOT,
    env: environment,
    stdio: 'inherit',
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
}

async function main(): Promise<number> {
  const given = process.env['KUBECONFIG'];
  if (given) {
    console.log(`test:cluster: using the cluster in KUBECONFIG=${given} (nothing is started or stopped)`);
    return runVitest({ ...process.env, [LOCAL_CLUSTER_ENV]: '' });
  }
  const build = spawnSync('bash', [join(REPO_ROOT, 'tools', 'control-plane', 'build.sh')], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('test:cluster: building the control plane failed (see above); nothing was started');
    return build.status ?? 1;
  }
  const begun = Date.now();
  const cluster = await up({ detached: false, log: (line) => console.log(`  ${line}`) });
  console.log(`test:cluster: local cluster up in ${((Date.now() - begun) / 1000).toFixed(1)}s at ${cluster.server}`);
  const stopAndExit = (signal: NodeJS.Signals) => {
    console.error(`test:cluster: ${signal}, stopping the cluster`);
    void cluster
      .stop()
      .then(() => down())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stopAndExit);
  process.once('SIGTERM', stopAndExit);
  try {
    return await runVitest({ ...process.env, KUBECONFIG: cluster.kubeconfig, [LOCAL_CLUSTER_ENV]: '1' });
  } finally {
    await cluster.stop();
    await down();
    console.log('test:cluster: local cluster stopped');
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`test:cluster: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
