/**
 * Issue 12, defect 6: every resumed action goes through the guardrails again, including undo
 * records read back from the journal (an injected undo scaled kube-system/coredns to 0 against the
 * fake API on resume). Asserts on the simulator's write log and on the incident record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../domain/incident.js';
import { makeDeployment } from '../../../simulator/kubernetes/index.js';
import { alert, deploy, events, incidentFor, NAMESPACE, startHarness, type Harness } from './test-harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const labels = { alertname: 'DeploymentReplicasUnavailable', namespace: NAMESPACE, deployment: 'cartservice' };
const target = { namespace: NAMESPACE, kind: 'Deployment' as const, name: 'cartservice' };

/** An incident as a tampered journal would return it: verification failed, an undo to restore. */
function tampered(
  undo: NonNullable<Incident['undo']>,
  action: Incident['action'] = { type: 'scale', target, replicas: 4 },
  changedTo = 4,
): Incident {
  const base = incidentFor([alert(labels)]);
  return {
    ...base,
    status: 'verifying',
    target,
    action,
    undo,
    execution: {
      phase: 'verification-failed',
      change: { type: 'scale', replicas: changedTo },
      resourceVersionBefore: '1',
      intentAt: '2026-11-24T10:00:00.000Z',
      appliedAt: '2026-11-24T10:00:01.000Z',
      appliedResourceVersion: '2',
      appliedGeneration: 2,
    },
  };
}

describe('resume re-checks the guardrails', () => {
  it('refuses an undo record pointing at kube-system/coredns: nothing is written', async () => {
    harness.simulator.cluster.applyDeployment(
      makeDeployment({ namespace: 'kube-system', name: 'coredns', image: 'coredns:1', replicas: 2 }),
    );
    deploy(harness, 'cartservice', 'cartservice:v1', 4);
    const before = harness.writes().length;
    // The forged change matches coredns' live replica count, so only a guardrail stands in the way.
    const incident = tampered(
      { type: 'scale', target: { namespace: 'kube-system', kind: 'Deployment', name: 'coredns' }, previousReplicas: 0 },
      { type: 'scale', target, replicas: 2 },
      2,
    );
    const resumed = await harness.workflow().resume(incident, harness.persist);
    expect(harness.writes().length).toBe(before);
    expect(harness.simulator.cluster.getDeployment('kube-system', 'coredns')?.spec?.replicas).toBe(2);
    expect(resumed.status).toBe('needs-human');
    expect(events(resumed)).toContain('undo-denied');
    expect(JSON.stringify(resumed.timeline)).toContain('system namespace');
  });

  it('refuses an undo to 0 replicas of the alerted workload itself', async () => {
    deploy(harness, 'cartservice', 'cartservice:v1', 4);
    const before = harness.writes().length;
    const resumed = await harness
      .workflow()
      .resume(tampered({ type: 'scale', target, previousReplicas: 0 }), harness.persist);
    expect(harness.writes().length).toBe(before);
    expect(harness.simulator.cluster.getDeployment(NAMESPACE, 'cartservice')?.spec?.replicas).toBe(4);
    expect(events(resumed)).toContain('undo-denied');
  });

  it('still applies a legitimate undo record on resume', async () => {
    deploy(harness, 'cartservice', 'cartservice:v1', 4);
    const resumed = await harness
      .workflow()
      .resume(tampered({ type: 'scale', target, previousReplicas: 3 }), harness.persist);
    expect(harness.simulator.cluster.getDeployment(NAMESPACE, 'cartservice')?.spec?.replicas).toBe(3);
    expect(resumed.status).toBe('failed');
  });

  it('re-decides a resumed intent that never reached the cluster: a forged action in kube-system is blocked', async () => {
    harness.simulator.cluster.applyDeployment(
      makeDeployment({ namespace: 'kube-system', name: 'coredns', image: 'coredns:1', replicas: 2 }),
    );
    harness.simulator.cluster.advance(30);
    const before = harness.writes().length;
    const forged = { namespace: 'kube-system', kind: 'Deployment' as const, name: 'coredns' };
    const incident: Incident = {
      ...tampered(
        { type: 'scale', target: forged, previousReplicas: 2 },
        { type: 'scale', target: forged, replicas: 0 },
      ),
      status: 'acting',
      target: forged,
      execution: {
        phase: 'intent-recorded',
        change: { type: 'scale', replicas: 0 },
        resourceVersionBefore: '1',
        intentAt: '2026-11-24T10:00:00.000Z',
        appliedAt: null,
        appliedResourceVersion: null,
        appliedGeneration: null,
      },
    };
    const resumed = await harness.workflow().resume(incident, harness.persist);
    expect(harness.writes().length).toBe(before);
    expect(resumed.status).toBe('blocked');
  });
});
