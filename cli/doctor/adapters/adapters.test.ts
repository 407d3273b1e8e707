/**
 * The real adapters against loopback stand-ins: a fake Kubernetes API serving payloads shaped
 * like a k3s server's, a unix socket and a temp PATH, and an HTTP server for the repo probe.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchHttpProbe } from './fetch-http-probe.js';
import { kubernetesClusterProbe } from './kubernetes-cluster-probe.js';
import { nodeHostProbe } from './node-host-probe.js';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'doctor-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function listen(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { server, url: `http://127.0.0.1:${address.port}` };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

// Payloads shaped like a single-node k3s v1.36 server's answers.
const VERSION = { major: '1', minor: '36', gitVersion: 'v1.36.3+k3s1', platform: 'linux/amd64' };
const NODES = {
  kind: 'NodeList',
  apiVersion: 'v1',
  metadata: { resourceVersion: '1234' },
  items: [
    {
      metadata: { name: 'lab', labels: { 'node-role.kubernetes.io/control-plane': 'true' } },
      status: { allocatable: { cpu: '8', memory: '32827220Ki', pods: '110', 'ephemeral-storage': '95342036952' } },
    },
  ],
};
const NOT_FOUND = {
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  message: 'customresourcedefinitions.apiextensions.k8s.io "grpcroutes.gateway.networking.k8s.io" not found',
  reason: 'NotFound',
  code: 404,
};

describe('kubernetesClusterProbe', () => {
  it('reads version, node capacity and CRD presence through the configured context', async () => {
    const seen: string[] = [];
    const api = await listen((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (request.url === '/version') send(200, VERSION);
      else if (request.url === '/api/v1/nodes') send(200, NODES);
      else if (request.url?.endsWith('/httproutes.gateway.networking.k8s.io'))
        send(200, { kind: 'CustomResourceDefinition', metadata: { name: 'httproutes.gateway.networking.k8s.io' } });
      else send(404, NOT_FOUND);
    });
    const kubeconfig = path.join(directory, 'kubeconfig');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        `clusters: [{ name: lab, cluster: { server: "${api.url}", insecure-skip-tls-verify: true } }]`,
        'users: [{ name: lab, user: { token: lab-token } }]',
        'contexts: [{ name: default, context: { cluster: lab, user: lab } }, { name: other, context: { cluster: lab, user: lab } }]',
        'current-context: other',
      ].join('\n'),
    );
    try {
      const probe = kubernetesClusterProbe(kubeconfig, 'default');
      if (probe instanceof Error) throw probe;
      expect(await probe.serverVersion()).toBe('v1.36.3+k3s1');
      expect(await probe.nodes()).toEqual([{ name: 'lab', cpu: '8', memory: '32827220Ki' }]);
      expect(await probe.crdExists('httproutes.gateway.networking.k8s.io')).toBe(true);
      expect(await probe.crdExists('grpcroutes.gateway.networking.k8s.io')).toBe(false);
      expect(seen.every((line) => line.endsWith('Bearer lab-token'))).toBe(true);

      const missing = kubernetesClusterProbe(kubeconfig, 'kind-lab');
      expect(missing).toBeInstanceOf(Error);
      expect((missing as Error).message).toBe(`context "kind-lab" is not in ${kubeconfig} (contexts: default, other)`);
    } finally {
      await close(api.server);
    }
  });

  it('returns an error naming the file when the kubeconfig cannot be read', () => {
    const probe = kubernetesClusterProbe(path.join(directory, 'absent'), 'default');
    expect(probe).toBeInstanceOf(Error);
    expect((probe as Error).message).toMatch(/cannot read kubeconfig .*absent/);
  });
});

describe('nodeHostProbe', () => {
  it('tells a unix socket from a file and a missing path, and measures free space of the nearest ancestor', async () => {
    const socketPath = path.join(directory, 'containerd.sock');
    const server = createNetServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      const probe = nodeHostProbe('');
      expect(await probe.pathKind(socketPath)).toBe('socket');
      await writeFile(path.join(directory, 'plain'), 'x');
      expect(await probe.pathKind(path.join(directory, 'plain'))).toBe('file');
      expect(await probe.pathKind(path.join(directory, 'nope'))).toBe('missing');
      expect(await probe.freeBytes(path.join(directory, 'not', 'yet', 'created'))).toBeGreaterThan(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('finds executables on the given PATH only', async () => {
    const bin = path.join(directory, 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(path.join(bin, 'pulumi'), '#!/bin/sh\n');
    await chmod(path.join(bin, 'pulumi'), 0o755);
    await writeFile(path.join(bin, 'not-executable'), 'x');
    const probe = nodeHostProbe([path.join(directory, 'empty'), bin].join(path.delimiter));
    expect(await probe.findExecutable('pulumi')).toBe(path.join(bin, 'pulumi'));
    expect(await probe.findExecutable('not-executable')).toBeUndefined();
    expect(await nodeHostProbe(undefined).findExecutable('pulumi')).toBeUndefined();
  });
});

describe('fetchHttpProbe', () => {
  it('returns the status of a GET without reading a large body', async () => {
    const repo = await listen((request, response) => {
      if (request.url === '/charts/index.yaml') {
        response.writeHead(200, { 'content-type': 'application/x-yaml' });
        response.write('apiVersion: v1\nentries:\n');
        // A body that never ends: the probe must not wait for it.
        return;
      }
      response.writeHead(404).end();
    });
    try {
      expect(await fetchHttpProbe.status(`${repo.url}/charts/index.yaml`, 2000)).toBe(200);
      expect(await fetchHttpProbe.status(`${repo.url}/missing/index.yaml`, 2000)).toBe(404);
    } finally {
      repo.server.closeAllConnections();
      await close(repo.server);
    }
  });

  it('rejects when the server does not answer in time', async () => {
    const silent = await listen(() => undefined);
    try {
      await expect(fetchHttpProbe.status(`${silent.url}/index.yaml`, 200)).rejects.toThrow(/timeout|aborted/i);
    } finally {
      silent.server.closeAllConnections();
      await close(silent.server);
    }
  });
});
