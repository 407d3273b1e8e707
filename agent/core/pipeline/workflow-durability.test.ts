import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeJournalLine } from '../../adapters/disk/incident-record.js';
import type { Incident } from '../../domain/incident.js';
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
const deploymentPatches = (name: string) =>
  harness.writes().filter((write) => write.path === `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${name}`);

/** A persist that fails (like a crash) on the first snapshot matching `when`. */
function crashingPersist(when: (incident: Incident) => boolean, options: { afterSaving?: boolean } = {}) {
  let crashed = false;
  return async (incident: Incident) => {
    if (!crashed && when(incident)) {
      crashed = true;
      if (options.afterSaving) await harness.persist(incident);
      throw new Error('simulated crash');
    }
    await harness.persist(incident);
  };
}

describe('resume after a restart mid-incident', () => {
  it('never repeats a write that landed before the crash; continues with verification', async () => {
    badRollout(harness);
    const before = deploymentPatches('cartservice').length;
    const incident = incidentFor([alert(labels('cartservice'))]);
    // Crash right after the write, before "applied" reaches the journal.
    await expect(
      harness.workflow().run(
        incident,
        crashingPersist((snapshot) => snapshot.execution?.phase === 'applied'),
      ),
    ).rejects.toThrow('simulated crash');
    const journaled = harness.stored.get(incident.id)!;
    expect(journaled.status).toBe('acting');
    expect(journaled.execution?.phase).toBe('intent-recorded');
    expect(deploymentPatches('cartservice').length).toBe(before + 1);

    const resumed = await harness.workflow().resume(journaled, harness.persist);

    expect(events(resumed)).toContain('action-found-applied');
    expect(resumed.status).toBe('resolved');
    expect(deploymentPatches('cartservice').length).toBe(before + 1);
  });

  it('applies a journaled intent that never reached the cluster, exactly once', async () => {
    badRollout(harness);
    const before = deploymentPatches('cartservice').length;
    const incident = incidentFor([alert(labels('cartservice'))]);
    // The intent reaches the journal, then the process dies before writing.
    await expect(
      harness.workflow().run(
        incident,
        crashingPersist((snapshot) => snapshot.execution?.phase === 'intent-recorded', { afterSaving: true }),
      ),
    ).rejects.toThrow('simulated crash');
    const journaled = harness.stored.get(incident.id)!;
    expect(journaled.execution?.phase).toBe('intent-recorded');
    expect(deploymentPatches('cartservice').length).toBe(before);

    const resumed = await harness.workflow().resume(journaled, harness.persist);

    expect(events(resumed)).toEqual(expect.arrayContaining(['action-not-applied', 'action-allowed', 'action-applied']));
    expect(resumed.status).toBe('resolved');
    expect(deploymentPatches('cartservice').length).toBe(before + 1);
  });

  it('an approved incident journaled by the previous version resumes without asking again, and acts once', async () => {
    badRollout(harness);
    const before = deploymentPatches('cartservice').length;
    const workflow = harness.workflow({ config: { mode: 'approval' } });
    const waiting = await workflow.run(incidentFor([alert(labels('cartservice'))]), harness.persist);
    await expect(
      workflow.approve(
        waiting,
        crashingPersist((snapshot) => snapshot.execution?.phase === 'intent-recorded', { afterSaving: true }),
      ),
    ).rejects.toThrow('simulated crash');
    const { approvedAt, verifiedAt: _verifiedAt, ...previousFormat } = harness.stored.get(waiting.id)!;
    expect(approvedAt).not.toBeNull();
    // The previous version kept the approval only as an 'approval-granted' event; its line is read back here.
    const decoded = decodeJournalLine(JSON.stringify({ v: 1, incident: previousFormat }));
    if (!decoded.ok || decoded.kind !== 'snapshot') throw new Error('the previous format must decode');
    expect(decoded.incident.approvedAt).toBe(approvedAt);

    const resumed = await workflow.resume(decoded.incident, harness.persist);

    expect(resumed.status).toBe('resolved');
    expect(events(resumed).filter((event) => event === 'approval-requested')).toHaveLength(1);
    expect(deploymentPatches('cartservice').length).toBe(before + 1);
  });

  it('re-runs an incident that crashed before recording any intent', async () => {
    badRollout(harness);
    const before = deploymentPatches('cartservice').length;
    const incident = incidentFor([alert(labels('cartservice'))]);
    await expect(
      harness.workflow().run(
        incident,
        crashingPersist((snapshot) => snapshot.execution?.phase === 'intent-recorded'),
      ),
    ).rejects.toThrow('simulated crash');
    const journaled = harness.stored.get(incident.id)!;
    expect(journaled.status).toBe('diagnosing');

    const resumed = await harness.workflow().resume(journaled, harness.persist);

    expect(resumed.status).toBe('resolved');
    expect(deploymentPatches('cartservice').length).toBe(before + 1);
  });

  it('resumes verification and undo from the journal without writing the action again', async () => {
    deploy(harness, 'checkout', 'checkout:v1', 2);
    harness.simulator.cluster.injectFault({
      kind: 'crash-loop',
      match: { namespace: NAMESPACE, deployment: 'checkout' },
      logLines: ['panic: runtime error: index out of range'],
    });
    harness.simulator.cluster.advance(120);
    const before = deploymentPatches('checkout').length;
    const incident = incidentFor([alert(labels('checkout'))]);
    const workflow = harness.workflow({
      config: { rollout: { deadlineMilliseconds: 40_000, pollMilliseconds: 5_000 } },
    });
    await expect(
      workflow.run(
        incident,
        crashingPersist((snapshot) => snapshot.execution?.phase === 'undoing'),
      ),
    ).rejects.toThrow('simulated crash');
    const journaled = harness.stored.get(incident.id)!;
    expect(journaled.execution?.phase).toBe('verification-failed');

    const resumed = await workflow.resume(journaled, harness.persist);

    expect(resumed.status).toBe('failed');
    expect(resumed.execution?.phase).toBe('undone');
    expect(deploymentPatches('checkout').length).toBe(before + 2);
  });
});

describe('journaling', () => {
  it('awaits every persist before moving on; each snapshot extends the previous timeline', async () => {
    badRollout(harness);
    let pending = 0;
    let overlapped = false;
    const snapshots: Incident[] = [];
    const slowPersist = async (incident: Incident) => {
      if (pending > 0) overlapped = true;
      pending += 1;
      const writesBefore = harness.writes().length;
      await new Promise((resolve) => setTimeout(resolve, 2));
      // Nothing may be written to the cluster while a snapshot is still being saved.
      expect(harness.writes().length).toBe(writesBefore);
      snapshots.push(structuredClone(incident));
      pending -= 1;
    };

    const result = await harness.workflow().run(incidentFor([alert(labels('cartservice'))]), slowPersist);

    expect(overlapped).toBe(false);
    expect(result.status).toBe('resolved');
    expect(snapshots.at(-1)).toEqual(result);
    for (let index = 1; index < snapshots.length; index += 1) {
      const previous = snapshots[index - 1]!.timeline;
      expect(snapshots[index]!.timeline.slice(0, previous.length)).toEqual(previous);
    }
    expect(snapshots.map((snapshot) => snapshot.status)).toEqual(
      expect.arrayContaining(['diagnosing', 'acting', 'verifying', 'resolved']),
    );
  });
});

describe('API faults', () => {
  it('retries a conflicting write with a fresh read', async () => {
    badRollout(harness);
    harness.simulator.cluster.injectFault({
      kind: 'api',
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`,
      times: 1,
      response: { type: 'conflict' },
    });

    const result = await harness.workflow().run(incidentFor([alert(labels('cartservice'))]), harness.persist);

    expect(result.status).toBe('resolved');
    const applied = result.timeline.find((entry) => entry.event === 'action-applied');
    expect(JSON.stringify(applied?.data)).toContain('409');
  });

  it('retries a 500 and succeeds', async () => {
    badRollout(harness);
    harness.simulator.cluster.injectFault({
      kind: 'api',
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`,
      times: 2,
      response: { type: 'error', status: 500 },
    });

    const result = await harness.workflow().run(incidentFor([alert(labels('cartservice'))]), harness.persist);

    expect(result.status).toBe('resolved');
  });

  it('gives up on a persistent 500 with a clear typed error and needs a human; nothing written', async () => {
    badRollout(harness);
    const before = deploymentPatches('cartservice').length;
    harness.simulator.cluster.injectFault({
      kind: 'api',
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`,
      response: { type: 'error', status: 500, message: 'etcdserver: leader changed' },
    });

    const result = await harness.workflow().run(incidentFor([alert(labels('cartservice'))]), harness.persist);

    expect(result.status).toBe('needs-human');
    expect(result.timeline.find((entry) => entry.event === 'action-failed')?.message).toMatch(/unavailable.*HTTP 500/);
    expect(deploymentPatches('cartservice').length).toBe(before);
  });

  it('bounds evidence reads that hang, and still decides', async () => {
    badRollout(harness);
    harness.simulator.cluster.injectFault({
      kind: 'api',
      method: 'GET',
      path: `/api/v1/namespaces/${NAMESPACE}/events`,
      response: { type: 'hang' },
    });

    const result = await harness.workflow().run(incidentFor([alert(labels('cartservice'))]), harness.persist);

    const gathered = result.timeline.find((entry) => entry.event === 'evidence-gathered');
    expect(JSON.stringify(gathered?.data)).toMatch(/events.*(timeout|timed out)/);
    expect(result.status).toBe('resolved');
  });

  it('times out a write that hangs, then finds it not applied and stops', async () => {
    badRollout(harness);
    const before = deploymentPatches('cartservice').length;
    harness.simulator.cluster.injectFault({
      kind: 'api',
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`,
      response: { type: 'hang' },
    });

    const result = await harness.workflow().run(incidentFor([alert(labels('cartservice'))]), harness.persist);

    expect(result.status).toBe('needs-human');
    expect(result.timeline.find((entry) => entry.event === 'action-failed')?.message).toContain('timeout');
    expect(deploymentPatches('cartservice').length).toBe(before);
  });
});

describe('modes, targets and resolved alerts', () => {
  it('never acts on a resolved alert', async () => {
    badRollout(harness);
    const before = harness.writes().length;
    const result = await harness
      .workflow()
      .run(incidentFor([alert(labels('cartservice'), { status: 'resolved' })]), harness.persist);
    expect(result.status).toBe('no-action');
    expect(harness.writes().length).toBe(before);
  });

  it('needs a human when the alert names no workload (no default target)', async () => {
    deploy(harness, 'frontend', 'frontend:v1');
    const before = harness.writes().length;
    const result = await harness
      .workflow()
      .run(incidentFor([alert({ alertname: 'KubeNodeNotReady', node: 'node-1' })]), harness.persist);
    expect(result.status).toBe('needs-human');
    expect(result.target).toBeNull();
    expect(harness.writes().length).toBe(before);
  });

  it('resolves a pod label through ReplicaSet to its Deployment', async () => {
    badRollout(harness);
    const pod = harness.simulator.cluster.podsOf(NAMESPACE, 'cartservice')[0]!.metadata.name;
    const result = await harness
      .workflow()
      .run(incidentFor([alert({ alertname: 'KubePodCrashLooping', namespace: NAMESPACE, pod })]), harness.persist);
    expect(result.target).toEqual({ namespace: NAMESPACE, kind: 'Deployment', name: 'cartservice' });
    expect(result.status).toBe('resolved');
  });

  it('dry-run decides but never writes', async () => {
    badRollout(harness);
    const before = harness.writes().length;
    const result = await harness
      .workflow({ config: { mode: 'dry-run' } })
      .run(incidentFor([alert(labels('cartservice'))]), harness.persist);
    expect(result.status).toBe('no-action');
    expect(result.decision?.reasons.map((reason) => reason.code)).toEqual(['dry-run-mode']);
    expect(events(result)).toContain('dry-run-skipped');
    expect(harness.writes().length).toBe(before);
  });

  it('approval mode waits; approve acts, reject blocks', async () => {
    badRollout(harness);
    badRollout(harness, 'emailservice');
    const before = harness.writes().length;
    const workflow = harness.workflow({ config: { mode: 'approval' } });

    const waiting = await workflow.run(incidentFor([alert(labels('cartservice'))]), harness.persist);
    expect(waiting.status).toBe('awaiting-approval');
    expect(waiting.decision?.outcome).toBe('needs-approval');
    expect(harness.writes().length).toBe(before);
    const approved = await workflow.approve(waiting, harness.persist);
    expect(approved.status).toBe('resolved');

    const other = await workflow.run(incidentFor([alert(labels('emailservice'))]), harness.persist);
    const afterApproval = harness.writes().length;
    const rejected = await workflow.reject(other, harness.persist);
    expect(rejected.status).toBe('blocked');
    expect(harness.writes().length).toBe(afterApproval);
  });

  it('acts once when two incidents about one workload run at the same time', async () => {
    badRollout(harness);
    const before = deploymentPatches('cartservice').length;
    const workflow = harness.workflow();
    const results = await Promise.all([
      workflow.run(incidentFor([alert(labels('cartservice'))]), harness.persist),
      workflow.run(
        incidentFor([alert({ ...labels('cartservice'), alertname: 'KubePodCrashLooping' })]),
        harness.persist,
      ),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['blocked', 'resolved']);
    const blocked = results.find((result) => result.status === 'blocked');
    expect(blocked?.decision?.reasons.map((reason) => reason.code)).toContain('action-in-flight');
    expect(deploymentPatches('cartservice').length).toBe(before + 1);
  });

  it('enforces the cooldown across incidents on one workload', async () => {
    badRollout(harness);
    const workflow = harness.workflow();
    const first = await workflow.run(incidentFor([alert(labels('cartservice'))]), harness.persist);
    expect(first.status).toBe('resolved');
    harness.simulator.cluster.injectFault({
      kind: 'crash-loop',
      match: { namespace: NAMESPACE, image: 'cartservice:v3' },
    });
    deploy(harness, 'cartservice', 'cartservice:v3');
    harness.simulator.cluster.advance(60);
    const before = harness.writes().length;
    const second = await workflow.run(incidentFor([alert(labels('cartservice'))]), harness.persist);
    expect(second.status).toBe('blocked');
    expect(second.decision?.reasons.map((reason) => reason.code)).toContain('cooldown-active');
    expect(harness.writes().length).toBe(before);
  });
});
