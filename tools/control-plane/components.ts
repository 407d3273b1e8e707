/**
 * Command lines of the five control-plane processes. Pure functions of ports and paths, so the
 * flags can be read, reviewed and unit-tested without starting anything.
 *
 * Every listener binds 127.0.0.1. `--advertise-address` is deliberately absent: the API server
 * rejects a loopback one and picks the default-route interface itself (it only ends up in the
 * `kubernetes` Endpoints; nothing connects to it).
 */
import type { ComponentName, StateLayout } from './layout.js';
import type { Pki } from './pki.js';

/** The ports one cluster listens on (all on 127.0.0.1, chosen free at start). */
export interface ClusterPorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiserver: number;
  readonly controllerManager: number;
  readonly scheduler: number;
  /** kwok's kubelet-like server (logs/exec stubs); nodes advertise 127.0.0.1 and this port. */
  readonly kwok: number;
}

/** Address ranges. Pod and Service IPs are labels only: nothing ever connects to them. */
export const CLUSTER_NETWORK = {
  serviceRange: '10.96.0.0/16',
  podRange: '10.244.0.0/16',
  serviceAccountIssuer: 'https://kubernetes.default.svc.cluster.local',
} as const;

/** kwok's own node annotation; only nodes carrying it are simulated. */
export const KWOK_NODE_ANNOTATION = { key: 'kwok.x-k8s.io/node', value: 'fake' } as const;

export interface ComponentCommand {
  readonly name: ComponentName;
  readonly args: readonly string[];
  /** HTTPS path polled until it answers 200 (`undefined`: etcd, checked through the API server). */
  readonly healthUrl?: string;
}

const loopback = '127.0.0.1';
const url = (port: number) => `http://${loopback}:${port}`;

export function etcdCommand(ports: ClusterPorts, layout: StateLayout): ComponentCommand {
  return {
    name: 'etcd',
    args: [
      '--name=ai4all-local',
      `--data-dir=${layout.etcdData}`,
      `--listen-client-urls=${url(ports.etcdClient)}`,
      `--advertise-client-urls=${url(ports.etcdClient)}`,
      `--listen-peer-urls=${url(ports.etcdPeer)}`,
      `--initial-advertise-peer-urls=${url(ports.etcdPeer)}`,
      `--initial-cluster=ai4all-local=${url(ports.etcdPeer)}`,
      '--initial-cluster-state=new',
      // Test data only: durability is not worth the fsync cost on a shared 2-core machine.
      '--unsafe-no-fsync=true',
      '--auto-compaction-mode=periodic',
      '--auto-compaction-retention=5m',
      '--log-level=warn',
    ],
  };
}

export function apiserverCommand(ports: ClusterPorts, layout: StateLayout, pki: Pki): ComponentCommand {
  return {
    name: 'kube-apiserver',
    args: [
      `--etcd-servers=${url(ports.etcdClient)}`,
      `--bind-address=${loopback}`,
      `--secure-port=${ports.apiserver}`,
      `--cert-dir=${layout.apiserverCertDirectory}`,
      `--tls-cert-file=${pki.servingCertificate}`,
      `--tls-private-key-file=${pki.servingKey}`,
      `--client-ca-file=${pki.caCertificate}`,
      // No aggregated API servers run here; the front-proxy CA is set so the components'
      // delegated authentication finds a complete extension-apiserver-authentication ConfigMap.
      `--requestheader-client-ca-file=${pki.caCertificate}`,
      '--requestheader-allowed-names=front-proxy-client',
      '--requestheader-username-headers=X-Remote-User',
      '--requestheader-group-headers=X-Remote-Group',
      '--requestheader-extra-headers-prefix=X-Remote-Extra-',
      `--token-auth-file=${pki.tokenFile}`,
      '--anonymous-auth=false',
      '--authorization-mode=Node,RBAC',
      // Defaults stay on (ServiceAccount, NamespaceLifecycle, LimitRanger, ResourceQuota, PodSecurity, ...).
      '--enable-admission-plugins=NodeRestriction',
      `--service-account-issuer=${CLUSTER_NETWORK.serviceAccountIssuer}`,
      `--service-account-key-file=${pki.serviceAccountPublicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccountPrivateKey}`,
      `--service-cluster-ip-range=${CLUSTER_NETWORK.serviceRange}`,
      // The API server proxies logs/exec to the "kubelet", which is kwok on 127.0.0.1.
      `--kubelet-client-certificate=${pki.servingCertificate}`,
      `--kubelet-client-key=${pki.servingKey}`,
      '--kubelet-preferred-address-types=InternalIP',
      '--allow-privileged=true',
      '--profiling=false',
      '--event-ttl=30m',
    ],
    healthUrl: `https://${loopback}:${ports.apiserver}/readyz`,
  };
}

export function controllerManagerCommand(ports: ClusterPorts, layout: StateLayout, pki: Pki): ComponentCommand {
  return {
    name: 'kube-controller-manager',
    args: [
      `--kubeconfig=${layout.kubeconfigFor('kube-controller-manager')}`,
      `--authentication-kubeconfig=${layout.kubeconfigFor('kube-controller-manager')}`,
      `--authorization-kubeconfig=${layout.kubeconfigFor('kube-controller-manager')}`,
      `--bind-address=${loopback}`,
      `--secure-port=${ports.controllerManager}`,
      `--tls-cert-file=${pki.servingCertificate}`,
      `--tls-private-key-file=${pki.servingKey}`,
      '--authorization-always-allow-paths=/healthz,/readyz,/livez',
      '--leader-elect=false',
      // Each controller acts as its own ServiceAccount, as on a kubeadm cluster.
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccountPrivateKey}`,
      `--root-ca-file=${pki.caCertificate}`,
      `--cluster-signing-cert-file=${pki.caCertificate}`,
      `--cluster-signing-key-file=${pki.caKey}`,
      `--service-cluster-ip-range=${CLUSTER_NETWORK.serviceRange}`,
      '--controllers=*',
      '--node-monitor-grace-period=60s',
      '--kube-api-qps=100',
      '--kube-api-burst=200',
      '--profiling=false',
    ],
    healthUrl: `https://${loopback}:${ports.controllerManager}/healthz`,
  };
}

export function schedulerCommand(ports: ClusterPorts, layout: StateLayout, pki: Pki): ComponentCommand {
  return {
    name: 'kube-scheduler',
    args: [
      `--kubeconfig=${layout.kubeconfigFor('kube-scheduler')}`,
      `--authentication-kubeconfig=${layout.kubeconfigFor('kube-scheduler')}`,
      `--authorization-kubeconfig=${layout.kubeconfigFor('kube-scheduler')}`,
      `--bind-address=${loopback}`,
      `--secure-port=${ports.scheduler}`,
      `--tls-cert-file=${pki.servingCertificate}`,
      `--tls-private-key-file=${pki.servingKey}`,
      '--authorization-always-allow-paths=/healthz,/readyz,/livez',
      '--leader-elect=false',
      '--profiling=false',
    ],
    healthUrl: `https://${loopback}:${ports.scheduler}/healthz`,
  };
}

export function kwokCommand(ports: ClusterPorts, layout: StateLayout, pki: Pki): ComponentCommand {
  return {
    name: 'kwok',
    args: [
      `--kubeconfig=${layout.kubeconfigFor('kwok')}`,
      `--config=${layout.kwokConfig}`,
      `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION.key}=${KWOK_NODE_ANNOTATION.value}`,
      `--cidr=${CLUSTER_NETWORK.podRange}`,
      `--node-ip=${loopback}`,
      `--node-port=${ports.kwok}`,
      `--server-address=${loopback}:${ports.kwok}`,
      `--tls-cert-file=${pki.servingCertificate}`,
      `--tls-private-key-file=${pki.servingKey}`,
      '--node-lease-duration-seconds=40',
    ],
    healthUrl: `https://${loopback}:${ports.kwok}/healthz`,
  };
}

/** Start order: each one needs the previous ones up. */
export function clusterCommands(ports: ClusterPorts, layout: StateLayout, pki: Pki): readonly ComponentCommand[] {
  return [
    etcdCommand(ports, layout),
    apiserverCommand(ports, layout, pki),
    controllerManagerCommand(ports, layout, pki),
    schedulerCommand(ports, layout, pki),
    kwokCommand(ports, layout, pki),
  ];
}
