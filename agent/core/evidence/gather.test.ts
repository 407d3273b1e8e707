import { describe, expect, it } from 'vitest';
import type { WorkloadRef } from '../../domain/workload.js';
import type { Clock } from '../../ports/clock.js';
import { ClusterError, type Cluster, type DeploymentSnapshot, type PodSnapshot } from '../../ports/cluster.js';
import { gatherEvidence, type EvidenceLimits } from './gather.js';

const target: WorkloadRef = { namespace: 'shop', kind: 'Deployment', name: 'cart' };
const clock: Clock = { now: () => new Date('2026-11-24T10:00:00Z'), sleep: () => Promise.resolve() };
const limits: EvidenceLimits = {
  timeoutMilliseconds: 50,
  maxPods: 3,
  maxEvents: 2,
  maxLogPods: 1,
  logTailLines: 10,
  logBytes: 300,
  lokiLimit: 5,
  lookbackMinutes: 30,
};

const deployment = {
  ref: target,
  replicas: 10,
  selector: { app: 'cart' },
  status: { conditions: [] },
} as unknown as DeploymentSnapshot;
const pod = (index: number, restarts: number): PodSnapshot => ({
  name: `cart-abc-${index}`,
  namespace: 'shop',
  phase: 'Running',
  nodeName: 'node-a',
  ready: restarts === 0,
  createdAt: null,
  owner: { kind: 'ReplicaSet', name: 'cart-abc' },
  reason: null,
  conditions: [],
  containers: [
    {
      name: 'server',
      image: 'cart:v1',
      ready: restarts === 0,
      restartCount: restarts,
      waitingReason: restarts > 0 ? 'CrashLoopBackOff' : null,
      waitingMessage: null,
      lastTerminationReason: null,
      lastTerminationExitCode: null,
      lastTerminatedAt: null,
    },
  ],
});

/** A recording fake of the Cluster port (reads only; writes throw). */
function fakeCluster(overrides: Partial<Cluster> = {}): Cluster & { calls: string[] } {
  const calls: string[] = [];
  const refuse = () => Promise.reject(new Error('evidence must never write'));
  return {
    calls,
    getDeployment: () => (calls.push('getDeployment'), Promise.resolve(deployment)),
    listReplicaSets: () => (calls.push('listReplicaSets'), Promise.resolve([])),
    listAutoscalers: () => (calls.push('listAutoscalers'), Promise.resolve([])),
    listPods: () => (
      calls.push('listPods'),
      Promise.resolve(Array.from({ length: 10 }, (_value, index) => pod(index, index === 7 ? 5 : 0)))
    ),
    listEvents: (_namespace, _names, limit) => (
      calls.push(`listEvents ${limit}`),
      Promise.resolve(
        Array.from({ length: 5 }, (_value, index) => ({
          type: 'Warning',
          reason: 'BackOff',
          message: 'x'.repeat(2000),
          involvedKind: 'Pod',
          involvedName: 'cart-abc-7',
          count: index,
          lastSeen: `2026-11-24T09:5${index}:00Z`,
        })),
      )
    ),
    readPodLog: (_namespace, name, options) => (
      calls.push(`readPodLog ${name} previous=${String(options.previous)}`),
      Promise.resolve('line\n'.repeat(1000))
    ),
    resolvePodOwner: () => Promise.resolve(null),
    setRestartAnnotation: refuse,
    scaleDeployment: refuse,
    setPodTemplate: refuse,
    ...overrides,
  };
}

describe('evidence', () => {
  it('is bounded in size and keeps the unhealthy pods first', async () => {
    const cluster = fakeCluster();
    const evidence = await gatherEvidence({ cluster, metricsQuery: null, logQuery: null, clock }, target, limits);
    expect(evidence.pods).toHaveLength(3);
    expect(evidence.pods[0]?.name).toBe('cart-abc-7');
    expect(evidence.events).toHaveLength(2);
    expect(evidence.events[0]?.lastSeen).toBe('2026-11-24T09:54:00Z');
    expect(evidence.events.every((event) => event.message.length <= 500)).toBe(true);
    expect(evidence.logs).toHaveLength(1);
    expect(evidence.logs[0]?.text.length).toBeLessThanOrEqual(300);
    expect(cluster.calls).toContain('readPodLog cart-abc-7 previous=true');
    expect(evidence.gaps).toEqual([]);
  });

  it('turns a failing or hanging source into a gap and keeps the rest', async () => {
    const cluster = fakeCluster({
      listEvents: () => new Promise(() => undefined),
      listReplicaSets: () => Promise.reject(new ClusterError('forbidden', 'listReplicaSets', 'shop/cart', 'HTTP 403')),
      listAutoscalers: () =>
        Promise.reject(new ClusterError('forbidden', 'listAutoscalers', 'shop/cart', 'HTTP 403 (RBAC without HPAs)')),
    });
    const evidence = await gatherEvidence({ cluster, metricsQuery: null, logQuery: null, clock }, target, limits);
    expect(evidence.gaps.map((gap) => gap.source).sort()).toEqual(['autoscalers', 'events', 'replicasets']);
    expect(evidence.autoscalers).toEqual([]);
    expect(evidence.gaps.find((gap) => gap.source === 'events')?.reason).toContain('timed out');
    expect(evidence.pods.length).toBeGreaterThan(0);
  });
});
