/**
 * Fault suite: seeded corruption of the incident journal (flipped bytes, torn and truncated lines,
 * garbage and duplicate lines, an oversized line, an emptied file) before a start. The store must
 * open every time (never throw, never loop), keep only records it could read, count what it lost,
 * and every loaded incident must be one that was written. 60 variants in npm test, 1,000 nightly.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../adapters/disk/incident-store.js';
import { JOURNAL_FILE } from '../adapters/disk/incident-journal.js';
import { testIncident } from '../adapters/disk/test-incident.js';
import { MAX_LINE_BYTES } from '../adapters/disk/journal-reader.js';
import { SeededRandom, suiteSize } from './test-seeded-random.js';

const VARIANTS = suiteSize(60, 1_000);
let directory: string;
let original: string;
const ids = Array.from({ length: 12 }, (_, index) => `inc-${String(index).padStart(2, '0')}`);

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ai4all-corrupt-'));
  const { store } = await IncidentStore.open({ directory, retain: 100 });
  for (const [index, id] of ids.entries()) {
    await store.save(
      testIncident(
        id,
        index % 3 === 0 ? 'resolved' : 'awaiting-approval',
        `2026-11-24T10:00:${String(index).padStart(2, '0')}.000Z`,
      ),
    );
  }
  await store.close();
  original = await readFile(join(directory, JOURNAL_FILE), 'utf8');
});
afterAll(() => rm(directory, { recursive: true, force: true }));

function corrupt(random: SeededRandom, text: string): string {
  const lines = text.split('\n');
  switch (random.integer(7)) {
    case 0: {
      const bytes = Buffer.from(text);
      for (let flips = 1 + random.integer(20); flips > 0; flips -= 1) {
        const at = random.integer(bytes.length);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << random.integer(8));
      }
      return bytes.toString('utf8');
    }
    case 1:
      return text.slice(0, random.integer(text.length));
    case 2:
      lines.splice(random.integer(lines.length), 0, random.string(200));
      return lines.join('\n');
    case 3:
      lines.splice(random.integer(lines.length), 0, lines[random.integer(lines.length)] ?? '');
      return lines.join('\n');
    case 4:
      lines.splice(
        random.integer(lines.length),
        0,
        `{"v":1,"incident":{"id":"inc-99","x":"${'y'.repeat(MAX_LINE_BYTES + 1)}"}}`,
      );
      return lines.join('\n');
    case 5:
      return '';
    default:
      return lines.map((line) => (random.chance(0.3) ? line.slice(0, random.integer(line.length)) : line)).join('\n');
  }
}

describe(`${VARIANTS} corrupted journals`, () => {
  it('every one opens: loaded incidents were written, losses are counted, the start-up compaction reads back clean', async () => {
    const random = new SeededRandom(7);
    const path = join(directory, JOURNAL_FILE);
    let lostTotal = 0;
    for (let variant = 0; variant < VARIANTS; variant += 1) {
      await writeFile(path, corrupt(random, original));
      const { store, loaded } = await IncidentStore.open({ directory, retain: 100 });
      for (const incident of store.list()) expect(ids).toContain(incident.id);
      lostTotal += loaded.lostCount;
      await store.close();
      // The compacted journal is clean: opening it again loses nothing new.
      const again = await IncidentStore.open({ directory, retain: 100 });
      expect(again.loaded.corrupt.filter((line) => line.kind !== 'empty')).toEqual([]);
      await again.store.close();
    }
    expect(lostTotal).toBeGreaterThan(0);
  }, 600_000);
});
