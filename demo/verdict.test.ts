/**
 * The judging on hand-made observations: a good ending passes with its times measured from the
 * fault; every way of ending wrong is named.
 */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../agent/domain/incident.js';
import type { ScenarioObservation } from './run-scenario.js';
import { selectScenarios, type DemoScenario } from './scenarios.js';
import { judge } from './verdict.js';

const T0 = Date.parse('2026-11-24T09:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const [badRollout, dependencyOutage] = selectScenarios(['bad-rollout', 'dependency-outage']) as [
  DemoScenario,
  DemoScenario,
];

function incident(overrides: Partial<Incident>): Incident {
  return {
    id: 'inc-1',
    status: 'resolved',
    createdAt: at(150),
    updatedAt: at(180),
    alerts: [],
    target: { namespace: 'online-boutique', kind: 'Deployment', name: 'checkoutservice' },
    diagnosis: { category: 'bad-rollout', rootCause: 'rev 2 fails', confidence: 0.8, source: 'rules', findings: [] },
    action: {
      type: 'rollback',
      target: { namespace: 'online-boutique', kind: 'Deployment', name: 'checkoutservice' },
      toRevision: 1,
    },
    decision: { outcome: 'allowed', reasons: [] },
    undo: null,
    verification: null,
    timeline: [{ at: at(151), event: 'action-applied', message: 'applied' }],
    execution: {
      phase: 'verified',
      change: { type: 'rollback', toRevision: 1, template: {} },
      resourceVersionBefore: '10',
      intentAt: at(150),
      appliedAt: at(151),
      appliedResourceVersion: '11',
      appliedGeneration: 3,
    },
    postMortemPath: '/data/post-mortems/inc-1.md',
    ...overrides,
  } as Incident;
}

function observation(scenario: DemoScenario, overrides: Partial<ScenarioObservation> = {}): ScenarioObservation {
  return {
    scenario,
    startedAt: T0,
    endedAt: T0 + 200_000,
    alert: { name: scenario.expect.alert ?? 'none', at: T0 + 150_000 },
    alertResolvedAt: T0 + 165_000,
    incidents: [incident({})],
    writes: [
      {
        at: T0 + 151_000,
        method: 'PATCH',
        path: '/apis/apps/v1/namespaces/online-boutique/deployments/checkoutservice',
      },
    ],
    recoveredAt: T0 + 180_000,
    timedOut: false,
    ...overrides,
  };
}

describe('judge', () => {
  it('passes the expected ending and measures detect, act and recover from the fault', () => {
    expect(judge(observation(badRollout))).toMatchObject({
      passed: true,
      problems: [],
      action: 'rollback → rev 1',
      guardrail: 'allowed',
      detectSeconds: 150,
      actSeconds: 151,
      recoverSeconds: 180,
      postMortems: ['/data/post-mortems/inc-1.md'],
    });
  });

  it('fails writes on the victim of a dependency outage and writes outside the target', () => {
    const result = judge(
      observation(dependencyOutage, {
        incidents: [
          incident({
            status: 'no-action',
            target: { namespace: 'online-boutique', kind: 'Deployment', name: 'cartservice' },
            action: { type: 'none', reason: 'victim' },
          }),
        ],
        writes: [
          {
            at: T0 + 140_000,
            method: 'PATCH',
            path: '/apis/apps/v1/namespaces/online-boutique/deployments/redis-cart',
          },
        ],
      }),
    );
    expect(result.passed).toBe(false);
    expect(result.problems).toEqual([
      'the agent must not write here, but made 1 write(s)',
      'writes outside the target: PATCH /apis/apps/v1/namespaces/online-boutique/deployments/redis-cart',
    ]);
  });

  it('names a wrong alert, a second incident, a wrong ending, no recovery, a missing post-mortem and a timeout', () => {
    const result = judge(
      observation(badRollout, {
        alert: { name: 'DeploymentReplicasUnavailable', at: T0 + 300_000 },
        incidents: [incident({ status: 'failed', postMortemPath: null }), incident({ id: 'inc-2' })],
        recoveredAt: null,
        timedOut: true,
      }),
    );
    expect(result.problems).toEqual([
      'did not finish within 1800 simulated seconds',
      'expected alert DeploymentCrashLooping, got DeploymentReplicasUnavailable',
      'expected one incident, got 2',
      'expected the incident to end resolved, it ended failed',
      'checkoutservice did not recover',
      'no post-mortem for inc-1',
    ]);
    expect(result.recovered).toBe(false);
  });
});
