/**
 * Issue 12, defect 8: journal corruption and lost records are visible in /readyz detail, in a
 * metric and on the incident itself, not only in a log line; an empty journal where a non-empty one
 * was expected warns the same way.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../app.js';
import { testIncident } from '../adapters/disk/test-incident.js';
import { encodeJournalLine } from '../adapters/disk/incident-record.js';
import { RecordingWorkflow } from '../core/intake/recording-workflow.js';
import { getJson, startTestAgent } from '../core/intake/test-support.js';

let agent: (RunningAgent & { dataDirectory: string }) | undefined;
afterEach(async () => {
  if (!agent) return;
  await agent.close();
  await rm(agent.dataDirectory, { recursive: true, force: true });
  agent = undefined;
});

const AT = '2026-11-24T10:00:00.000Z';

describe('journal integrity', () => {
  it('a corrupt record shows on /readyz, in the metric and on the incident it belonged to', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ai4all-integrity-'));
    const good = encodeJournalLine(testIncident('inc-a', 'awaiting-approval', AT));
    const later = encodeJournalLine({ ...testIncident('inc-a', 'acting', AT), updatedAt: '2026-11-24T10:05:00.000Z' });
    const lostWhole = encodeJournalLine(testIncident('inc-gone', 'open', AT));
    await writeFile(
      join(directory, 'incidents.jsonl'),
      `${good}${later.slice(0, later.length / 2)}\n${lostWhole.slice(0, 60)}#garbage\n`,
    );
    agent = await startTestAgent({ workflow: new RecordingWorkflow(), dataDirectory: directory });
    const ready = (await getJson(agent, '/readyz')) as { ready: boolean; warnings?: string[] };
    expect(ready.warnings?.join(' ')).toMatch(/2 journal record\(s\) could not be read/);
    expect(ready.warnings?.join(' ')).toContain('inc-gone');
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();
    expect(metrics).toMatch(/ai4all_sre_journal_records_lost_total\{reason="corrupt"\} 2/);
    const record = (await getJson(agent, '/api/incidents/inc-a')) as { timeline: { event: string; message: string }[] };
    const lost = record.timeline.find((entry) => entry.event === 'journal-records-lost');
    expect(lost?.message).toContain('1 journal record(s) of this incident could not be read back');
    const page = (await getJson(agent, '/api/incidents')) as { items: { id: string; integrity?: string }[] };
    expect(page.items.find((item) => item.id === 'inc-a')?.integrity).toBe('records-lost');
  });

  it('an empty journal where the last compaction recorded incidents warns', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ai4all-integrity-'));
    await writeFile(join(directory, 'incidents.jsonl'), encodeJournalLine(testIncident('inc-b', 'open', AT)));
    agent = await startTestAgent({ workflow: new RecordingWorkflow({ hold: true }), dataDirectory: directory });
    await agent.close();
    // The journal is lost (a wrong volume, a truncation); its sidecar remains.
    await writeFile(join(directory, 'incidents.jsonl'), '');
    agent = await startTestAgent({ workflow: new RecordingWorkflow(), dataDirectory: directory });
    const ready = (await getJson(agent, '/readyz')) as { warnings?: string[] };
    expect(ready.warnings?.join(' ')).toMatch(/journal is empty or missing but held 1 incident/);
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();
    expect(metrics).toMatch(/ai4all_sre_journal_records_lost_total\{reason="empty"\} 1/);
  });
});
