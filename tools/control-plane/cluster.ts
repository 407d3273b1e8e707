/**
 * `up` and `down` for the local control plane: etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler and kwok on 127.0.0.1 with random free ports, state under .cache/cluster/.
 *
 * `up` returns a handle whose `stop()` ends every process it started; with `detached: false`
 * (tests) the processes are also killed when this Node process exits. With `detached: true`
 * (the `cluster:up --detach` CLI) they outlive it and `down()` stops them from their PID files.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createReadyNodes, grantKwok, waitForDefaultServiceAccount } from './bootstrap.js';
import { type ClusterPorts, clusterCommands } from './components.js';
import { writeKubeconfig } from './kubeconfig.js';
import { kwokConfigYaml } from './kwok-stages.js';
import { COMPONENT_BINARIES, type StateLayout, binDirectory, stateLayout } from './layout.js';
import { freePorts, probe, waitUntil } from './network.js';
import { TOKEN_IDENTITIES, type TokenIdentity, createPki } from './pki.js';
import { type StartedProcess, startProcess, stopRecordedProcesses } from './processes.js';

export interface UpOptions {
  readonly detached: boolean;
  readonly nodes?: number;
  readonly environment?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

export interface RunningCluster {
  readonly kubeconfig: string;
  readonly server: string;
  readonly ports: ClusterPorts;
  readonly nodes: readonly string[];
  readonly layout: StateLayout;
  stop(): Promise<void>;
}

async function requireBinaries(directory: string): Promise<void> {
  for (const binary of COMPONENT_BINARIES) {
    await access(join(directory, binary)).catch(() => {
      throw new Error(
        `${join(directory, binary)} is missing: build the control plane first with \`npm run cluster:build\``,
      );
    });
  }
}

async function tail(path: string, lines = 15): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Stops whatever a previous run left behind and clears its state. */
export async function down(environment: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const layout = stateLayout(environment);
  const stopped = await stopRecordedProcesses(layout, binDirectory(environment), COMPONENT_BINARIES);
  const kubeconfigs = (Object.keys(TOKEN_IDENTITIES) as TokenIdentity[]).map((identity) =>
    layout.kubeconfigFor(identity),
  );
  const state = [layout.etcdData, layout.pki, layout.apiserverCertDirectory, layout.clusterInfo, layout.kwokConfig];
  for (const path of [...state, layout.adminKubeconfig, ...kubeconfigs]) {
    await rm(path, { recursive: true, force: true });
  }
  return stopped;
}

export async function up(options: UpOptions): Promise<RunningCluster> {
  const environment = options.environment ?? process.env;
  const log = options.log ?? (() => undefined);
  const bin = binDirectory(environment);
  const layout = stateLayout(environment);
  await requireBinaries(bin);
  const leftovers = await down(environment);
  if (leftovers.length > 0) log(`stopped leftovers of an earlier run: ${leftovers.join(', ')}`);
  await rm(layout.logs, { recursive: true, force: true });
  for (const directory of [layout.root, layout.logs, layout.pids, layout.etcdData, layout.apiserverCertDirectory]) {
    await mkdir(directory, { recursive: true, mode: 0o700 });
  }

  const pki = await createPki(layout.pki);
  const [etcdClient, etcdPeer, apiserver, controllerManager, scheduler, kwok] = await freePorts(6);
  const ports = { etcdClient, etcdPeer, apiserver, controllerManager, scheduler, kwok } as ClusterPorts;
  const server = `https://127.0.0.1:${ports.apiserver}`;
  for (const identity of Object.keys(TOKEN_IDENTITIES) as TokenIdentity[]) {
    const path = identity === 'admin' ? layout.adminKubeconfig : layout.kubeconfigFor(identity);
    await writeKubeconfig(path, server, pki.caCertificate, TOKEN_IDENTITIES[identity].user, pki.tokens[identity]);
  }
  await writeFile(layout.kwokConfig, await kwokConfigYaml(join(bin, 'kwok-stages')));

  const started: StartedProcess[] = [];
  const killAll = () => {
    for (const process_ of started) if (process_.child.exitCode === null) process_.child.kill('SIGKILL');
  };
  if (!options.detached) process.once('exit', killAll);
  const stop = async () => {
    process.removeListener('exit', killAll);
    await stopRecordedProcesses(layout, bin, COMPONENT_BINARIES);
  };
  const crashed = () => {
    const dead = started.find((process_) => process_.child.exitCode !== null || process_.child.signalCode !== null);
    return dead
      ? `${dead.name} exited (code ${dead.child.exitCode ?? dead.child.signalCode}); see ${layout.logFor(dead.name)}`
      : undefined;
  };

  const admin = new KubeConfig();
  try {
    for (const command of clusterCommands(ports, layout, pki)) {
      const begun = Date.now();
      started.push(await startProcess(command, bin, layout, { detached: options.detached }));
      if (command.name === 'etcd') {
        await waitUntil(
          'etcd health',
          async () => (await probe({ url: `http://127.0.0.1:${ports.etcdClient}/health` })).status === 200,
          60_000,
          crashed,
        );
      } else if (command.healthUrl) {
        const token = command.name === 'kube-apiserver' ? pki.tokens.admin : undefined;
        const target = { url: command.healthUrl, caFile: pki.caCertificate, ...(token ? { bearerToken: token } : {}) };
        await waitUntil(`${command.name} health`, async () => (await probe(target)).status === 200, 120_000, crashed);
      }
      log(`${command.name} ready in ${((Date.now() - begun) / 1000).toFixed(1)}s`);
      if (command.name === 'kube-apiserver') {
        admin.loadFromFile(layout.adminKubeconfig);
        await grantKwok(admin);
      }
    }
    await waitForDefaultServiceAccount(admin, crashed);
    const nodes = await createReadyNodes(admin, options.nodes ?? 2, crashed);
    log(`nodes Ready: ${nodes.join(', ')}`);
    const info = {
      server,
      kubeconfig: layout.adminKubeconfig,
      ports,
      nodes,
      pids: Object.fromEntries(started.map((p) => [p.name, p.pid])),
    };
    await writeFile(layout.clusterInfo, JSON.stringify(info, null, 2));
    return { kubeconfig: layout.adminKubeconfig, server, ports, nodes, layout, stop };
  } catch (error) {
    const failed = started.at(-1);
    const detail = failed ? `\n--- last lines of ${failed.name}'s log:\n${await tail(layout.logFor(failed.name))}` : '';
    await stop();
    throw new Error(`${error instanceof Error ? error.message : String(error)}${detail}`, { cause: error });
  }
}
