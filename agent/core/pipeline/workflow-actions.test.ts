import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESTART_ANNOTATION } from '../../../catalog/action-catalog.js';
import {
  alert,
  badRollout,
  deploy,
  events,
  type Harness,
  incidentFor,
  NAMESPACE,
  startHarness,
} from './test-harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const labels = (deployment: string) => ({
  alertname: 'DeploymentReplicasUnavailable',
  namespace: NAMESPACE,
  deployment,
});

describe('pipeline end to end through the simulator (rules only)', () => {
  it('rolls back a bad rollout to the previous revision and verifies', async () => {
    badRollout(harness);
    const before = harness.writes().length;

    const results: string[] = [];
    const result = await harness
      .workflow({
        telemetry: {
          actionResult: (type, outcome) => results.push(`${type}:${outcome}`),
          guardrailDenied: (code) => results.push(`denied:${code}`),
          modelRequest: () => undefined,
          modelFailure: () => undefined,
        },
      })
      .run(incidentFor([alert(labels('cartservice'))]), harness.persist);

    expect(results).toEqual(['rollback:applied', 'rollback:verified']);
    expect(result.diagnosis).toMatchObject({ category: 'bad-rollout', source: 'rules' });
    expect(result.action).toMatchObject({ type: 'rollback', toRevision: 1 });
    expect(result.decision?.outcome).toBe('allowed');
    expect(result.status, JSON.stringify(result.timeline, null, 1)).toBe('resolved');
    const writes = harness.writes().slice(before);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`,
    });
    expect(writes[0]?.contentType).toContain('json-patch');
    const live = harness.simulator.cluster.getDeployment(NAMESPACE, 'cartservice');
    expect(live?.spec.template.spec?.containers[0]?.image).toBe('cartservice:v1');
    expect(events(result)).toEqual(
      expect.arrayContaining([
        'target-resolved',
        'evidence-gathered',
        'diagnosis-made',
        'action-allowed',
        'action-intent-recorded',
        'action-applied',
        'rollout-complete',
        'verification-passed',
      ]),
    );
    // The intent was persisted before the write.
    const intent = harness.persisted.find((entry) => entry.incident.execution?.phase === 'intent-recorded');
    expect(intent?.incident.status).toBe('acting');
    expect(intent?.writesSoFar).toBe(before);
    expect(intent?.incident.undo?.type).toBe('rollback');
  });

  it('restarts a memory-leaking workload and verifies', async () => {
    deploy(harness, 'recommendation', 'recommendation:v1', 2);
    harness.simulator.cluster.injectFault({
      kind: 'memory-leak',
      match: { namespace: NAMESPACE, deployment: 'recommendation' },
      oomAfterSeconds: 20,
      transient: true,
    });
    harness.simulator.cluster.advance(60);

    const result = await harness.workflow().run(incidentFor([alert(labels('recommendation'))]), harness.persist);

    expect(result.diagnosis?.category).toBe('memory-leak');
    expect(result.action?.type).toBe('restart');
    expect(result.status, JSON.stringify(result.timeline, null, 1)).toBe('resolved');
    const writes = harness.writes().filter((write) => write.method !== 'GET');
    const patch = writes.at(-1);
    expect(patch?.contentType).toContain('merge-patch');
    expect(JSON.stringify(patch?.body)).toContain(RESTART_ANNOTATION);
  });

  it('does not call a restart that only hides a memory leak for a moment a recovery', async () => {
    deploy(harness, 'adservice', 'adservice:v1', 2);
    harness.simulator.cluster.injectFault({
      kind: 'memory-leak',
      match: { namespace: NAMESPACE, deployment: 'adservice' },
      oomAfterSeconds: 15,
    });
    harness.simulator.cluster.advance(60);

    const result = await harness.workflow().run(incidentFor([alert(labels('adservice'))]), harness.persist);

    expect(result.action?.type).toBe('restart');
    expect(result.verification?.outcome).toBe('failed');
    expect(result.verification?.details, result.verification?.details).toMatch(
      /restarted again|not ready|crash|not complete/,
    );
    expect(result.status).toBe('failed');
    expect(result.execution?.phase).toBe('undone');
  });

  it('undoes its restart when the workload does not recover and marks the incident failed', async () => {
    deploy(harness, 'checkout', 'checkout:v1', 2);
    harness.simulator.cluster.injectFault({
      kind: 'crash-loop',
      match: { namespace: NAMESPACE, deployment: 'checkout' },
      logLines: ['panic: assignment to entry in nil map', 'goroutine 1 [running]:'],
    });
    harness.simulator.cluster.advance(120);
    const before = harness.writes().length;
    const previous = harness.simulator.cluster.getDeployment(NAMESPACE, 'checkout')?.spec.template.metadata
      ?.annotations?.[RESTART_ANNOTATION];

    const result = await harness
      .workflow({ config: { rollout: { deadlineMilliseconds: 60_000, pollMilliseconds: 5_000 } } })
      .run(incidentFor([alert(labels('checkout'))]), harness.persist);

    expect(result.action?.type, JSON.stringify(result.diagnosis)).toBe('restart');
    expect(result.status, JSON.stringify(result.timeline, null, 1)).toBe('failed');
    expect(result.execution?.phase).toBe('undone');
    expect(events(result)).toEqual(
      expect.arrayContaining(['action-applied', 'undo-started', 'undo-applied', 'undo-complete']),
    );
    expect(harness.writes().slice(before)).toHaveLength(2);
    const live = harness.simulator.cluster.getDeployment(NAMESPACE, 'checkout');
    expect(live?.spec.template.metadata?.annotations?.[RESTART_ANNOTATION]).toBe(previous);
  });
});
