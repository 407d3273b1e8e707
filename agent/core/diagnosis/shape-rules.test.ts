/** The failure-shape rules on hand-built evidence: each threshold on both sides. */
import { describe, expect, it } from 'vitest';
import type { Evidence } from '../evidence/evidence.js';
import type { DeploymentSnapshot, PodSnapshot, ReplicaSetSnapshot } from '../../ports/cluster.js';
import { applyRules } from './rules.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const target = { namespace: 'shop', kind: 'Deployment' as const, name: 'cart' };
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

function deployment(overrides: Partial<DeploymentSnapshot> = {}, status: Partial<DeploymentSnapshot['status']> = {}) {
  return {
    ref: target,
    uid: 'u',
    resourceVersion: '1',
    generation: 2,
    createdAt: minutesAgo(600),
    replicas: 2,
    selector: { app: 'cart' },
    revision: 1,
    template: { spec: { containers: [{ name: 'server', resources: { limits: { cpu: '500m' } } }] } },
    restartAnnotation: null,
    images: ['cart:v1'],
    paused: false,
    status: {
      observedGeneration: 2,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      unavailableReplicas: 0,
      conditions: [],
      ...status,
    },
    ...overrides,
  } satisfies DeploymentSnapshot;
}

const replicaSet = (revision: number, age: number): ReplicaSetSnapshot => ({
  name: `cart-rs${revision}`,
  namespace: 'shop',
  revision,
  createdAt: minutesAgo(age),
  replicas: 2,
  readyReplicas: 0,
  availableReplicas: 0,
  podTemplateHash: `h${revision}`,
  images: [`cart:v${revision}`],
  template: {},
});

function pod(
  name: string,
  options: { ready?: boolean; restarts?: number; waiting?: string; age?: number; phase?: string },
): PodSnapshot {
  return {
    name,
    namespace: 'shop',
    phase: options.phase ?? 'Running',
    nodeName: 'node-a',
    ready: options.ready ?? true,
    createdAt: minutesAgo(options.age ?? 60),
    owner: { kind: 'ReplicaSet', name: 'cart-rs1' },
    reason: null,
    conditions: [],
    containers: [
      {
        name: 'server',
        image: 'cart:v1',
        ready: options.ready ?? true,
        restartCount: options.restarts ?? 0,
        waitingReason: options.waiting ?? null,
        waitingMessage: options.waiting ? `Back-off pulling image "cart:v1"` : null,
        lastTerminationReason: null,
        lastTerminationExitCode: null,
        lastTerminatedAt: null,
      },
    ],
  };
}

function evidence(parts: Partial<Evidence>): Evidence {
  return {
    target,
    collectedAt: NOW.toISOString(),
    deployment: deployment(),
    replicaSets: [replicaSet(1, 600)],
    autoscalers: [],
    pods: [],
    events: [],
    logs: [],
    metrics: [],
    logLines: [],
    gaps: [],
    ...parts,
  };
}

const reading = (name: string, value: number, labels: Record<string, string> = {}) => ({
  name,
  query: name,
  samples: [{ labels, value }],
});

const rules = (parts: Partial<Evidence>, alertnames: string[] = []) =>
  applyRules({ evidence: evidence(parts), now: NOW, maxReplicas: 10, alertnames });

describe('hung process', () => {
  it(`pods running, never ready, no restarts, up ≥ 10 min, no rollout → restart`, () => {
    const verdict = rules({ pods: [pod('a', { ready: false, age: 30 }), pod('b', {})] });
    expect(verdict.category).toBe('hung-process');
    expect(verdict.action.type).toBe('restart');
  });
  it('a pod not ready for less than 10 min is still starting: no verdict', () => {
    expect(rules({ pods: [pod('a', { ready: false, age: 5 })] }).category).toBe('unknown');
  });
  it('within 120 min of a rollout it is not a hung process', () => {
    expect(
      rules({ replicaSets: [replicaSet(2, 60), replicaSet(1, 600)], pods: [pod('a', { ready: false, age: 30 })] })
        .category,
    ).not.toBe('hung-process');
  });
});

describe('rollouts', () => {
  it('a paused Deployment → rollout-stuck, needs a human', () => {
    const verdict = rules({ deployment: deployment({ paused: true }) });
    expect(verdict).toMatchObject({ category: 'rollout-stuck', action: { type: 'none' } });
  });
  it('generation not observed by the controller → rollout-stuck, no write', () => {
    const verdict = rules({ deployment: deployment({ generation: 3 }, { observedGeneration: 2 }) });
    expect(verdict.category).toBe('rollout-stuck');
    expect(verdict.rootCause).toContain('generation 3');
  });
  it('progress deadline exceeded with a single revision → rollout-stuck, no write', () => {
    const verdict = rules({
      deployment: deployment(
        {},
        { conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] },
      ),
      pods: [pod('a', { ready: false, age: 3 })],
    });
    expect(verdict).toMatchObject({ category: 'rollout-stuck', action: { type: 'none' } });
  });
});

describe('pods that cannot be created', () => {
  it('FailedCreate: exceeded quota → needs a human, the quota named, no write', () => {
    const verdict = rules({
      events: [
        {
          type: 'Warning',
          reason: 'FailedCreate',
          message:
            'pods "cart-rs2-x" is forbidden: exceeded quota: shop-quota, requested: pods=1, used: pods=10, limited: pods=10',
          involvedKind: 'ReplicaSet',
          involvedName: 'cart-rs2',
          count: 12,
          lastSeen: NOW.toISOString(),
        },
      ],
    });
    expect(verdict).toMatchObject({ category: 'node-trouble', action: { type: 'none' } });
    expect(verdict.rootCause).toContain('ResourceQuota');
  });
});

describe('image pull errors', () => {
  it('without an older revision → image-pull, names the reason, no write', () => {
    const verdict = rules({ pods: [pod('a', { ready: false, waiting: 'ImagePullBackOff', phase: 'Pending' })] });
    expect(verdict.category).toBe('image-pull');
    expect(verdict.rootCause).toContain('ImagePullBackOff');
    expect(verdict.action.type).toBe('none');
  });
});

describe('CPU throttling versus saturation', () => {
  const throttled = [reading('cpu-throttled-ratio', 0.6), reading('cpu-cores', 0.4)];
  it('throttled at 40% of the limit → a tight limit, no scale', () => {
    const verdict = rules({ metrics: throttled }, ['CPUThrottlingHigh']);
    expect(verdict).toMatchObject({ category: 'cpu-throttling', action: { type: 'none' } });
  });
  it('throttled at 90% of the limit with high latency → saturation, scale', () => {
    const verdict = rules(
      { metrics: [reading('cpu-throttled-ratio', 0.6), reading('cpu-cores', 0.9), reading('latency-p99-seconds', 2)] },
      ['CPUThrottlingHigh'],
    );
    expect(verdict).toMatchObject({ category: 'saturation', action: { type: 'scale', replicas: 4 } });
  });
  it('without PromQL the agent says it cannot tell', () => {
    const verdict = rules({ metrics: [] }, ['CPUThrottlingHigh']);
    expect(verdict.category).toBe('cpu-throttling');
    expect(verdict.rootCause).toContain('cannot tell');
    expect(verdict.rootCause).toContain('no PromQL is configured');
  });
  it('the throttling rule reads only CPUThrottlingHigh incidents', () => {
    expect(rules({ metrics: throttled }).category).toBe('unknown');
  });
});

describe('an HPA owns the replicas', () => {
  it('saturation on a Deployment an HPA targets → no scale, the HPA named', () => {
    const verdict = rules({
      metrics: [
        reading('cpu-cores', 0.9),
        reading('latency-p99-seconds', 2),
        reading('hpa-targets', 1, { horizontalpodautoscaler: 'cart-hpa' }),
      ],
    });
    expect(verdict.category).toBe('saturation');
    expect(verdict.action.type).toBe('none');
    expect(verdict.rootCause).toContain('cart-hpa');
  });
  it('the HPA read from the API is enough (no kube-state-metrics series)', () => {
    const verdict = rules({
      metrics: [reading('cpu-cores', 0.9), reading('latency-p99-seconds', 2)],
      autoscalers: [{ name: 'cart-api-hpa', minReplicas: 2, maxReplicas: 6, currentReplicas: 6, desiredReplicas: 6 }],
    });
    expect(verdict.category).toBe('saturation');
    expect(verdict.action.type).toBe('none');
    expect(verdict.findings).toContain('HPA cart-api-hpa: 2–6 replicas, desired 6');
  });
  it('without any HPA the same saturation scales', () => {
    const verdict = rules({ metrics: [reading('cpu-cores', 0.9), reading('latency-p99-seconds', 2)] });
    expect(verdict.action.type).toBe('scale');
  });
});
