/**
 * Abuse suite: approve/reject races on one incident (exactly one winner, and the cluster shows
 * exactly what the winner decided), and an unauthenticated flood (nothing read, approved, written
 * or rotated; the agent stays healthy).
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../app.js';
import {
  NAMESPACE,
  postRolloutStuck,
  startSuiteAgent,
  startSuiteLab,
  SUITE_TOKEN,
  type SuiteLab,
} from './test-suite-agent.js';
import { makeDeployment } from '../../simulator/kubernetes/index.js';

let lab: SuiteLab;
let agent: RunningAgent;
beforeEach(async () => {
  lab = await startSuiteLab();
  agent = await startSuiteAgent(lab, { mode: 'approval' });
});
afterEach(async () => {
  await agent.close();
  await lab.simulator.close();
  await rm(lab.scratch, { recursive: true, force: true });
});

const bearer = { authorization: `Bearer ${SUITE_TOKEN}` };
const PATH = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`;

async function awaitingIncident(): Promise<string> {
  lab.simulator.cluster.injectFault({ kind: 'crash-loop', match: { namespace: NAMESPACE, image: 'cartservice:v2' } });
  lab.simulator.cluster.applyDeployment(
    makeDeployment({ namespace: NAMESPACE, name: 'cartservice', image: 'cartservice:v2', replicas: 2 }),
  );
  lab.simulator.cluster.advance(120);
  const response = await postRolloutStuck(agent.url, '2026-11-24T10:00:00Z');
  const body = (await response.json()) as { alerts: { incidentId: string }[] };
  await agent.idle();
  const id = body.alerts[0]!.incidentId;
  expect(agent.store.get(id)?.status).toBe('awaiting-approval');
  return id;
}

describe('approval races', () => {
  for (const seed of [1, 2, 3]) {
    it(`20 approves and 20 rejects at once (order ${seed}): one winner, the cluster shows its decision`, async () => {
      const id = await awaitingIncident();
      const before = lab.deploymentWrites().filter((write) => write.path === PATH).length;
      const verbs = Array.from({ length: 40 }, (_, index) => ((index * seed) % 2 === 0 ? 'approve' : 'reject'));
      const responses = await Promise.all(
        verbs.map((verb) =>
          fetch(`${agent.url}/api/incidents/${id}/${verb}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...bearer },
            body: JSON.stringify({ by: 'tester', comment: 'race' }),
          }).then(async (response) => ({ verb, status: response.status, body: await response.text() })),
        ),
      );
      const winners = responses.filter((response) => response.status === 202);
      expect(winners).toHaveLength(1);
      expect(responses.filter((response) => response.status !== 202).every((response) => response.status === 409)).toBe(
        true,
      );
      await agent.idle();
      const written = lab.deploymentWrites().filter((write) => write.path === PATH).length - before;
      const record = agent.store.get(id)!;
      if (winners[0]!.verb === 'approve') {
        expect(written).toBe(1);
        expect(record.status).toBe('resolved');
      } else {
        expect(written).toBe(0);
        expect(record.status).toBe('blocked');
      }
    }, 60_000);
  }
});

describe('an unauthenticated flood', () => {
  it('2,000 requests without a valid token: all 401; nothing read, approved, written or rotated', async () => {
    const id = await awaitingIncident();
    await agent.close();
    const ledgerBefore = await readFile(join(lab.scratch, 'data', 'alerts.jsonl'), 'utf8');
    agent = await startSuiteAgent(lab, { mode: 'approval' });
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 20; batch += 1) {
      const requests = Array.from({ length: 100 }, (_, index) => {
        const headers = index % 3 === 0 ? {} : { authorization: `Bearer wrong-${index}-token-xxxxxxxx` };
        switch (index % 4) {
          case 0:
            return fetch(`${agent.url}/webhook/alertmanager`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...headers },
              body: JSON.stringify({ version: '4', alerts: [{ labels: { alertname: `flood-${batch}-${index}` } }] }),
            });
          case 1:
            return fetch(`${agent.url}/api/incidents/${id}/approve`, { method: 'POST', headers });
          case 2:
            return fetch(`${agent.url}/api/incidents`, { headers });
          default:
            return fetch(`${agent.url}/api/incidents/${id}`, { headers });
        }
      });
      for (const response of await Promise.all(requests)) {
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        await response.text();
      }
    }
    expect([...statuses.entries()]).toEqual([[401, 2000]]);
    expect(agent.store.get(id)?.status).toBe('awaiting-approval');
    expect(lab.deploymentWrites().filter((write) => write.path === PATH)).toEqual([]);
    expect((await fetch(`${agent.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();
    const counted = [...metrics.matchAll(/ai4all_sre_http_unauthorized_total\{route="\w+"\} (\d+)/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    expect(counted).toBe(2000);
    await agent.close();
    expect(await readFile(join(lab.scratch, 'data', 'alerts.jsonl'), 'utf8')).toBe(ledgerBefore);
    agent = await startSuiteAgent(lab, { mode: 'approval' });
  }, 120_000);
});
