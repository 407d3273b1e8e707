/**
 * `npm run test:lab`: the lab stack applied by the real Pulumi engine to the project's own control
 * plane. Builds the engine if needed (tools/pulumi/build.sh, a no-op when stamped), starts the
 * local cluster in .cache/lab-cluster, prepares it like a k3s host, runs the scenario
 * (scenario.ts) and always stops the cluster. Exit code 1 when any check found a problem.
 * Logs of every pulumi run: .cache/lab-test/.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { down, up } from '../control-plane/cluster.js';
import { CONTEXT_NAME } from '../control-plane/kubeconfig.js';
import { REPO_ROOT } from '../control-plane/layout.js';
import { RawApi } from '../control-plane/tests/support/raw-api.js';
import { assembleChartFolder } from './chart-folder.js';
import { builtPlugins, PulumiEngine } from './engine.js';
import { prepareK3sHost, startProvisioner } from './k3s-host.js';
import { LabReport } from './report.js';
import { runLabScenario, runProdPreview } from './scenario.js';
import { createScratchProject } from './workspace.js';

const log = (line: string) => console.log(line);

async function main(): Promise<number> {
  const started = Date.now();
  const report = new LabReport(log);
  const build = spawnSync('bash', [path.join(REPO_ROOT, 'tools', 'pulumi', 'build.sh')], { stdio: 'inherit' });
  if (build.status !== 0) {
    console.error('test:lab: building the Pulumi engine failed (see above)');
    return build.status ?? 1;
  }
  const scratch = path.join(REPO_ROOT, '.cache', 'lab-test');
  await rm(scratch, { recursive: true, force: true });
  // The file backend refuses a login to a folder that does not exist.
  await mkdir(path.join(scratch, 'state'), { recursive: true });
  const environment = { ...process.env, AI4ALL_CLUSTER_DIR: path.join(REPO_ROOT, '.cache', 'lab-cluster') };
  const cluster = await up({ detached: false, environment, log: (line) => log(`  ${line}`) });
  let stopProvisioner: () => Promise<void> = () => Promise.resolve();
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    await stopProvisioner();
    for (const cleanup of cleanups) await cleanup();
    await cluster.stop();
    await down(environment);
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  process.once('SIGTERM', () => void stop().finally(() => process.exit(143)));
  try {
    const kubeconfig = new KubeConfig();
    kubeconfig.loadFromFile(cluster.kubeconfig);
    const api = new RawApi(kubeconfig);
    await report.phase('cluster: k3s-like host (local-path StorageClass + provisioner, Gateway API CRDs)', async () => {
      const crds = await prepareK3sHost(api, REPO_ROOT);
      log(`  applied ${crds.length} Gateway API CRDs`);
    });
    stopProvisioner = startProvisioner(api, (line) => log(`  ${line}`));
    const chartDirectory = path.join(scratch, 'charts');
    await report.phase('charts: vendored archives (a chart Helm would refuse is completed)', async () => {
      const completed = await assembleChartFolder(REPO_ROOT, path.join(REPO_ROOT, 'vendor', 'charts'), chartDirectory);
      log(`  completed: ${completed.join(', ') || 'none'}`);
    });
    // Outside the repository: its links would let test runners and linters see every file twice.
    const projectDirectory = path.join(await mkdtemp(path.join(tmpdir(), 'ai4all-lab-')), 'project');
    cleanups.push(() => rm(path.dirname(projectDirectory), { recursive: true, force: true }));
    await createScratchProject(REPO_ROOT, projectDirectory);
    const engine = new PulumiEngine({
      binDirectory: path.join(REPO_ROOT, '.cache', 'pulumi', 'bin'),
      repositoryRoot: REPO_ROOT,
      scratch,
      projectDirectory,
      log,
    });
    const login = await engine.run('login', ['login', `file://${path.join(scratch, 'state')}`], 60);
    if (login.code !== 0) throw new Error('pulumi login failed');
    await report.phase('engine: built providers installed under their pinned versions', async () =>
      engine.installPlugins(await builtPlugins(REPO_ROOT)),
    );
    const input = {
      api,
      engine,
      report,
      repositoryRoot: REPO_ROOT,
      projectDirectory,
      cluster: {
        kubeconfig: cluster.kubeconfig,
        context: CONTEXT_NAME,
        chartDirectory,
      },
      log,
    };
    await runLabScenario(input);
    await runProdPreview(input);
  } finally {
    await stop();
  }
  log(
    `\n${report.summary()}\n\ntest:lab: ${report.failed ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(0)}s`,
  );
  return report.failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
