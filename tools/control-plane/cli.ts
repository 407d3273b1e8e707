/**
 * `npm run cluster:up` / `npm run cluster:down`: the local control plane from the command line.
 *
 *   cluster:up              start, print how to use it, stay in the foreground; Ctrl-C stops everything
 *   cluster:up -- --detach  start and return; `npm run cluster:down` stops it later
 *   cluster:down            stop a detached cluster (or leftovers) and delete its state
 */
import '../../scripts/require-node.mjs'; // first: refuses a Node.js other than 24 before anything heavy loads
import { Command, InvalidArgumentError } from 'commander';
import { down, up } from './cluster.js';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 20) {
    throw new InvalidArgumentError(`--nodes must be an integer from 1 to 20, got "${value}"`);
  }
  return parsed;
}

const program = new Command('cluster').description('local Kubernetes control plane built from Go modules');

program
  .command('up')
  .description('start etcd, kube-apiserver, controller manager, scheduler and kwok on 127.0.0.1')
  .option('--detach', 'leave the cluster running after this command returns', false)
  .option('--nodes <count>', 'number of fake kwok nodes', positiveInteger, 2)
  .action(async (options: { detach: boolean; nodes: number }) => {
    const begun = Date.now();
    const cluster = await up({
      detached: options.detach,
      nodes: options.nodes,
      log: (line) => console.log(`  ${line}`),
    });
    console.log(`\ncluster up in ${((Date.now() - begun) / 1000).toFixed(1)}s at ${cluster.server}`);
    console.log(`nodes: ${cluster.nodes.join(', ')}; state and logs: ${cluster.layout.root}\n`);
    console.log(`  export KUBECONFIG=${cluster.kubeconfig}`);
    console.log('  npm run test:cluster      # runs the cluster tests against it\n');
    if (options.detach) {
      console.log('stop it with: npm run cluster:down');
      return;
    }
    console.log('Ctrl-C stops the cluster.');
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
    });
    console.log('\nstopping...');
    await cluster.stop();
    await down();
    console.log('stopped.');
  });

program
  .command('down')
  .description('stop the processes recorded in .cache/cluster/pids and delete the cluster state')
  .action(async () => {
    const stopped = await down();
    console.log(stopped.length > 0 ? `stopped: ${stopped.join(', ')}` : 'nothing was running');
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
