import { appendFile, mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentStore, needsSync } from './incident-store.js';
import { JOURNAL_FILE, JOURNAL_META_FILE } from './incident-journal.js';
import { AlertLedger, LEDGER_FILE } from './alert-ledger.js';
import { testIncident } from './test-incident.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ai4all-state-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const at = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute)).toISOString();

describe('IncidentStore', () => {
  it('survives a restart: every saved snapshot comes back, latest state wins, newest first', async () => {
    const { store } = await IncidentStore.open({ directory, retain: 100 });
    await store.save(testIncident('a', 'open', at(1)));
    await store.save(testIncident('b', 'diagnosing', at(2)));
    await store.save({ ...testIncident('a', 'acting', at(1)), updatedAt: at(3) });
    await store.close();

    const { store: reopened, loaded } = await IncidentStore.open({ directory, retain: 100 });
    expect(loaded.corrupt).toEqual([]);
    expect(reopened.list().map((incident) => [incident.id, incident.status])).toEqual([
      ['b', 'diagnosing'],
      ['a', 'acting'],
    ]);
    expect(
      reopened
        .unfinished()
        .map((incident) => incident.id)
        .sort(),
    ).toEqual(['a', 'b']);
    await reopened.close();
  });

  it('group-commits concurrent saves and loses none', async () => {
    const { store } = await IncidentStore.open({ directory, retain: 1000 });
    await Promise.all(Array.from({ length: 200 }, (_, index) => store.save(testIncident(`i-${index}`, 'open'))));
    await store.close();
    const lines = (await readFile(join(directory, JOURNAL_FILE), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(200);
    const { store: reopened } = await IncidentStore.open({ directory, retain: 1000 });
    expect(reopened.size).toBe(200);
    await reopened.close();
  });

  it('reports corrupt and torn lines by number, quarantines them, and keeps the good ones', async () => {
    const { store } = await IncidentStore.open({ directory, retain: 100 });
    await store.save(testIncident('good-1', 'resolved', at(1)));
    await store.close();
    const path = join(directory, JOURNAL_FILE);
    await appendFile(path, 'this is not json\n');
    await appendFile(path, `${JSON.stringify({ v: 1, incident: { id: 'x', status: 'exploded' } })}\n`);
    await appendFile(path, `${JSON.stringify({ v: 1, incident: testIncident('good-2', 'open', at(2)) })}\n`);
    await appendFile(path, '{"v":1,"incident":{"id":"torn"'); // crash mid-write

    const { store: reopened, loaded } = await IncidentStore.open({ directory, retain: 100 });
    expect(loaded.corrupt.map((line) => line.line)).toEqual([2, 3, 5]);
    expect(loaded.corrupt[0]?.reason).toContain('not a journal record');
    expect(loaded.corrupt[1]?.reason).toContain('status');
    expect(reopened.list().map((incident) => incident.id)).toEqual(['good-2', 'good-1']);
    expect(loaded.quarantinePath).not.toBeNull();
    expect(await readFile(loaded.quarantinePath!, 'utf8')).toContain('this is not json');
    // The journal was compacted to valid lines only; new appends start on a clean line.
    await reopened.save(testIncident('good-3', 'open', at(3)));
    await reopened.close();
    const { loaded: again } = await IncidentStore.open({ directory, retain: 100 });
    expect(again.corrupt).toEqual([]);
    expect(again.incidents.map((incident) => incident.id)).toEqual(['good-1', 'good-2', 'good-3']);
  });

  it('keeps memory bounded: only the newest terminal incidents are retained, unfinished ones always', async () => {
    const { store } = await IncidentStore.open({ directory, retain: 10 });
    await store.save(testIncident('still-open', 'acting', at(0)));
    for (let index = 1; index <= 30; index += 1) await store.save(testIncident(`done-${index}`, 'resolved', at(index)));
    // A late snapshot of an old incident (e.g. its post-mortem path) does not make it "new".
    await store.save({ ...testIncident('done-2', 'resolved', at(2)), postMortemPath: '/late.md' });
    for (let index = 31; index <= 40; index += 1)
      await store.save(testIncident(`done-${index}`, 'resolved', at(index)));
    expect(store.size).toBeLessThanOrEqual(12); // retain + 10% slack + the unfinished one
    expect(store.get('done-2')).toBeUndefined();
    expect(store.get('done-40')).toBeDefined();
    expect(store.get('still-open')?.status).toBe('acting');
    expect(store.get('done-1')).toBeUndefined();
    await store.close();
    const { store: reopened } = await IncidentStore.open({ directory, retain: 10 });
    expect(reopened.size).toBe(11);
    expect(reopened.get('done-40')).toBeDefined();
    await reopened.close();
  });

  it('writes the journal with owner-only permissions and leaves no temp files', async () => {
    const { store } = await IncidentStore.open({ directory, retain: 10 });
    await store.save(testIncident('a', 'open'));
    await store.close();
    expect((await readdir(directory)).sort()).toEqual([JOURNAL_FILE, JOURNAL_META_FILE].sort());
    expect((await stat(join(directory, JOURNAL_FILE))).mode & 0o777).toBe(0o600);
    expect((await stat(join(directory, JOURNAL_META_FILE))).mode & 0o777).toBe(0o600);
  });
});

describe('AlertLedger', () => {
  it('records every alert disposition and rotates at the size limit', async () => {
    const ledger = new AlertLedger({ directory, flushIntervalMilliseconds: 5, rotateBytes: 2_000 });
    for (let index = 0; index < 30; index += 1) {
      ledger.record({
        at: at(index),
        fingerprint: `fp-${index}`,
        alertname: 'HighErrorRate',
        status: 'firing',
        disposition: index % 2 === 0 ? 'handled' : 'deduplicated',
        reason: 'test',
      });
      if (index % 10 === 9) await ledger.flush();
    }
    await ledger.flush();
    expect(ledger.lastError).toBeNull();
    const current = (await readFile(join(directory, LEDGER_FILE), 'utf8')).trim().split('\n');
    const rotated = (await readFile(join(directory, 'alerts.1.jsonl'), 'utf8')).trim().split('\n');
    expect(current.length + rotated.length).toBeLessThanOrEqual(30);
    expect(JSON.parse(current.at(-1)!)).toMatchObject({ fingerprint: 'fp-29', disposition: 'deduplicated' });
  });
});

describe('needsSync', () => {
  const base = testIncident('s', 'diagnosing');
  it('syncs new incidents, execution/undo records and the statuses around a write; not progress', () => {
    expect(needsSync(undefined, base)).toBe(true);
    expect(needsSync(base, { ...base, status: 'acting' })).toBe(true);
    expect(needsSync(base, { ...base, status: 'failed' })).toBe(true);
    const target = base.target!;
    expect(needsSync(base, { ...base, undo: { type: 'scale', target, previousReplicas: 2 } })).toBe(true);
    expect(needsSync({ ...base, status: 'open' }, base)).toBe(false);
    expect(needsSync(base, { ...base, decision: { outcome: 'allowed', reasons: [] } })).toBe(false);
    expect(
      needsSync(base, {
        ...base,
        timeline: [...base.timeline, { at: base.createdAt, event: 'evidence-gathered', message: 'pods, events' }],
      }),
    ).toBe(false);
  });
});
