/**
 * The console's list pages: newest first through the API's cursor, with the severity filter applied
 * while paging, so every matching incident shows up exactly once and the last page says so.
 */
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../app.js';
import type { IncidentScheduler } from '../../core/intake/incident-scheduler.js';
import { RecordingWorkflow } from '../../core/intake/recording-workflow.js';
import { alert, payload, post, startTestAgent } from '../../core/intake/test-support.js';
import { listPage } from './console-model.js';

const started: (RunningAgent & { dataDirectory: string })[] = [];
afterEach(async () => {
  for (const agent of started.splice(0)) {
    await agent.close();
    await rm(agent.dataDirectory, { recursive: true, force: true });
  }
});
const asIs = { view: (incident: unknown) => incident } as unknown as IncidentScheduler;

describe('listPage', () => {
  it('pages a severity-filtered list with full pages and an exact cursor', async () => {
    const agent = await startTestAgent({ workflow: new RecordingWorkflow() });
    started.push(agent);
    for (let index = 0; index < 7; index += 1) {
      await post(
        agent,
        payload(alert({ deployment: `app-${index}`, severity: index % 2 === 0 ? 'warning' : 'critical' })),
      );
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    await agent.idle();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = listPage(
        { store: agent.store, scheduler: asIs },
        { severity: 'warning', ...(cursor ? { cursor } : {}) },
        2,
      );
      expect(page.items.every((item) => item.severity === 'warning')).toBe(true);
      seen.push(...page.items.map((item) => item.target?.name ?? ''));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined && pages < 10);
    expect(seen).toEqual(['app-6', 'app-4', 'app-2', 'app-0']);
    expect(listPage({ store: agent.store, scheduler: asIs }, { status: 'resolved' }, 50).items).toHaveLength(7);
    expect(() => listPage({ store: agent.store, scheduler: asIs }, { status: 'bogus' })).toThrow(/status/);
  });
});
