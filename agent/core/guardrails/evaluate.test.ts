import { describe, expect, it } from 'vitest';
import { SYSTEM_NAMESPACES } from '../../../catalog/action-catalog.js';
import type { Action } from '../../domain/action.js';
import type { WorkloadRef } from '../../domain/workload.js';
import { evaluate, type GuardrailContext } from './evaluate.js';
import { GUARDRAIL_REASONS as R } from './reason-codes.js';

const cart: WorkloadRef = { namespace: 'shop', kind: 'Deployment', name: 'cart' };
const now = new Date('2026-11-24T10:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

function context(overrides: Partial<GuardrailContext> = {}): GuardrailContext {
  return {
    mode: 'autonomous',
    namespaces: ['shop'],
    maxReplicas: 10,
    cooldownMilliseconds: 10 * 60_000,
    hourlyActionBudget: 3,
    now,
    incidentId: 'inc-1',
    alertedTarget: cart,
    alertStatus: 'firing',
    currentReplicas: 2,
    autoscalers: [],
    currentRevision: 3,
    history: { applied: [], inFlight: [] },
    approved: false,
    ...overrides,
  };
}

const codes = (action: Action, overrides: Partial<GuardrailContext> = {}) =>
  evaluate(action, context(overrides)).reasons.map((reason) => reason.code);

describe('guardrails: allowed only when every check passes', () => {
  it.each<Action>([
    { type: 'restart', target: cart },
    { type: 'scale', target: cart, replicas: 4 },
    { type: 'scale', target: cart, replicas: 1 },
    { type: 'rollback', target: cart },
    { type: 'rollback', target: cart, toRevision: 2 },
  ])('allows %j in autonomous mode', (action) => {
    expect(evaluate(action, context())).toEqual({
      outcome: 'allowed',
      reasons: [{ code: R.allowed, message: expect.any(String) }],
    });
  });

  it('denies a proposal of no action', () => {
    expect(evaluate({ type: 'none', reason: 'victim' }, context()).outcome).toBe('denied');
  });

  it('denies unknown action types and malformed targets from untrusted input', () => {
    const hostile = [
      { type: 'delete', target: cart },
      { type: 'exec', target: cart, command: 'rm -rf /' },
      null,
      'restart',
      { type: 'restart' },
      { type: 'restart', target: { ...cart, kind: 'StatefulSet' } },
      { type: 'restart', target: { ...cart, name: 'cart; kubectl delete ns shop' } },
      { type: 'restart', target: { ...cart, namespace: '' } },
    ];
    for (const action of hostile) {
      const decision = evaluate(action as unknown as Action, context());
      expect(decision.outcome, JSON.stringify(action)).toBe('denied');
      expect(decision.reasons[0]?.code).toMatch(/unknown-action-type|invalid-target/);
    }
  });
});

describe('guardrails: target and namespace', () => {
  it('denies acting on any workload but the alerted one', () => {
    expect(codes({ type: 'restart', target: { ...cart, name: 'frontend' } })).toContain(R.targetMismatch);
    expect(
      codes({ type: 'restart', target: { ...cart, namespace: 'other' } }, { namespaces: ['shop', 'other'] }),
    ).toContain(R.targetMismatch);
  });

  it('denies everything when the alert named no workload', () => {
    expect(codes({ type: 'restart', target: cart }, { alertedTarget: null })).toEqual([R.noAlertedTarget]);
  });

  it('hard-denies every system namespace even when allowlisted and alerted', () => {
    for (const namespace of [...SYSTEM_NAMESPACES, 'kube-anything']) {
      const target = { ...cart, namespace };
      expect(codes({ type: 'restart', target }, { namespaces: [namespace], alertedTarget: target })).toEqual([
        R.systemNamespace,
      ]);
    }
  });

  it('denies namespaces outside the allowlist, and everything with an empty allowlist', () => {
    expect(codes({ type: 'restart', target: cart }, { namespaces: ['payments'] })).toEqual([R.namespaceNotAllowlisted]);
    expect(codes({ type: 'restart', target: cart }, { namespaces: [] })).toEqual([R.namespaceNotAllowlisted]);
  });

  it('never acts on a resolved alert', () => {
    expect(codes({ type: 'restart', target: cart }, { alertStatus: 'resolved' })).toEqual([R.alertResolved]);
  });
});

describe('guardrails: replicas', () => {
  const scale = (replicas: number): Action => ({ type: 'scale', target: cart, replicas });

  it.each([
    [0, R.replicasBelowMinimum],
    [-1, R.replicasBelowMinimum],
    [1000, R.replicasAboveMaximum],
    [11, R.replicasAboveMaximum],
    [5, R.replicasMoreThanDouble],
    [2, R.replicasUnchanged],
    [2.5, R.replicasInvalid],
    [Number.NaN, R.replicasInvalid],
    [Number.POSITIVE_INFINITY, R.replicasInvalid],
  ])('denies %s replicas (current 2, max 10) with %s', (replicas, code) => {
    expect(codes(scale(replicas))).toContain(code);
    expect(evaluate(scale(replicas), context()).outcome).toBe('denied');
  });

  it('allows exactly double and scaling down to 1, and from 0 up to 1', () => {
    expect(evaluate(scale(4), context()).outcome).toBe('allowed');
    expect(evaluate(scale(1), context()).outcome).toBe('allowed');
    expect(evaluate(scale(1), context({ currentReplicas: 0 })).outcome).toBe('allowed');
    expect(codes(scale(2), { currentReplicas: 0 })).toEqual([R.replicasMoreThanDouble]);
  });

  it('allows the maximum only when it is within double', () => {
    expect(evaluate(scale(10), context({ currentReplicas: 5 })).outcome).toBe('allowed');
    expect(codes(scale(10), { currentReplicas: 4 })).toEqual([R.replicasMoreThanDouble]);
  });

  it('denies scaling when the current count is unknown', () => {
    expect(codes(scale(3), { currentReplicas: null })).toEqual([R.currentStateUnknown]);
  });

  it('denies scaling a Deployment an HPA owns, or when that cannot be read; other actions are unaffected', () => {
    expect(codes(scale(3), { autoscalers: ['cart-hpa'] })).toEqual([R.autoscalerOwnsReplicas]);
    expect(evaluate(scale(3), context({ autoscalers: ['cart-hpa'] })).reasons[0]?.message).toContain('cart-hpa');
    expect(codes(scale(3), { autoscalers: null })).toEqual([R.autoscalerUnknown]);
    // Approval does not lift it: the HPA would undo the change whoever approved it.
    expect(codes(scale(3), { autoscalers: ['cart-hpa'], mode: 'approval', approved: true })).toEqual([
      R.autoscalerOwnsReplicas,
    ]);
    expect(evaluate({ type: 'restart', target: cart }, context({ autoscalers: ['cart-hpa'] })).outcome).toBe('allowed');
    expect(evaluate({ type: 'rollback', target: cart }, context({ autoscalers: null })).outcome).toBe('allowed');
  });

  it('rejects a rollback revision that is not older than the live one', () => {
    expect(codes({ type: 'rollback', target: cart, toRevision: 3 })).toEqual([R.rollbackRevisionInvalid]);
    expect(codes({ type: 'rollback', target: cart, toRevision: 0 })).toEqual([R.rollbackRevisionInvalid]);
  });
});

describe('guardrails: history', () => {
  const restart: Action = { type: 'restart', target: cart };
  const applied = (minutes: number, incidentId = 'inc-0', target = cart) => ({
    incidentId,
    type: 'restart' as const,
    target,
    at: minutesAgo(minutes),
  });

  it('enforces the per-workload cooldown, not across workloads', () => {
    expect(codes(restart, { history: { applied: [applied(5)], inFlight: [] } })).toEqual([R.cooldownActive]);
    expect(evaluate(restart, context({ history: { applied: [applied(11)], inFlight: [] } })).outcome).toBe('allowed');
    const other = { ...cart, name: 'checkout' };
    expect(
      evaluate(restart, context({ history: { applied: [applied(1, 'inc-0', other)], inFlight: [] } })).outcome,
    ).toBe('allowed');
  });

  it('enforces the hourly budget across workloads', () => {
    const other = { ...cart, name: 'checkout' };
    const history = {
      applied: [applied(20, 'a', other), applied(30, 'b', other), applied(59, 'c', other)],
      inFlight: [],
    };
    expect(codes(restart, { history })).toEqual([R.hourlyBudgetExhausted]);
    const older = {
      applied: [applied(20, 'a', other), applied(30, 'b', other), applied(61, 'c', other)],
      inFlight: [],
    };
    expect(evaluate(restart, context({ history: older })).outcome).toBe('allowed');
    expect(codes(restart, { hourlyActionBudget: 0 })).toEqual([R.hourlyBudgetExhausted]);
  });

  it('allows one action at a time per workload', () => {
    expect(codes(restart, { history: { applied: [], inFlight: [{ incidentId: 'inc-9', target: cart }] } })).toEqual([
      R.actionInFlight,
    ]);
  });

  it("ignores the incident's own recorded intent (resume after restart)", () => {
    const history = { applied: [applied(1, 'inc-1')], inFlight: [{ incidentId: 'inc-1', target: cart }] };
    expect(evaluate(restart, context({ history })).outcome).toBe('allowed');
  });
});

describe('guardrails: modes', () => {
  const restart: Action = { type: 'restart', target: cart };
  it('dry-run never allows a write', () => {
    expect(codes(restart, { mode: 'dry-run' })).toEqual([R.dryRun]);
    expect(evaluate(restart, context({ mode: 'dry-run', approved: true })).outcome).toBe('denied');
  });
  it('approval mode waits for approval, then allows', () => {
    expect(evaluate(restart, context({ mode: 'approval' })).outcome).toBe('needs-approval');
    expect(evaluate(restart, context({ mode: 'approval', approved: true })).outcome).toBe('allowed');
  });
  it('a model proposal the rules contest needs a human even in autonomous mode', () => {
    const contested = 'the rules found the workload is a victim of a failing dependency';
    expect(evaluate(restart, context({ contested }))).toEqual({
      outcome: 'needs-approval',
      reasons: [{ code: R.contested, message: contested }],
    });
    expect(evaluate(restart, context({ contested, approved: true })).outcome).toBe('allowed');
    expect(codes(restart, { contested, mode: 'approval' })).toEqual([R.approvalRequired, R.contested]);
    expect(codes(restart, { contested, mode: 'dry-run' })).toEqual([R.dryRun]);
    expect(codes(restart, { contested, namespaces: [] })).toEqual([R.namespaceNotAllowlisted]);
  });

  it('a denial wins over approval', () => {
    expect(evaluate(restart, context({ mode: 'approval', approved: true, namespaces: [] })).outcome).toBe('denied');
  });
});

describe('guardrails: exhaustive combinations', () => {
  it('allows iff every independent condition holds', () => {
    const targets = [cart, { ...cart, name: 'frontend' }, { ...cart, namespace: 'kube-system' }];
    const actions: Action[] = targets.flatMap((target) => [
      { type: 'restart', target },
      { type: 'rollback', target },
      ...[0, 1, 3, 4, 5, 11].map((replicas): Action => ({ type: 'scale', target, replicas })),
    ]);
    const modes = ['autonomous', 'approval', 'dry-run'] as const;
    let allowedCount = 0;
    let total = 0;
    for (const action of actions)
      for (const mode of modes)
        for (const approved of [false, true])
          for (const alertStatus of ['firing', 'resolved'] as const)
            for (const namespaces of [['shop'], ['shop', 'kube-system'], []])
              for (const cooling of [false, true])
                for (const inFlight of [false, true])
                  for (const autoscalers of [[], ['cart-hpa'], null]) {
                    total += 1;
                    const decision = evaluate(
                      action,
                      context({
                        mode,
                        approved,
                        alertStatus,
                        namespaces,
                        autoscalers,
                        history: {
                          applied: cooling
                            ? [{ incidentId: 'x', type: 'restart', target: cart, at: minutesAgo(1) }]
                            : [],
                          inFlight: inFlight ? [{ incidentId: 'y', target: cart }] : [],
                        },
                      }),
                    );
                    const target = action.type === 'none' ? null : action.target;
                    const replicasOk =
                      action.type !== 'scale' || ([1, 3, 4].includes(action.replicas) && autoscalers?.length === 0);
                    const expectAllowed =
                      target !== null &&
                      target.name === 'cart' &&
                      target.namespace === 'shop' &&
                      namespaces.includes('shop') &&
                      replicasOk &&
                      alertStatus === 'firing' &&
                      !cooling &&
                      !inFlight &&
                      (mode === 'autonomous' || (mode === 'approval' && approved));
                    expect(
                      decision.outcome === 'allowed',
                      JSON.stringify({
                        action,
                        mode,
                        approved,
                        alertStatus,
                        namespaces,
                        cooling,
                        inFlight,
                        autoscalers,
                      }),
                    ).toBe(expectAllowed);
                    expect(decision.reasons.length).toBeGreaterThan(0);
                    if (decision.outcome === 'allowed') allowedCount += 1;
                  }
    expect(total).toBe(actions.length * 3 * 2 * 2 * 3 * 2 * 2 * 3);
    expect(allowedCount).toBeGreaterThan(0);
  });
});
