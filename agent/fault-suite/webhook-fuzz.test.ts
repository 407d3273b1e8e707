/**
 * Abuse suite: seeded fuzzed webhooks and incident ids against the whole agent (real pipeline,
 * approval mode) and the API simulator. 400 cases in `npm test`; AGENT_FAULT_SUITE=nightly runs
 * 12,000 webhooks and 4,000 ids. Asserts on the cluster (no write from fuzzed input), on the records
 * (every incident within its byte cap) and on the ledger (no line from an unauthenticated request).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../app.js';
import { MAX_INCIDENT_BYTES } from '../adapters/disk/incident-bounds.js';
import { SeededRandom, suiteSize } from './test-seeded-random.js';
import { startSuiteAgent, startSuiteLab, SUITE_READ_TOKEN, SUITE_TOKEN, type SuiteLab } from './test-suite-agent.js';
import { fuzzedId, fuzzedWebhook } from './test-webhook-fuzz.js';

const WEBHOOKS = suiteSize(300, 12_000);
const IDS = suiteSize(100, 4_000);
const SEED = Number(process.env['AGENT_FAULT_SEED'] ?? 20261207);

let lab: SuiteLab;
let agent: RunningAgent;
beforeAll(async () => {
  lab = await startSuiteLab();
  agent = await startSuiteAgent(lab, { environment: { AGENT_QUEUE_CAPACITY: '64' } });
});
afterAll(async () => {
  await agent.close();
  await lab.simulator.close();
  await rm(lab.scratch, { recursive: true, force: true });
});

const auth = (random: SeededRandom): Record<string, string> => {
  const which = random.integer(10);
  if (which < 6) return { authorization: `Bearer ${SUITE_TOKEN}` };
  if (which < 7) return {};
  if (which < 8) return { authorization: `Bearer ${SUITE_READ_TOKEN}` };
  return {
    authorization: random.pick([
      'Bearer ',
      'Basic abc',
      `Bearer ${SUITE_TOKEN}x`,
      `bearer ${random.string(40).replace(/[^\x20-\x7e]/g, 'x')}`,
    ]),
  };
};

describe(`fuzzed input (seed ${SEED})`, () => {
  it(`${WEBHOOKS} fuzzed webhooks: no 5xx but backpressure, no write, bounded records, no ledger line from a 401`, async () => {
    const random = new SeededRandom(SEED);
    const statuses: Record<number, number> = {};
    let unauthenticated = 0;
    for (let index = 0; index < WEBHOOKS; index += 1) {
      const request = fuzzedWebhook(random);
      const headers = auth(random);
      const response = await fetch(`${agent.url}/webhook/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': request.contentType, ...headers },
        body: request.body,
      });
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status === 401) unauthenticated += 1;
      const text = await response.text();
      expect(() => JSON.parse(text) as unknown, `case ${index}`).not.toThrow();
      expect([200, 400, 401, 413, 415, 503], `case ${index}: ${response.status} ${text.slice(0, 200)}`).toContain(
        response.status,
      );
      if (index % 100 === 99) await agent.idle();
    }
    await agent.idle();
    expect(unauthenticated).toBeGreaterThan(0);
    // The cluster: approval mode and nothing approved, so nothing may have been written.
    expect(lab.deploymentWrites()).toEqual([]);
    // The records: every incident within its byte cap, every status a real one.
    for (const incident of agent.store.list()) {
      expect(JSON.stringify(incident).length).toBeLessThan(MAX_INCIDENT_BYTES);
    }
    // The ledger: nothing from a 401.
    await agent.close();
    const ledger = await readFile(join(lab.scratch, 'data', 'alerts.jsonl'), 'utf8').catch(() => '');
    expect(ledger).not.toMatch(/"reason":"401/);
    agent = await startSuiteAgent(lab);
    expect((await fetch(`${agent.url}/healthz`)).status).toBe(200);
    console.info(`fuzzed webhooks: ${WEBHOOKS}, statuses ${JSON.stringify(statuses)}`);
  }, 1_800_000);

  it(`${IDS} fuzzed ids on read, approve and reject: 4xx only, nothing approved, nothing written`, async () => {
    const random = new SeededRandom(SEED + 1);
    for (let index = 0; index < IDS; index += 1) {
      const id = encodeURIComponent(fuzzedId(random).toWellFormed());
      const headers = auth(random);
      const verb = random.pick(['GET', 'approve', 'reject']);
      const response =
        verb === 'GET'
          ? await fetch(`${agent.url}/api/incidents/${id}`, { headers })
          : await fetch(`${agent.url}/api/incidents/${id}/${verb}`, { method: 'POST', headers });
      await response.text();
      expect([200, 400, 401, 404, 409, 414, 431], `case ${index}: ${verb} ${id.slice(0, 80)}`).toContain(
        response.status,
      );
      expect(response.status === 200 && verb !== 'GET').toBe(false);
    }
    await agent.idle();
    expect(lab.deploymentWrites()).toEqual([]);
  }, 600_000);
});
