/**
 * `POST /api/incidents/:id/approve|reject` with `{by, comment}`: the incident records who decided
 * and why (via `api`); a malformed review is refused before anything happens; no body still works.
 */
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../app.js';
import { RecordingWorkflow } from '../core/intake/recording-workflow.js';
import { alert, getJson, payload, post, startTestAgent } from '../core/intake/test-support.js';

const TOKEN = 'review-api-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };
const started: (RunningAgent & { dataDirectory: string })[] = [];
afterEach(async () => {
  for (const agent of started.splice(0)) {
    await agent.close();
    await rm(agent.dataDirectory, { recursive: true, force: true });
  }
});

async function awaiting() {
  const workflow = new RecordingWorkflow({ outcome: () => 'awaiting-approval' });
  const agent = await startTestAgent({ workflow, environment: { AGENT_MODE: 'approval', AGENT_WEBHOOK_TOKEN: TOKEN } });
  started.push(agent);
  const created = await post(agent, payload(alert()), auth);
  await agent.idle();
  return { agent, workflow, id: created.body['alerts'][0].incidentId as string };
}

const decide = (agent: RunningAgent, id: string, verb: 'approve' | 'reject', body?: unknown) =>
  fetch(`${agent.url}/api/incidents/${id}/${verb}`, {
    method: 'POST',
    headers: body === undefined ? auth : { ...auth, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('approve/reject with a review', () => {
  it('records who approved and why', async () => {
    const { agent, workflow, id } = await awaiting();
    expect((await decide(agent, id, 'approve', { by: 'ops-bot', comment: 'change window open' })).status).toBe(202);
    await agent.idle();
    expect(workflow.runsOf('approve')).toEqual([id]);
    expect((await getJson(agent, `/api/incidents/${id}`, auth)).review).toMatchObject({
      verdict: 'approved',
      by: 'ops-bot',
      comment: 'change window open',
      via: 'api',
    });
  });

  it('refuses a review without a comment, and changes nothing', async () => {
    const { agent, workflow, id } = await awaiting();
    const response = await decide(agent, id, 'reject', { by: 'ops-bot', comment: ' ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'INVALID_REVIEW' });
    expect(workflow.runsOf('reject')).toEqual([]);
    expect((await getJson(agent, `/api/incidents/${id}`, auth)).status).toBe('awaiting-approval');
  });
});
