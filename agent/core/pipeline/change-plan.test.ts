import { describe, expect, it } from 'vitest';
import type { DeploymentSnapshot, ReplicaSetSnapshot } from '../../ports/cluster.js';
import { canonical, isChangeLive, isUndoLive, planChange, sameTemplate, withoutHash } from './change-plan.js';
import { rolloutState } from './rollout-wait.js';

const target = { namespace: 'shop', kind: 'Deployment' as const, name: 'cart' };
const template = (image: string, hash: string) => ({
  metadata: { labels: { app: 'cart', 'pod-template-hash': hash } },
  spec: { containers: [{ name: 'server', image }] },
});

function deployment(overrides: Partial<DeploymentSnapshot> = {}): DeploymentSnapshot {
  return {
    ref: target,
    uid: 'u1',
    resourceVersion: '100',
    generation: 4,
    createdAt: null,
    replicas: 3,
    selector: { app: 'cart' },
    revision: 3,
    template: { metadata: { labels: { app: 'cart' } }, spec: { containers: [{ name: 'server', image: 'cart:v3' }] } },
    restartAnnotation: null,
    images: ['cart:v3'],
    paused: false,
    status: {
      observedGeneration: 4,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 0,
      conditions: [],
    },
    ...overrides,
  };
}

function replicaSet(revision: number, image: string): ReplicaSetSnapshot {
  return {
    name: `cart-${revision}`,
    namespace: 'shop',
    revision,
    createdAt: null,
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    podTemplateHash: `h${revision}`,
    images: [image],
    template: template(image, `h${revision}`),
  };
}

const sets = [replicaSet(1, 'cart:v1'), replicaSet(3, 'cart:v3'), replicaSet(2, 'cart:v2')];
const now = new Date('2026-11-24T10:00:00Z');

describe('planning a change', () => {
  it('rollback restores the newest older revision minus pod-template-hash, and records the live template', () => {
    const plan = planChange({ type: 'rollback', target }, deployment(), sets, now);
    expect(plan.ok && plan.change).toEqual({
      type: 'rollback',
      toRevision: 2,
      template: withoutHash(template('cart:v2', 'h2')),
    });
    expect(plan.ok && JSON.stringify(plan.change)).not.toContain('pod-template-hash');
    expect(plan.ok && plan.undo).toEqual({ type: 'rollback', target, previousTemplate: deployment().template });
  });

  it('rollback to an explicit older revision, and refuses one that is not kept or not older', () => {
    const plan = planChange({ type: 'rollback', target, toRevision: 1 }, deployment(), sets, now);
    expect(plan.ok && plan.change.type === 'rollback' && plan.change.toRevision).toBe(1);
    expect(planChange({ type: 'rollback', target, toRevision: 7 }, deployment(), sets, now).ok).toBe(false);
    expect(planChange({ type: 'rollback', target }, deployment(), [replicaSet(3, 'cart:v3')], now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('nothing to roll back to'),
    });
  });

  it('restart sets a timestamp and remembers the previous annotation; scale remembers the replicas', () => {
    expect(planChange({ type: 'restart', target }, deployment({ restartAnnotation: 'old' }), [], now)).toEqual({
      ok: true,
      change: { type: 'restart', annotation: now.toISOString() },
      undo: { type: 'restart', target, previousAnnotation: 'old' },
    });
    expect(planChange({ type: 'scale', target, replicas: 5 }, deployment(), [], now)).toEqual({
      ok: true,
      change: { type: 'scale', replicas: 5 },
      undo: { type: 'scale', target, previousReplicas: 3 },
    });
  });

  it('refuses a restart or rollback of a paused Deployment (it would never roll out)', () => {
    expect(planChange({ type: 'restart', target }, deployment({ paused: true }), [], now).ok).toBe(false);
    expect(planChange({ type: 'rollback', target }, deployment({ paused: true }), sets, now).ok).toBe(false);
    expect(planChange({ type: 'scale', target, replicas: 4 }, deployment({ paused: true }), [], now).ok).toBe(true);
  });

  it('tells whether a change or its undo is live', () => {
    expect(isChangeLive({ type: 'scale', replicas: 5 }, deployment({ replicas: 5 }))).toBe(true);
    expect(isChangeLive({ type: 'scale', replicas: 5 }, deployment())).toBe(false);
    expect(isChangeLive({ type: 'restart', annotation: 'a' }, deployment({ restartAnnotation: 'a' }))).toBe(true);
    const rollback = { type: 'rollback' as const, toRevision: 2, template: withoutHash(template('cart:v2', 'h2')) };
    expect(isChangeLive(rollback, deployment({ template: template('cart:v2', 'h9') }))).toBe(true);
    expect(isChangeLive(rollback, deployment())).toBe(false);
    expect(isUndoLive({ type: 'restart', target, previousAnnotation: null }, deployment())).toBe(true);
  });

  it('compares templates independent of key order', () => {
    expect(canonical({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe('{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}');
    expect(sameTemplate({ spec: { a: 1, b: 2 } }, { spec: { b: 2, a: 1 } })).toBe(true);
    expect(sameTemplate({ spec: { a: 1 } }, { spec: { a: 2 } })).toBe(false);
  });
});

describe('rollout state', () => {
  it('is complete only when the generation is observed and every replica is updated and available', () => {
    expect(rolloutState(deployment(), 4)).toBe('complete');
    expect(rolloutState(deployment(), 5)).toBe('progressing');
    expect(rolloutState(deployment({ status: { ...deployment().status, updatedReplicas: 2 } }), 4)).toBe('progressing');
    expect(rolloutState(deployment({ status: { ...deployment().status, replicas: 4 } }), 4)).toBe('progressing');
  });
  it('fails on ProgressDeadlineExceeded', () => {
    const stalled = deployment({
      status: {
        ...deployment().status,
        updatedReplicas: 1,
        conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
      },
    });
    expect(rolloutState(stalled, 4)).toBe('failed');
  });
  it('ignores a ProgressDeadlineExceeded left from before the agent wrote, not one recorded after', () => {
    const writtenAt = Date.parse('2026-11-24T10:00:00.700Z');
    const stalledAt = (lastUpdateTime: string) =>
      deployment({
        status: {
          ...deployment().status,
          updatedReplicas: 1,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', lastUpdateTime }],
        },
      });
    expect(rolloutState(stalledAt('2026-11-24T09:58:12Z'), 4, writtenAt)).toBe('progressing');
    expect(rolloutState(stalledAt('2026-11-24T10:00:00Z'), 4, writtenAt)).toBe('failed');
    expect(rolloutState(stalledAt('2026-11-24T10:10:00Z'), 4, writtenAt)).toBe('failed');
  });
});
