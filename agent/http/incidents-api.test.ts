/* eslint-disable @typescript-eslint/no-unsafe-call -- JSON bodies from the API are untyped here */
/**
 * The incidents API, approval flow, a crashing workflow, and durability across a restart:
 * an agent is stopped mid-incident (its workflow never returns, as in a crash) and a new agent on
 * the same data directory resumes exactly the unfinished incidents.
 */
import { readFile, rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../app.js';
import { RecordingWorkflow } from '../core/intake/recording-workflow.js';
import { alert, getJson, listIncidents, payload, post, startTestAgent } from '../core/intake/test-support.js';

const TOKEN = 'approval-token-for-tests-0123456789';
const started: (RunningAgent & { dataDirectory: string })[] = [];
afterEach(async () => {
  for (const agent of started.splice(0)) {
    await agent.close();
    await rm(agent.dataDirectory, { recursive: true, force: true });
  }
});

async function track<T extends RunningAgent & { dataDirectory: string }>(agent: Promise<T>): Promise<T> {
  const running = await agent;
  started.push(running);
  return running;
}

const approve = (agent: RunningAgent, id: string, verb: 'approve' | 'reject', token?: string) =>
  fetch(`${agent.url}/api/incidents/${id}/${verb}`, {
    method: 'POST',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

describe('incidents API', () => {
  it('lists newest first and answers 404 for an unknown id', async () => {
    const agent = await track(startTestAgent({ workflow: new RecordingWorkflow() }));
    await post(agent, payload(alert({ deployment: 'first' })));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await post(agent, payload(alert({ deployment: 'second' })));
    await agent.idle();
    const list = (await listIncidents(agent)) as { target: { name: string }; status: string }[];
    expect(list.map((incident) => incident.target.name)).toEqual(['second', 'first']);
    expect(list.every((incident) => incident.status === 'resolved')).toBe(true);
    const missing = await fetch(`${agent.url}/api/incidents/inc-nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: 'INCIDENT_NOT_FOUND' });
  });

  it('approval: needs the token, only applies to incidents awaiting approval, then continues', async () => {
    const workflow = new RecordingWorkflow({ outcome: () => 'awaiting-approval' });
    const agent = await track(
      startTestAgent({ workflow, environment: { AGENT_MODE: 'approval', AGENT_WEBHOOK_TOKEN: TOKEN } }),
    );
    const created = await post(agent, payload(alert()), { authorization: `Bearer ${TOKEN}` });
    const id = created.body['alerts'][0].incidentId as string;
    await agent.idle();
    expect((await getJson(agent, `/api/incidents/${id}`, { authorization: `Bearer ${TOKEN}` })).status).toBe(
      'awaiting-approval',
    );

    expect((await approve(agent, id, 'approve')).status).toBe(401);
    expect((await approve(agent, 'inc-unknown', 'approve', TOKEN)).status).toBe(404);
    const accepted = await approve(agent, id, 'approve', TOKEN);
    expect(accepted.status).toBe(202);
    await agent.idle();
    expect(workflow.runsOf('approve')).toEqual([id]);
    expect((await getJson(agent, `/api/incidents/${id}`, { authorization: `Bearer ${TOKEN}` })).status).toBe(
      'resolved',
    );
    const twice = await approve(agent, id, 'approve', TOKEN);
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as { message: string }).message).toContain('is resolved');
  });

  it('reject ends the incident without acting', async () => {
    const workflow = new RecordingWorkflow({ outcome: () => 'awaiting-approval' });
    const agent = await track(startTestAgent({ workflow }));
    const id = (await post(agent, payload(alert()))).body['alerts'][0].incidentId as string;
    await agent.idle();
    expect((await approve(agent, id, 'reject')).status).toBe(202);
    await agent.idle();
    expect(workflow.runsOf('reject')).toEqual([id]);
    expect(workflow.runsOf('approve')).toEqual([]);
    expect((await getJson(agent, `/api/incidents/${id}`, { authorization: `Bearer ${TOKEN}` })).status).toBe(
      'no-action',
    );
  });

  it('a workflow that throws leaves the incident needs-human, with the reason, and a post-mortem that says so', async () => {
    const agent = await track(startTestAgent({ workflow: new RecordingWorkflow({ outcome: () => 'throw' }) }));
    const id = (await post(agent, payload(alert()))).body['alerts'][0].incidentId as string;
    await agent.idle();
    const incident = await getJson(agent, `/api/incidents/${id}`);
    expect(incident.status).toBe('needs-human');
    expect(incident.timeline.map((entry: { event: string }) => entry.event)).toEqual(
      expect.arrayContaining(['workflow-crashed', 'post-mortem-written']),
    );
    const report = await readFile(incident.postMortemPath as string, 'utf8');
    expect(report).toContain('**Status: needs-human.**');
    expect(report).toContain('evidence source exploded');
  });

  it('a failed incident is counted as failed and its post-mortem says failed', async () => {
    const agent = await track(startTestAgent({ workflow: new RecordingWorkflow({ outcome: () => 'failed' }) }));
    const id = (await post(agent, payload(alert()))).body['alerts'][0].incidentId as string;
    await agent.idle();
    const incident = await getJson(agent, `/api/incidents/${id}`);
    expect(await readFile(incident.postMortemPath as string, 'utf8')).toContain('**Status: failed.**');
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();
    expect(metrics).toContain('ai4all_sre_incidents_total{outcome="failed"} 1');
    expect(metrics).not.toContain('outcome="resolved"');
  });
});

describe('durability across a restart', () => {
  it('resumes unfinished incidents (and only those) after a crash mid-incident', async () => {
    const crashing = new RecordingWorkflow({ hold: true });
    const first = await startTestAgent({ workflow: crashing, environment: { AGENT_CONCURRENCY: '1' } });
    const acting = (await post(first, payload(alert({ deployment: 'acting' })))).body['alerts'][0].incidentId as string;
    const queued = (await post(first, payload(alert({ deployment: 'queued' })))).body['alerts'][0].incidentId as string;
    // The workflow never returns (held forever): stopping the agent now is a crash mid-incident.
    await first.close();
    expect(crashing.runsOf('run')).toEqual([acting]);

    const survivor = new RecordingWorkflow();
    const second = await track(
      startTestAgent({
        workflow: survivor,
        dataDirectory: first.dataDirectory,
        environment: { AGENT_CONCURRENCY: '1' },
      }),
    );
    await second.idle();
    expect(survivor.runsOf('resume')).toEqual([acting]);
    expect(survivor.calls.find((call) => call.stage === 'resume')?.status).toBe('acting');
    expect(survivor.runsOf('run')).toEqual([queued]);
    const statuses = ((await listIncidents(second)) as { id: string; status: string }[]).map((incident) => [
      incident.id,
      incident.status,
    ]);
    expect(statuses).toEqual([
      [queued, 'resolved'],
      [acting, 'resolved'],
    ]);

    // A third start finds nothing left to do: finished incidents are never resumed or re-run.
    await second.close();
    started.splice(0);
    const idleWorkflow = new RecordingWorkflow();
    const third = await track(startTestAgent({ workflow: idleWorkflow, dataDirectory: first.dataDirectory }));
    await third.idle();
    expect(idleWorkflow.calls).toEqual([]);
    expect(await listIncidents(third)).toHaveLength(2);
  });
});
