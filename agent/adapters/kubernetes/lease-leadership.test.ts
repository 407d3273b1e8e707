/**
 * Lease election through the real @kubernetes/client-node against a minimal coordination.k8s.io
 * endpoint on 127.0.0.1 that behaves like the API server for one Lease (404 when absent,
 * resourceVersion conflicts → 409). It records every request so the test can prove no `create`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaseLeadership } from './lease-leadership.js';

const NAMESPACE = 'ai4all-sre';
const NAME = 'ai4all-sre-agent-leader';
const PATH = `/apis/coordination.k8s.io/v1/namespaces/${NAMESPACE}/leases/${NAME}`;

interface LeaseBody {
  [key: string]: unknown;
  metadata: { [key: string]: unknown; resourceVersion: string };
  spec: Record<string, unknown>;
}

class FakeLeaseServer {
  lease: LeaseBody | null = null;
  readonly requests: string[] = [];
  private server: Server | null = null;
  private version = 1;

  seed(spec: Record<string, unknown>): void {
    this.lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: NAME, namespace: NAMESPACE, resourceVersion: String(this.version) },
      spec,
    };
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.requests.push(`${request.method} ${request.url?.split('?')[0]}`);
      const send = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(body));
      };
      if (request.url?.split('?')[0] !== PATH) return send(404, { kind: 'Status', code: 404, reason: 'NotFound' });
      if (request.method === 'GET') {
        return this.lease ? send(200, this.lease) : send(404, { kind: 'Status', code: 404, reason: 'NotFound' });
      }
      if (request.method === 'PUT') {
        let text = '';
        request.on('data', (chunk: Buffer) => (text += chunk.toString()));
        request.on('end', () => {
          const body = JSON.parse(text) as LeaseBody;
          if (!this.lease) return send(404, { kind: 'Status', code: 404 });
          if (body.metadata.resourceVersion !== this.lease.metadata.resourceVersion) {
            return send(409, { kind: 'Status', code: 409, reason: 'Conflict' });
          }
          this.version += 1;
          this.lease = { ...body, metadata: { ...body.metadata, resourceVersion: String(this.version) } };
          send(200, this.lease);
        });
        return;
      }
      send(405, { kind: 'Status', code: 405 });
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

let fake: FakeLeaseServer;
let kubeConfig: KubeConfig;
beforeEach(async () => {
  fake = new FakeLeaseServer();
  const server = await fake.start();
  kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'fake', server, skipTLSVerify: true }],
    users: [{ name: 'agent', token: 'test-token' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'agent' }],
    currentContext: 'fake',
  });
});
afterEach(async () => {
  await fake.stop();
});

function candidate(identity: string, missingLease: 'lead-alone' | 'wait' = 'lead-alone', now?: () => Date) {
  return new LeaseLeadership({
    kubeConfig,
    namespace: NAMESPACE,
    name: NAME,
    identity,
    durationSeconds: 15,
    missingLease,
    logger: pino({ level: 'silent' }),
    ...(now ? { now } : {}),
  });
}

describe('LeaseLeadership', () => {
  it('without a Lease, a single replica leads (auto) or waits (required)', async () => {
    const alone = candidate('pod-a');
    await alone.tick();
    expect(alone.isLeader()).toBe(true);
    const waiting = candidate('pod-b', 'wait');
    await waiting.tick();
    expect(waiting.isLeader()).toBe(false);
    expect(waiting.describe()).toContain('waiting for Lease');
  });

  it('one of two replicas leads; the other takes over after release; nothing is ever created', async () => {
    fake.seed({ leaseDurationSeconds: 15 });
    const first = candidate('pod-a');
    const second = candidate('pod-b');
    const changes: boolean[] = [];
    await first.start((leader) => changes.push(leader));
    await second.tick();
    expect([first.isLeader(), second.isLeader()]).toEqual([true, false]);
    expect(fake.lease?.spec.holderIdentity).toBe('pod-a');
    expect(second.describe()).toContain('pod-a holds');

    await first.stop();
    expect(first.isLeader()).toBe(false);
    expect(changes).toEqual([true, false]);
    await second.tick();
    expect(second.isLeader()).toBe(true);
    expect(fake.lease?.spec.holderIdentity).toBe('pod-b');
    expect(fake.lease?.spec.leaseTransitions).toBe(2);
    expect(fake.requests.every((request) => request.startsWith('GET') || request.startsWith('PUT'))).toBe(true);
  });

  it('takes over an expired Lease held by a dead replica', async () => {
    fake.seed({ holderIdentity: 'dead-pod', leaseDurationSeconds: 15, renewTime: '2026-11-24T10:00:00.000000Z' });
    const late = candidate('pod-c', 'lead-alone', () => new Date('2026-11-24T10:00:30.000Z'));
    await late.tick();
    expect(late.isLeader()).toBe(true);
    expect(fake.lease?.spec.holderIdentity).toBe('pod-c');
  });

  it('does not take a Lease a live replica holds', async () => {
    fake.seed({ holderIdentity: 'live-pod', leaseDurationSeconds: 15, renewTime: '2026-11-24T10:00:00.000000Z' });
    const early = candidate('pod-d', 'lead-alone', () => new Date('2026-11-24T10:00:05.000Z'));
    await early.tick();
    expect(early.isLeader()).toBe(false);
    expect(fake.lease?.spec.holderIdentity).toBe('live-pod');
  });
});
