/**
 * Where the local control plane keeps its binaries and its state. One place, so `up`, `down`,
 * the test runner and the docs agree on every path.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The binaries build.sh produces (override with AI4ALL_BIN, as build.sh does). */
export function binDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  return environment['AI4ALL_BIN'] ?? join(REPO_ROOT, '.cache', 'control-plane', 'bin');
}

/** The names of the binaries the cluster runs; build.sh builds exactly these. */
export const COMPONENT_BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
] as const;
export type ComponentName = (typeof COMPONENT_BINARIES)[number];

/** Every file of one cluster's state directory. */
export interface StateLayout {
  readonly root: string;
  readonly pki: string;
  readonly etcdData: string;
  readonly logs: string;
  readonly pids: string;
  readonly apiserverCertDirectory: string;
  readonly kwokConfig: string;
  /** The admin kubeconfig users point KUBECONFIG at. */
  readonly adminKubeconfig: string;
  /** Written last by `up`; describes ports and PIDs of a running cluster. */
  readonly clusterInfo: string;
  kubeconfigFor(component: string): string;
  logFor(component: ComponentName): string;
  pidFor(component: ComponentName): string;
}

/** The state directory (override with AI4ALL_CLUSTER_DIR). */
export function stateLayout(environment: NodeJS.ProcessEnv = process.env): StateLayout {
  const root = resolve(environment['AI4ALL_CLUSTER_DIR'] ?? join(REPO_ROOT, '.cache', 'cluster'));
  return {
    root,
    pki: join(root, 'pki'),
    etcdData: join(root, 'etcd'),
    logs: join(root, 'logs'),
    pids: join(root, 'pids'),
    apiserverCertDirectory: join(root, 'apiserver'),
    kwokConfig: join(root, 'kwok.yaml'),
    adminKubeconfig: join(root, 'admin.kubeconfig'),
    clusterInfo: join(root, 'cluster.json'),
    kubeconfigFor: (component) => join(root, `${component}.kubeconfig`),
    logFor: (component) => join(root, 'logs', `${component}.log`),
    pidFor: (component) => join(root, 'pids', `${component}.pid`),
  };
}

/** Set to `1` for the cluster tests when they run against the local kwok cluster (some checks need kwok's stages). */
export const LOCAL_CLUSTER_ENV = 'AI4ALL_LOCAL_CLUSTER';
