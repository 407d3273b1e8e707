/**
 * Issue 12, defect 7: after a restart, unfinished incidents resume at most AGENT_CONCURRENCY at a
 * time (the rest wait their turn), instead of all at once.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../app.js';
import { encodeJournalLine } from '../../adapters/disk/incident-record.js';
import { testIncident } from '../../adapters/disk/test-incident.js';
import type { Incident } from '../../domain/incident.js';
import { startTestAgent } from './test-support.js';
import type { IncidentWorkflowPort, PersistIncident } from './workflow-port.js';

let agent: (RunningAgent & { dataDirectory: string }) | undefined;
afterEach(async () => {
  if (!agent) return;
  await agent.close();
  await rm(agent.dataDirectory, { recursive: true, force: true });
  agent = undefined;
});

/** A workflow whose every call waits for `release()`, counting how many run at once. */
class GatedWorkflow implements IncidentWorkflowPort {
  running = 0;
  peak = 0;
  started: string[] = [];
  private waiting: (() => void)[] = [];
  release(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
  private async gated(incident: Incident, persist: PersistIncident): Promise<Incident> {
    this.started.push(incident.id);
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running -= 1;
    const done: Incident = { ...incident, status: 'resolved' };
    await persist(done);
    return done;
  }
  run = (incident: Incident, persist: PersistIncident) => this.gated(incident, persist);
  resume = (incident: Incident, persist: PersistIncident) => this.gated(incident, persist);
  approve = (incident: Incident, persist: PersistIncident) => this.gated(incident, persist);
  reject = (incident: Incident, persist: PersistIncident) => this.gated(incident, persist);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('resume after a restart', () => {
  it('resumes 12 unfinished incidents (acting, verifying, open beyond the queue) 2 at a time', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ai4all-resume-'));
    const statuses = ['acting', 'verifying', 'open', 'diagnosing'] as const;
    const lines = Array.from({ length: 12 }, (_, index) =>
      encodeJournalLine(
        testIncident(
          `inc-${String(index).padStart(2, '0')}`,
          statuses[index % 4]!,
          `2026-11-24T10:00:${String(index).padStart(2, '0')}.000Z`,
        ),
      ),
    );
    await writeFile(join(directory, 'incidents.jsonl'), lines.join(''));
    const workflow = new GatedWorkflow();
    agent = await startTestAgent({
      workflow: workflow as never,
      dataDirectory: directory,
      environment: { AGENT_CONCURRENCY: '2', AGENT_QUEUE_CAPACITY: '1' },
    });
    await settle();
    expect(workflow.started).toHaveLength(2);
    for (let round = 0; round < 10 && workflow.started.length < 12; round += 1) {
      workflow.release();
      await settle();
    }
    workflow.release();
    await agent.idle();
    expect(new Set(workflow.started).size).toBe(12);
    expect(workflow.peak).toBe(2);
  });
});
