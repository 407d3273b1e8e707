/* eslint-disable @typescript-eslint/no-unsafe-call -- JSON bodies from the API are untyped here */
/**
 * The webhook through the real fastify server on 127.0.0.1, with a recording fake workflow:
 * validation, auth, size limit, dedupe, grouping, resolved alerts, priority, backpressure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../app.js';
import { RecordingWorkflow } from '../core/intake/recording-workflow.js';
import {
  alert,
  dispositions,
  getJson,
  listIncidents,
  payload,
  post,
  startTestAgent,
} from '../core/intake/test-support.js';

let agent: RunningAgent | undefined;
afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

const TOKEN = 'webhook-token-for-tests-0123456789';

describe('webhook validation and auth', () => {
  it('rejects malformed JSON and schema violations with 400 and a clear message, storing nothing', async () => {
    agent = await startTestAgent({ workflow: new RecordingWorkflow() });
    const garbage = await post(agent, '{"version": "4", "alerts": [');
    expect(garbage.status).toBe(400);
    expect(garbage.body['message']).toMatch(/JSON/i);

    const noName = alert();
    (noName['labels'] as Record<string, string>)['alertname'] = '';
    const schema = await post(agent, { ...payload(noName), version: '3' });
    expect(schema.status).toBe(400);
    expect(schema.body['error']).toBe('INVALID_PAYLOAD');
    expect(schema.body['details']).toEqual(
      expect.arrayContaining([
        expect.stringContaining('version: must be "4"'),
        expect.stringContaining('alerts.0.labels: must include a non-empty alertname'),
      ]),
    );
    expect(await listIncidents(agent)).toEqual([]);
    expect(await dispositions(agent)).toEqual({ rejected: 2 });
  });

  it('requires the bearer token when configured (401 otherwise), compared in constant time', async () => {
    const workflow = new RecordingWorkflow();
    agent = await startTestAgent({ workflow, environment: { AGENT_WEBHOOK_TOKEN: TOKEN } });
    const body = payload(alert());
    const missing = await post(agent, body);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect((await post(agent, body, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post(agent, body, { authorization: TOKEN })).status).toBe(401);
    expect((await post(agent, body, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    await agent.idle();
    expect(workflow.runsOf('run')).toHaveLength(1);
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    agent = await startTestAgent({ workflow: new RecordingWorkflow() });
    const big = alert({ extra: { padding: 'x'.repeat(1024 * 1024) } });
    const response = await post(agent, payload(big));
    expect(response.status).toBe(413);
    expect(response.body['message']).toContain('1048576 bytes');
  });

  it('serves health, readiness and metrics', async () => {
    agent = await startTestAgent({ workflow: new RecordingWorkflow() });
    expect(await getJson(agent, '/healthz')).toEqual({ status: 'ok' });
    expect(await getJson(agent, '/readyz')).toEqual({ ready: true, reasons: [] });
    const metrics = await fetch(`${agent.url}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(await metrics.text()).toContain('# TYPE ai4all_sre_queue_depth gauge');
    expect((await fetch(`${agent.url}/nope`)).status).toBe(404);
  });
});

describe('alert handling', () => {
  it('deduplicates by fingerprint and status, and groups other alerts of the same workload', async () => {
    const workflow = new RecordingWorkflow({ hold: true });
    agent = await startTestAgent({ workflow });
    const first = await post(agent, payload(alert()));
    expect(first.body['alerts'][0]).toMatchObject({ disposition: 'handled', reason: 'opened a new incident' });
    const again = await post(agent, payload(alert()));
    expect(again.body['alerts'][0]).toMatchObject({ disposition: 'deduplicated' });
    const sibling = await post(agent, payload(alert({ alertname: 'HighErrorRate', severity: 'warning' })));
    expect(sibling.body['alerts'][0]).toMatchObject({
      disposition: 'handled',
      incidentId: first.body['alerts'][0].incidentId,
    });
    workflow.release();
    await agent.idle();
    const incidents = await listIncidents(agent);
    expect(incidents).toHaveLength(1);
    expect(incidents[0].alerts.map((item: { alertname: string }) => item.alertname)).toEqual([
      'KubePodCrashLooping',
      'HighErrorRate',
    ]);
    expect(incidents[0].timeline.map((entry: { event: string }) => entry.event)).toContain('alert-grouped');
    expect(workflow.runsOf('run')).toHaveLength(1);
  });

  it('keeps an incident bounded when a storm of distinct alerts hits one workload', async () => {
    const workflow = new RecordingWorkflow({ hold: true });
    agent = await startTestAgent({ workflow });
    const alerts = Array.from({ length: 300 }, (_, index) => alert({ alertname: `Storm${index}` }));
    const response = await post(agent, payload(...alerts));
    expect(response.status).toBe(200);
    expect(new Set(response.body['alerts'].map((item: { incidentId: string }) => item.incidentId)).size).toBe(1);
    workflow.release();
    await agent.idle();
    const [incident] = await listIncidents(agent);
    expect(incident.alerts).toHaveLength(50);
    const summary = incident.timeline.find((entry: { event: string }) => entry.event === 'alerts-grouped-summary');
    expect(summary.message).toContain('269 more alert notifications'); // 299 grouped, 30 listed
    expect(incident.timeline.length).toBeLessThan(45);
  });

  it('a resolved alert never acts: it closes a queued incident and is only recorded on a running one', async () => {
    const workflow = new RecordingWorkflow({ hold: true });
    agent = await startTestAgent({ workflow, environment: { AGENT_CONCURRENCY: '1' } });
    const running = await post(agent, payload(alert({ deployment: 'cartservice' })));
    const queued = await post(agent, payload(alert({ deployment: 'frontend' })));
    const queuedId = queued.body['alerts'][0].incidentId as string;

    const resolvedQueued = await post(agent, payload(alert({ deployment: 'frontend', status: 'resolved' })));
    expect(resolvedQueued.body['alerts'][0].reason).toContain('closed with no action');
    expect((await getJson(agent, `/api/incidents/${queuedId}`)).status).toBe('no-action');

    const resolvedRunning = await post(agent, payload(alert({ deployment: 'cartservice', status: 'resolved' })));
    expect(resolvedRunning.body['alerts'][0].reason).toContain('never acted on');
    const unknown = await post(agent, payload(alert({ deployment: 'nobody', status: 'resolved' })));
    expect(unknown.body['alerts'][0].reason).toContain('nothing to do');

    workflow.release();
    await agent.idle();
    expect(workflow.runsOf('run')).toEqual([running.body['alerts'][0].incidentId]);
    expect((await getJson(agent, `/api/incidents/${queuedId}`)).postMortemPath).toContain(queuedId);
    const runningIncident = await getJson(agent, `/api/incidents/${running.body['alerts'][0].incidentId}`);
    expect(runningIncident.timeline.map((entry: { event: string }) => entry.event)).toContain('alert-resolved');
    expect((await listIncidents(agent)).map((incident: { id: string }) => incident.id)).toHaveLength(2);
  });

  it('runs critical incidents before warnings when slots are scarce', async () => {
    const workflow = new RecordingWorkflow({ hold: true });
    agent = await startTestAgent({ workflow, environment: { AGENT_CONCURRENCY: '1' } });
    await post(agent, payload(alert({ deployment: 'a' })));
    await post(agent, payload(alert({ deployment: 'b', severity: 'warning' })));
    await post(agent, payload(alert({ deployment: 'c', severity: 'info' })));
    await post(agent, payload(alert({ deployment: 'd', severity: 'critical' })));
    for (let index = 0; index < 4; index += 1) {
      workflow.release();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await agent.idle();
    const order = workflow.calls.map((call) => call.incidentId);
    const incidents = (await listIncidents(agent)) as { id: string; target: { name: string } }[];
    const nameOf = (id: string) => incidents.find((incident) => incident.id === id)?.target.name;
    expect(order.map(nameOf)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('answers 503 with Retry-After when the queue is full, keeps nothing of the payload, and accepts its retry', async () => {
    const workflow = new RecordingWorkflow({ hold: true });
    agent = await startTestAgent({ workflow, environment: { AGENT_CONCURRENCY: '1', AGENT_QUEUE_CAPACITY: '1' } });
    await post(agent, payload(alert({ deployment: 'a' }))); // running
    await post(agent, payload(alert({ deployment: 'b' }))); // fills the queue
    const refused = await post(agent, payload(alert({ deployment: 'c' }), alert({ deployment: 'b', alertname: 'X' })));
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.body['error']).toBe('QUEUE_FULL');
    expect(await listIncidents(agent)).toHaveLength(2);

    workflow.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const retried = await post(agent, payload(alert({ deployment: 'c' }), alert({ deployment: 'b', alertname: 'X' })));
    expect(retried.status).toBe(200);
    expect(retried.body['alerts'].map((item: { disposition: string }) => item.disposition)).toEqual([
      'handled',
      'handled',
    ]);
    workflow.release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    workflow.release();
    await agent.idle();
    expect(await dispositions(agent)).toEqual({ handled: 4, rejected: 2 });
  });

  it('cools a workload down after its incident ends', async () => {
    const workflow = new RecordingWorkflow();
    agent = await startTestAgent({ workflow, environment: { AGENT_COOLDOWN_SECONDS: '600' } });
    await post(agent, payload(alert()));
    await agent.idle();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const later = await post(agent, payload(alert({ alertname: 'HighLatency' })));
    expect(later.body['alerts'][0]).toMatchObject({ disposition: 'deduplicated' });
    expect(later.body['alerts'][0].reason).toContain('cooling down');
    expect(workflow.runsOf('run')).toHaveLength(1);
  });

  it('records every alert of a mixed storm: handled + deduplicated + rejected = sent', async () => {
    const workflow = new RecordingWorkflow();
    agent = await startTestAgent({ workflow });
    let sent = 0;
    for (let round = 0; round < 5; round += 1) {
      const alerts = Array.from({ length: 20 }, (_, index) =>
        alert({ deployment: `svc-${index % 7}`, alertname: `A${index % 3}` }),
      );
      sent += alerts.length;
      expect((await post(agent, payload(...alerts))).status).toBe(200);
    }
    sent += 1;
    await post(agent, '{broken');
    await agent.idle();
    const totals = await dispositions(agent);
    expect((totals['handled'] ?? 0) + (totals['deduplicated'] ?? 0) + (totals['rejected'] ?? 0)).toBe(sent);
    expect(totals['rejected']).toBe(1);
  });
});
