/**
 * Issue 12, defect 3: an incident stays under its byte cap whatever the alerts carry, and alerts
 * grouped into an open incident append deltas instead of re-saving the whole incident (50 alerts of
 * 880 KB grew one incident to 44 MB and appended 396 MB to the journal).
 */
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../app.js';
import { MAX_INCIDENT_BYTES } from '../../adapters/disk/incident-bounds.js';
import { MAX_ALERT_BYTES } from './alert-bounds.js';
import { RecordingWorkflow } from './recording-workflow.js';
import { alert, getJson, payload, post, startTestAgent } from './test-support.js';

let agent: (RunningAgent & { dataDirectory: string }) | undefined;
afterEach(async () => {
  if (!agent) return;
  await agent.close();
  await rm(agent.dataDirectory, { recursive: true, force: true });
  agent = undefined;
});

describe('byte-bounded incidents', () => {
  it('50 grouped alerts of 880 KB: the incident stays under its cap, the journal grows by deltas', async () => {
    agent = await startTestAgent({ workflow: new RecordingWorkflow({ outcome: () => 'awaiting-approval' }) });
    // 55 annotations of 16,000 characters (the schema's per-value limit): ~880 KB per alert.
    const annotations = Object.fromEntries(
      Array.from({ length: 55 }, (_, index) => [`note${index}`, String(index).repeat(16_000).slice(0, 16_000)]),
    );
    let id = '';
    for (let index = 0; index < 50; index += 1) {
      const body = alert({ extra: { instance: `pod-${index}` } });
      Object.assign(body['annotations'] as Record<string, string>, annotations);
      const response = await post(agent, payload(body));
      expect(response.status).toBe(200);
      id ||= response.body['alerts'][0].incidentId as string;
      await agent.idle();
      // Let the coalesced note save run for each alert (it runs 100 ms after a grouped alert).
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    const record = (await getJson(agent, `/api/incidents/${id}`)) as {
      alerts: { annotations: Record<string, string> }[];
    };
    expect(record.alerts).toHaveLength(50);
    for (const item of record.alerts) expect(JSON.stringify(item).length).toBeLessThan(MAX_ALERT_BYTES + 512);
    expect(record.alerts[0]!.annotations['ai4all_truncated']).toContain('shortened');
    expect(JSON.stringify(record).length).toBeLessThan(MAX_INCIDENT_BYTES);
    const journal = join(agent.dataDirectory, 'incidents.jsonl');
    // One snapshot per state change plus ~50 small deltas: far below one snapshot per grouped alert.
    expect((await stat(journal)).size).toBeLessThan(1024 * 1024);
    const lines = (await readFile(journal, 'utf8')).trim().split('\n');
    expect(lines.filter((line) => line.includes('"notes"')).length).toBeGreaterThan(0);
    // The deltas come back on restart.
    const directory = agent.dataDirectory;
    await agent.close();
    agent = await startTestAgent({ workflow: new RecordingWorkflow(), dataDirectory: directory });
    const reloaded = (await getJson(agent, `/api/incidents/${id}`)) as { alerts: unknown[] };
    expect(reloaded.alerts).toHaveLength(50);
  }, 120_000);
});
