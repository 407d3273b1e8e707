/**
 * Issue 12, defects 2 and 5: the read API is closed (read token or webhook token) and paged with an
 * opaque cursor, newest first, summaries only; a 401 never writes the alert ledger (it is counted in
 * a metric instead), so an unauthenticated flood can neither read nor rotate anything.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../app.js';
import { RecordingWorkflow } from '../core/intake/recording-workflow.js';
import { alert, payload, post, startTestAgent } from '../core/intake/test-support.js';

const WEBHOOK = 'webhook-token-for-tests-0123456789';
const READ = 'read-only-token-for-tests-012345';
const started: (RunningAgent & { dataDirectory: string })[] = [];
afterEach(async () => {
  for (const agent of started.splice(0)) {
    await agent.close();
    await rm(agent.dataDirectory, { recursive: true, force: true });
  }
});

async function closedAgent() {
  const agent = await startTestAgent({
    workflow: new RecordingWorkflow(),
    environment: { AGENT_WEBHOOK_TOKEN: WEBHOOK, AGENT_READ_TOKEN: READ },
  });
  started.push(agent);
  return agent;
}

const get = (agent: RunningAgent, path: string, token?: string) =>
  fetch(`${agent.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('read API', () => {
  it('refuses to list or read incidents without a token; the read token may read but not approve', async () => {
    const agent = await closedAgent();
    const created = await post(agent, payload(alert()), bearer(WEBHOOK));
    const id = created.body['alerts'][0].incidentId as string;
    await agent.idle();
    expect((await get(agent, '/api/incidents')).status).toBe(401);
    expect((await get(agent, `/api/incidents/${id}`)).status).toBe(401);
    expect((await get(agent, '/api/incidents', 'wrong-token-wrong-token')).status).toBe(401);
    expect((await get(agent, '/api/incidents', READ)).status).toBe(200);
    expect((await get(agent, `/api/incidents/${id}`, READ)).status).toBe(200);
    expect((await get(agent, `/api/incidents/${id}`, WEBHOOK)).status).toBe(200);
    const approve = await fetch(`${agent.url}/api/incidents/${id}/approve`, { method: 'POST', headers: bearer(READ) });
    expect(approve.status).toBe(401);
    const webhook = await post(agent, payload(alert({ deployment: 'other' })), bearer(READ));
    expect(webhook.status).toBe(401);
  });

  it('pages newest first with an opaque cursor, summaries only, filtered by status', async () => {
    const agent = await closedAgent();
    const ids: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      const created = await post(agent, payload(alert({ deployment: `workload-${index}` })), bearer(WEBHOOK));
      ids.push(created.body['alerts'][0].incidentId as string);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await agent.idle();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await get(
        agent,
        `/api/incidents?limit=3${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
        READ,
      );
      expect(response.status).toBe(200);
      const body = (await response.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
      expect(body.items.length).toBeLessThanOrEqual(3);
      for (const item of body.items) {
        expect(item).not.toHaveProperty('timeline');
        expect(item).not.toHaveProperty('alerts');
        expect(item).toHaveProperty('alertname');
        seen.push(item['id'] as string);
      }
      cursor = body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(seen).toEqual([...ids].reverse());
    expect(pages).toBe(3);
    const resolved = (await (await get(agent, '/api/incidents?status=resolved&limit=200', READ)).json()) as {
      items: unknown[];
    };
    expect(resolved.items).toHaveLength(7);
    const open = (await (await get(agent, '/api/incidents?status=open', READ)).json()) as { items: unknown[] };
    expect(open.items).toHaveLength(0);
    for (const bad of ['limit=0', 'limit=201', 'limit=x', 'cursor=not-a-cursor', 'status=nonsense']) {
      expect((await get(agent, `/api/incidents?${bad}`, READ)).status, bad).toBe(400);
    }
  });

  it('an unauthenticated flood writes nothing to the alert ledger and is counted in a metric', async () => {
    const agent = await closedAgent();
    await post(agent, payload(alert()), bearer(WEBHOOK));
    await agent.idle();
    for (let index = 0; index < 50; index += 1) {
      const response = await post(agent, payload(alert({ deployment: `flood-${index}` })));
      expect(response.status).toBe(401);
      await fetch(`${agent.url}/api/incidents/x/approve`, { method: 'POST' });
    }
    await agent.close();
    started.splice(started.indexOf(agent), 1);
    const ledger = await readFile(join(agent.dataDirectory, 'alerts.jsonl'), 'utf8');
    expect(ledger.trim().split('\n')).toHaveLength(1);
    expect(ledger).not.toContain('flood-');
    expect(ledger).not.toContain('401');
    const metrics = await agent.metrics.registry.metrics();
    expect(metrics).toMatch(/ai4all_sre_http_unauthorized_total\{route="webhook"\} 50/);
    expect(metrics).toMatch(/ai4all_sre_http_unauthorized_total\{route="approval"\} 50/);
    expect(metrics).not.toMatch(/disposition="rejected"/);
    expect(agent.store.size).toBe(1);
    await rm(agent.dataDirectory, { recursive: true, force: true });
  });
});
