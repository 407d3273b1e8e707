import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppsV1Api, createConfiguration, KubeConfig, ServerConfiguration } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_USER_AGENT, makeApiClient, SharedConnections } from './api-clients.js';

/** A loopback API server answering every GET with a Deployment; counts TCP connections and keeps headers. */
async function startServer(): Promise<{
  server: Server;
  url: string;
  connections: () => number;
  headers: IncomingHttpHeaders[];
}> {
  let connections = 0;
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((request, response) => {
    headers.push(request.headers);
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'frontend', namespace: 'shop', resourceVersion: '7', generation: 1 },
        spec: { replicas: 2, selector: { matchLabels: { app: 'frontend' } }, template: {} },
      }),
    );
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, connections: () => connections, headers };
}

function kubeConfigFor(url: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret-token' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kubeConfig;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('makeApiClient (shared connections)', () => {
  it('serves ten calls from two clients over at most two connections, authenticating every request', async () => {
    const { server, url, connections, headers } = await startServer();
    servers.push(server);
    const kubeConfig = kubeConfigFor(url);
    const apps = makeApiClient(kubeConfig, AppsV1Api);
    const other = makeApiClient(kubeConfig, AppsV1Api);
    for (let call = 0; call < 10; call += 1) {
      const deployment = await (call % 2 === 0 ? apps : other).readNamespacedDeployment({
        namespace: 'shop',
        name: 'frontend',
      });
      expect(deployment.metadata?.resourceVersion).toBe('7');
    }
    // undici may open a second connection when a call starts before the previous one's socket is
    // marked idle; it reuses both from then on.
    expect(connections()).toBeLessThanOrEqual(2);
    expect(headers).toHaveLength(10);
    for (const seen of headers) {
      expect(seen.authorization).toBe('Bearer secret-token');
      expect(seen['user-agent']).toBe(AGENT_USER_AGENT);
    }
  });

  it('client-node on its own opens a connection per call (the behaviour this module works around)', async () => {
    const { server, url, connections } = await startServer();
    servers.push(server);
    const apps = kubeConfigFor(url).makeApiClient(AppsV1Api);
    for (let call = 0; call < 10; call += 1)
      await apps.readNamespacedDeployment({ namespace: 'shop', name: 'frontend' });
    // If this starts failing, client-node pools on its own and api-clients.ts can go (ADR 0009).
    expect(connections()).toBe(10);
  });

  it('replaces the shared dispatcher after the refresh interval and closes the old one', async () => {
    const { server, url, connections } = await startServer();
    servers.push(server);
    let now = 0;
    const kubeConfig = kubeConfigFor(url);
    const shared = new SharedConnections(kubeConfig, { refreshMilliseconds: 1_000, now: () => now });
    const apps = new AppsV1Api(
      createConfiguration({
        baseServer: new ServerConfiguration(url, {}),
        authMethods: { default: shared },
      }),
    );
    await apps.readNamespacedDeployment({ namespace: 'shop', name: 'frontend' });
    now = 500;
    await apps.readNamespacedDeployment({ namespace: 'shop', name: 'frontend' });
    expect(shared.usage).toEqual({ created: 1, reused: 1 });
    const before = connections();
    now = 1_000;
    await apps.readNamespacedDeployment({ namespace: 'shop', name: 'frontend' });
    expect(shared.usage).toEqual({ created: 2, reused: 1 });
    expect(connections()).toBe(before + 1);
    await shared.close();
  });

  it('says clearly when the kubeconfig has no current cluster', () => {
    expect(() => makeApiClient(new KubeConfig(), AppsV1Api)).toThrow(/no current cluster/);
  });
});
