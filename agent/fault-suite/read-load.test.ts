/**
 * Abuse suite: 200 concurrent list requests over 1,000 incidents (the issue measured a 3.5 MB reply
 * per list and webhooks starved). Pages are summaries, at most 200 per reply, so each answer stays
 * small and a webhook sent during the burst is still taken. No timing is asserted.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../app.js';
import { RecordingWorkflow } from '../core/intake/recording-workflow.js';
import { alert, payload, post, startTestAgent } from '../core/intake/test-support.js';

const TOKEN = 'read-load-webhook-token-0123456789';
const READ = 'read-load-read-token-0123456789';
let agent: RunningAgent & { dataDirectory: string };
beforeAll(async () => {
  agent = await startTestAgent({
    workflow: new RecordingWorkflow(),
    environment: { AGENT_WEBHOOK_TOKEN: TOKEN, AGENT_READ_TOKEN: READ, AGENT_QUEUE_CAPACITY: '2000' },
  });
  for (let batch = 0; batch < 10; batch += 1) {
    const alerts = Array.from({ length: 100 }, (_, index) =>
      alert({ deployment: `w-${batch}-${index}`, extra: { note: 'x'.repeat(200) } }),
    );
    expect((await post(agent, payload(...alerts), { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  }
  await agent.idle();
}, 120_000);
afterAll(async () => {
  await agent.close();
  await rm(agent.dataDirectory, { recursive: true, force: true });
});

describe('a burst of list requests', () => {
  it('200 concurrent lists of 1,000 incidents: bounded replies, and a webhook sent meanwhile is taken', async () => {
    expect(agent.store.size).toBe(1000);
    const lists = Array.from({ length: 200 }, (_, index) =>
      fetch(`${agent.url}/api/incidents?limit=${index % 2 === 0 ? 200 : 50}`, {
        headers: { authorization: `Bearer ${READ}` },
      }).then(async (response) => ({ status: response.status, bytes: (await response.arrayBuffer()).byteLength })),
    );
    const webhook = post(agent, payload(alert({ deployment: 'during-the-burst' })), {
      authorization: `Bearer ${TOKEN}`,
    });
    const [answers, accepted] = await Promise.all([Promise.all(lists), webhook]);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const largest = Math.max(...answers.map((answer) => answer.bytes));
    expect(largest).toBeLessThan(200 * 1024);
    expect(accepted.status).toBe(200);
    expect((await fetch(`${agent.url}/healthz`)).status).toBe(200);
    console.info(`largest list reply: ${largest} bytes (200 summaries)`);
  }, 120_000);
});
