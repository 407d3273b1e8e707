/**
 * The console's security and approval path over real HTTP (the browser tests drive the same pages
 * in Chromium): nothing without a session, the token only ever in a POST body, an HttpOnly
 * SameSite=Strict cookie, CSRF token and same-site checks on approve/reject, a required comment,
 * read-only tokens that cannot approve, and the reviewer recorded in the incident.
 */
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { AGENT_HTTP } from '../../../catalog/agent-contract.js';
import type { RunningAgent } from '../../app.js';
import { RecordingWorkflow } from '../../core/intake/recording-workflow.js';
import { alert, getJson, payload, post, startTestAgent } from '../../core/intake/test-support.js';

const TOKEN = 'console-approver-token-0123456789';
const READ_TOKEN = 'console-reader-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const started: (RunningAgent & { dataDirectory: string })[] = [];
afterEach(async () => {
  for (const agent of started.splice(0)) {
    await agent.close();
    await rm(agent.dataDirectory, { recursive: true, force: true });
  }
});

async function awaitingAgent(mode = 'approval') {
  const workflow = new RecordingWorkflow({ outcome: () => 'awaiting-approval' });
  const agent = await startTestAgent({
    workflow,
    environment: { AGENT_MODE: mode, AGENT_WEBHOOK_TOKEN: TOKEN, AGENT_READ_TOKEN: READ_TOKEN },
  });
  started.push(agent);
  const created = await post(agent, payload(alert()), auth);
  const id = created.body['alerts'][0].incidentId as string;
  await agent.idle();
  return { agent, workflow, id };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  redirect: 'manual' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

async function signIn(agent: RunningAgent, token = TOKEN, name = 'Ada On-Call') {
  const response = await fetch(`${agent.url}/console/login`, form({ token, name }));
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  return { response, setCookie, cookie };
}

async function csrfOf(agent: RunningAgent, cookie: string, id: string): Promise<string> {
  const html = await (await fetch(`${agent.url}/console/incidents/${id}`, { headers: { cookie } })).text();
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

describe('console authentication', () => {
  it('shows nothing without a session: pages redirect to sign-in, fragments and posts answer 401', async () => {
    const { agent, id } = await awaitingAgent();
    const list = await fetch(`${agent.url}/console/`, { redirect: 'manual' });
    expect(list.status).toBe(303);
    expect(list.headers.get('location')).toBe('./login');
    const page = await fetch(`${agent.url}/console/incidents/${id}`, { redirect: 'manual' });
    expect(page.headers.get('location')).toBe('../login');
    const fragment = await fetch(`${agent.url}/console/incidents/${id}?fragment=1`, {
      headers: { 'x-console-fragment': '1' },
    });
    expect(fragment.status).toBe(401);
    expect(await fragment.text()).not.toContain(id);
    const review = await fetch(
      `${agent.url}/console/incidents/${id}/review`,
      form({ verdict: 'approve', comment: 'x' }),
    );
    expect(review.status).toBe(401);
    const forged = await fetch(`${agent.url}/console/`, {
      headers: { cookie: 'ai4all_console=forged' },
      redirect: 'manual',
    });
    expect(forged.headers.get('location')).toBe('./login?expired=1');
  });

  it('refuses a wrong token with a clear message and no cookie', async () => {
    const { agent } = await awaitingAgent();
    const { response, setCookie } = await signIn(agent, 'not-the-token-at-all-000');
    expect(response.status).toBe(401);
    expect(setCookie).toBe('');
    expect(await response.text()).toContain('That token was not accepted');
  });

  it('pauses sign-in from an address after 10 refused tokens, even with the right token (429, Retry-After)', async () => {
    const { agent } = await awaitingAgent();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect((await signIn(agent, `wrong-token-number-${attempt}-0000`)).response.status).toBe(401);
    }
    const { response, setCookie } = await signIn(agent);
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(setCookie).toBe('');
    expect(await response.text()).toContain('sign-in is paused');
    // The bearer API is not throttled: Alertmanager behind the same address keeps working.
    const list = (await getJson(agent, AGENT_HTTP.incidentsPath, auth)) as { items: unknown[] };
    expect(list.items.length).toBe(1);
  });

  it('exchanges the token for an HttpOnly, SameSite=Strict session cookie and never echoes the token', async () => {
    const { agent } = await awaitingAgent();
    const { response, setCookie, cookie } = await signIn(agent);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('./');
    expect(setCookie).toMatch(/^ai4all_console=[\w-]{43}; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const list = await fetch(`${agent.url}/console/`, { headers: { cookie } });
    const html = await list.text();
    expect(list.status).toBe(200);
    expect(html).toContain('Signed in as <strong>Ada On-Call</strong>');
    expect(html).not.toContain(TOKEN);
    expect(list.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(list.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(list.headers.get('cache-control')).toBe('no-store');
  });
});

describe('console sign-out', () => {
  it('ends the session: the cookie is cleared and the same cookie no longer opens anything', async () => {
    const { agent, id } = await awaitingAgent();
    const { cookie } = await signIn(agent);
    const csrf = await csrfOf(agent, cookie, id);
    const request = form({ csrf });
    const out = await fetch(`${agent.url}/console/logout`, { ...request, headers: { ...request.headers, cookie } });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/^ai4all_console=; HttpOnly; SameSite=Strict; Max-Age=0/);
    const after = await fetch(`${agent.url}/console/`, { headers: { cookie }, redirect: 'manual' });
    expect(after.headers.get('location')).toBe('./login?expired=1');
  });
});

describe('console approve and reject', () => {
  it('refuses a form without the session CSRF token, or sent cross-site, and changes nothing', async () => {
    const { agent, workflow, id } = await awaitingAgent();
    const { cookie } = await signIn(agent);
    const csrf = await csrfOf(agent, cookie, id);
    expect(csrf).toMatch(/^[\w-]{43}$/);
    const url = `${agent.url}/console/incidents/${id}/review`;
    const withCookie = (fields: Record<string, string>, headers: Record<string, string> = {}) => {
      const request = form(fields);
      return fetch(url, { ...request, headers: { ...request.headers, cookie, ...headers } });
    };
    expect((await withCookie({ verdict: 'approve', comment: 'go' })).status).toBe(403);
    expect((await withCookie({ verdict: 'approve', comment: 'go', csrf: 'wrong' })).status).toBe(403);
    expect(
      (await withCookie({ verdict: 'approve', comment: 'go', csrf }, { 'sec-fetch-site': 'cross-site' })).status,
    ).toBe(403);
    const empty = await withCookie({ verdict: 'approve', comment: '   ', csrf });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('A comment is required');
    expect(workflow.runsOf('approve')).toEqual([]);
    expect((await getJson(agent, `/api/incidents/${id}`, auth)).status).toBe('awaiting-approval');
  });

  it('approves with a comment: the workflow continues once and the incident records who and why', async () => {
    const { agent, workflow, id } = await awaitingAgent();
    const { cookie } = await signIn(agent);
    const csrf = await csrfOf(agent, cookie, id);
    const request = form({ verdict: 'approve', comment: 'rollback looks right', csrf });
    const response = await fetch(`${agent.url}/console/incidents/${id}/review`, {
      ...request,
      headers: { ...request.headers, cookie },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`../${id}?done=approved`);
    await agent.idle();
    expect(workflow.runsOf('approve')).toEqual([id]);
    const incident = await getJson(agent, `/api/incidents/${id}`, auth);
    expect(incident.review).toMatchObject({
      verdict: 'approved',
      by: 'Ada On-Call',
      comment: 'rollback looks right',
      via: 'console',
    });
    const again = await fetch(`${agent.url}/console/incidents/${id}/review`, {
      ...request,
      headers: { ...request.headers, cookie },
    });
    expect(again.status).toBe(409);
    expect(workflow.runsOf('approve')).toEqual([id]);
  });

  it('a read-only token can read but not approve', async () => {
    const { agent, workflow, id } = await awaitingAgent();
    const { cookie } = await signIn(agent, READ_TOKEN, 'Reader');
    const page = await (await fetch(`${agent.url}/console/incidents/${id}`, { headers: { cookie } })).text();
    expect(page).toContain('Your token is read-only');
    expect(page).not.toContain('name="verdict"');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const request = form({ verdict: 'approve', comment: 'sneaky', csrf });
    const response = await fetch(`${agent.url}/console/incidents/${id}/review`, {
      ...request,
      headers: { ...request.headers, cookie },
    });
    expect(response.status).toBe(403);
    expect(workflow.runsOf('approve')).toEqual([]);
  });

  it('rejects with a comment: the workflow rejects once and the incident records who and why', async () => {
    const { agent, workflow, id } = await awaitingAgent();
    const { cookie } = await signIn(agent, TOKEN, 'Grace');
    const csrf = await csrfOf(agent, cookie, id);
    const request = form({ verdict: 'reject', comment: 'not during the sale', csrf });
    const response = await fetch(`${agent.url}/console/incidents/${id}/review`, {
      ...request,
      headers: { ...request.headers, cookie },
    });
    expect(response.headers.get('location')).toBe(`../${id}?done=rejected`);
    await agent.idle();
    expect(workflow.runsOf('reject')).toEqual([id]);
    expect(workflow.runsOf('approve')).toEqual([]);
    expect((await getJson(agent, `/api/incidents/${id}`, auth)).review).toMatchObject({
      verdict: 'rejected',
      by: 'Grace',
    });
  });

  it('shows a dry-run banner in dry-run mode', async () => {
    const { agent } = await awaitingAgent('dry-run');
    const { cookie } = await signIn(agent);
    const html = await (await fetch(`${agent.url}/console/`, { headers: { cookie } })).text();
    expect(html).toContain('Dry-run mode.');
  });
});
