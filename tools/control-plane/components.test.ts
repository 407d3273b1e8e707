import { describe, expect, it } from 'vitest';
import { type ClusterPorts, clusterCommands } from './components.js';
import { stateLayout } from './layout.js';
import type { Pki } from './pki.js';

const ports: ClusterPorts = {
  etcdClient: 40001,
  etcdPeer: 40002,
  apiserver: 40003,
  controllerManager: 40004,
  scheduler: 40005,
  kwok: 40006,
};
const layout = stateLayout({ AI4ALL_CLUSTER_DIR: '/tmp/ai4all-test-cluster' });
const pki: Pki = {
  caCertificate: '/p/ca.crt',
  caKey: '/p/ca.key',
  servingCertificate: '/p/serving.crt',
  servingKey: '/p/serving.key',
  serviceAccountPublicKey: '/p/sa.pub',
  serviceAccountPrivateKey: '/p/sa.key',
  tokenFile: '/p/tokens.csv',
  tokens: { admin: 'a', 'kube-controller-manager': 'b', 'kube-scheduler': 'c', kwok: 'd' },
};
const commands = clusterCommands(ports, layout, pki);
const flagsOf = (name: string) => commands.find((command) => command.name === name)?.args ?? [];
const flag = (name: string, key: string) =>
  flagsOf(name)
    .find((arg) => arg.startsWith(`--${key}=`))
    ?.split('=')
    .slice(1)
    .join('=');

describe('control-plane command lines', () => {
  it('starts the five components in dependency order', () => {
    expect(commands.map((command) => command.name)).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
      'kwok',
    ]);
  });

  it('binds every listener to 127.0.0.1 and never advertises a loopback address', () => {
    const addresses = commands.flatMap((command) =>
      command.args.filter((arg) =>
        /^--(bind-address|listen-[a-z]+-urls|server-address|advertise-client-urls)=/.test(arg),
      ),
    );
    expect(addresses.length).toBe(7);
    for (const address of addresses) expect(address).toMatch(/=(http:\/\/)?127\.0\.0\.1(:\d+)?$/);
    expect(commands.flatMap((command) => command.args).filter((arg) => arg.startsWith('--advertise-address'))).toEqual(
      [],
    );
  });

  it('runs the API server with RBAC + Node authorization, token auth and service-account signing', () => {
    expect(flag('kube-apiserver', 'authorization-mode')).toBe('Node,RBAC');
    expect(flag('kube-apiserver', 'anonymous-auth')).toBe('false');
    expect(flag('kube-apiserver', 'token-auth-file')).toBe(pki.tokenFile);
    expect(flag('kube-apiserver', 'service-account-signing-key-file')).toBe(pki.serviceAccountPrivateKey);
    expect(flag('kube-apiserver', 'etcd-servers')).toBe(`http://127.0.0.1:${ports.etcdClient}`);
    // ServiceAccount admission (and the rest of the defaults) stays on.
    expect(flagsOf('kube-apiserver').some((arg) => arg.startsWith('--disable-admission-plugins'))).toBe(false);
  });

  it('gives every controller its own ServiceAccount and lets kwok manage only annotated nodes', () => {
    expect(flag('kube-controller-manager', 'use-service-account-credentials')).toBe('true');
    expect(flag('kube-controller-manager', 'service-account-private-key-file')).toBe(pki.serviceAccountPrivateKey);
    expect(flag('kwok', 'manage-nodes-with-annotation-selector')).toBe('kwok.x-k8s.io/node=fake');
    expect(flagsOf('kwok')).not.toContain('--manage-all-nodes');
  });

  it('polls an HTTPS health endpoint on each port except etcd', () => {
    expect(commands.map((command) => command.healthUrl)).toEqual([
      undefined,
      `https://127.0.0.1:${ports.apiserver}/readyz`,
      `https://127.0.0.1:${ports.controllerManager}/healthz`,
      `https://127.0.0.1:${ports.scheduler}/healthz`,
      `https://127.0.0.1:${ports.kwok}/healthz`,
    ]);
  });
});
