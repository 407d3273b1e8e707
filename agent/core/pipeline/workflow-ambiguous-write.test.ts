/**
 * Issue 12, defect 1: a write whose reply is lost (the PATCH landed) and whose follow-up reads
 * fail was recorded as "nothing was changed" while the rollback was live. Now the agent re-reads
 * until it knows (then verifies, and undoes if needed), or says plainly the cluster state is unknown.
 * Each case asserts on the simulator's write log (what really reached the cluster) and on the record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alert, badRollout, events, type Harness, incidentFor, NAMESPACE, startHarness } from './test-harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const PATH = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`;
const labels = { alertname: 'DeploymentReplicasUnavailable', namespace: NAMESPACE, deployment: 'cartservice' };
const patches = () => harness.writes().filter((write) => write.path === PATH);

type Fault = Parameters<Harness['simulator']['cluster']['injectFault']>[0];

/** A persist that injects `faults` the moment the intent is journaled, i.e. right before the write. */
function atIntent(...faults: Fault[]) {
  let injected = false;
  return async (incident: Parameters<Harness['persist']>[0]) => {
    await harness.persist(incident);
    if (!injected && incident.execution?.phase === 'intent-recorded') {
      injected = true;
      for (const fault of faults) harness.simulator.cluster.injectFault(fault);
    }
  };
}

/** The rollback PATCH lands but its reply is lost; then `failedReads` reads of the Deployment fail. */
const replyLost = (failedReads: number) =>
  atIntent(
    { kind: 'api', method: 'PATCH', path: PATH, times: 1, response: { type: 'reply-lost' } },
    { kind: 'api', method: 'GET', path: PATH, times: failedReads, response: { type: 'error', status: 500 } },
  );

const liveImage = () =>
  harness.simulator.cluster.getDeployment(NAMESPACE, 'cartservice')?.spec?.template.spec?.containers[0]?.image;

describe('an ambiguous write', () => {
  it('reply lost, a few reads fail: the agent finds its write live, never repeats it, verifies it', async () => {
    badRollout(harness);
    const before = patches().length;
    const incident = await harness.workflow().run(incidentFor([alert(labels)]), replyLost(4));
    expect(patches().length - before).toBe(1);
    expect(liveImage()).toBe('cartservice:v1');
    expect(incident.status).toBe('resolved');
    expect(incident.execution?.phase).toBe('verified');
    expect(JSON.stringify(incident.timeline)).not.toContain('nothing was changed');
  });

  it('reply lost, every read fails: the record says the state is unknown, never "nothing was changed"', async () => {
    badRollout(harness);
    const before = patches().length;
    const incident = await harness.workflow().run(incidentFor([alert(labels)]), replyLost(1000));
    // The cluster: the rollback is live (one PATCH landed).
    expect(patches().length - before).toBe(1);
    expect(liveImage()).toBe('cartservice:v1');
    // The record: honest about it.
    expect(incident.status).toBe('needs-human');
    expect(incident.execution?.phase).toBe('outcome-unknown');
    expect(events(incident)).toContain('action-outcome-unknown');
    const text = JSON.stringify(incident.timeline);
    expect(text).not.toContain('nothing was changed');
    expect(text).toContain('may have been applied');
  });

  it('a PATCH refused before it lands (500) with reads failing: still honest, and nothing was written', async () => {
    badRollout(harness);
    const before = patches().length;
    const incident = await harness
      .workflow()
      .run(
        incidentFor([alert(labels)]),
        atIntent(
          { kind: 'api', method: 'PATCH', path: PATH, times: 10, response: { type: 'error', status: 500 } },
          { kind: 'api', method: 'GET', path: PATH, times: 1000, response: { type: 'error', status: 500 } },
        ),
      );
    expect(patches().length - before).toBe(0);
    expect(liveImage()).toBe('cartservice:v2');
    expect(incident.status).toBe('needs-human');
    // A 500 may come after the write was stored: the agent cannot know, so it must not claim either way.
    expect(JSON.stringify(incident.timeline)).not.toContain('nothing was changed');
  });

  it('a write refused outright (409 on every attempt, reads fine): "not applied" is the truth and is said', async () => {
    badRollout(harness);
    const before = patches().length;
    const incident = await harness
      .workflow()
      .run(
        incidentFor([alert(labels)]),
        atIntent({ kind: 'api', method: 'PATCH', path: PATH, times: 10, response: { type: 'conflict' } }),
      );
    expect(patches().length - before).toBe(0);
    expect(liveImage()).toBe('cartservice:v2');
    expect(incident.status).toBe('needs-human');
    expect(JSON.stringify(incident.timeline)).toContain('was not applied');
  });
});

describe('the post-mortem of an ambiguous write', () => {
  it('says the cluster state is unknown, not that nothing was changed', async () => {
    const { renderPostMortem } = await import('../reports/post-mortem.js');
    badRollout(harness);
    const incident = await harness.workflow().run(incidentFor([alert(labels)]), replyLost(1000));
    const text = renderPostMortem(incident);
    expect(text).toContain('the cluster state is unknown');
    expect(text).not.toContain('changed nothing');
  });
});
