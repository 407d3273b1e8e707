/**
 * Fault suite: faults at every phase of the agent's write (before it lands, during it, reply lost,
 * after it), each with no follow-up failure, a few failed reads, and reads failing for good. Every
 * case checks the cluster (the simulator's write log and the live Deployment) against the incident
 * record: a record never claims a change that did not happen, and never "nothing was changed" (or
 * "not applied") when the change is live.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../domain/incident.js';
import {
  alert,
  badRollout,
  type Harness,
  incidentFor,
  NAMESPACE,
  startHarness,
} from '../core/pipeline/test-harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const PATH = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`;
const labels = { alertname: 'DeploymentReplicasUnavailable', namespace: NAMESPACE, deployment: 'cartservice' };
type Fault = Parameters<Harness['simulator']['cluster']['injectFault']>[0];

const PHASES: Record<string, Fault[]> = {
  before: [{ kind: 'api', method: 'PATCH', path: PATH, times: 10, response: { type: 'error', status: 500 } }],
  during: [{ kind: 'api', method: 'PATCH', path: PATH, times: 1, response: { type: 'hang' } }],
  'reply lost': [{ kind: 'api', method: 'PATCH', path: PATH, times: 1, response: { type: 'reply-lost' } }],
  after: [],
};
const FOLLOW_UPS: Record<string, number> = { none: 0, 'a few failed reads': 3, 'reads failing for good': 100_000 };

/** Injects the phase's faults when the intent is journaled (right before the write). */
function faultsAtIntent(faults: Fault[], failedReads: number) {
  let injected = false;
  return async (incident: Incident) => {
    await harness.persist(incident);
    if (!injected && incident.execution?.phase === 'intent-recorded') {
      injected = true;
      for (const fault of faults) harness.simulator.cluster.injectFault(fault);
      if (failedReads > 0) {
        harness.simulator.cluster.injectFault({
          kind: 'api',
          method: 'GET',
          path: PATH,
          times: failedReads,
          response: { type: 'error', status: 500 },
        });
      }
    }
  };
}

const APPLIED_PHASES = new Set(['applied', 'verified', 'verification-failed', 'undoing', 'undone', 'undo-failed']);

describe('faults at every write phase', () => {
  for (const [phase, faults] of Object.entries(PHASES)) {
    for (const [followUp, failedReads] of Object.entries(FOLLOW_UPS)) {
      it(`${phase}, ${followUp}: the record agrees with the cluster`, async () => {
        badRollout(harness);
        const before = harness.writes().filter((write) => write.path === PATH).length;
        const incident = await harness
          .workflow()
          .run(incidentFor([alert(labels)]), faultsAtIntent(faults, failedReads));
        const landed = harness.writes().filter((write) => write.path === PATH).length - before;
        const text = JSON.stringify(incident.timeline);
        // The cluster: the rollback was written at most once, whatever failed (and its undo at most once).
        expect(landed).toBeLessThanOrEqual(2);
        const phaseNow = incident.execution?.phase ?? 'none';
        if (landed === 0) {
          // Nothing reached the cluster: the record must not claim a change.
          expect(APPLIED_PHASES.has(phaseNow), phaseNow).toBe(false);
          expect(incident.status).not.toBe('resolved');
        } else {
          // The change reached the cluster: the record knows it, or says it cannot know.
          expect(APPLIED_PHASES.has(phaseNow) || phaseNow === 'outcome-unknown', phaseNow).toBe(true);
          expect(text).not.toContain('nothing was changed');
          expect(text).not.toContain('was not applied');
        }
        expect(['resolved', 'failed', 'needs-human']).toContain(incident.status);
        if (incident.status === 'resolved') {
          expect(
            harness.simulator.cluster.getDeployment(NAMESPACE, 'cartservice')?.spec?.template.spec?.containers[0]
              ?.image,
          ).toBe('cartservice:v1');
        }
      }, 60_000);
    }
  }
});
