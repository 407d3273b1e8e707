/**
 * Issue 12, defect 3: state is bounded in bytes. A journal far larger than the heap loads as a
 * stream (the old reader read it into one string: RangeError past 512 MB, a crash loop), an
 * oversized line is skipped and reported, and the journal is compacted at start.
 * Size: 160 MB here; AGENT_FAULT_SUITE=nightly writes the 1 GB journal of the issue.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testIncident } from './test-incident.js';
import { encodeJournalLine } from './incident-record.js';
import { JOURNAL_FILE } from './incident-journal.js';
import { MAX_LINE_BYTES } from './journal-reader.js';

const NIGHTLY = process.env['AGENT_FAULT_SUITE'] === 'nightly';
const JOURNAL_BYTES = NIGHTLY ? 1024 * 1024 * 1024 : 160 * 1024 * 1024;
/**
 * The child's heap is capped far below the journal's size: a reader that held the journal (or a
 * large part of it) dies of heap exhaustion, whatever the GC's timing. RSS (heap, code, buffers and
 * the GC's slack) is held to half the agent container's 512 MiB limit.
 */
const HEAP_LIMIT_MIB = 64;
const RSS_LIMIT = 256 * 1024 * 1024;

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'ai4all-journal-bounds-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

/** Many snapshots of 200 incidents (each re-saved), one oversized line, until `bytes`. */
async function writeLargeJournal(bytes: number): Promise<void> {
  const handle = await open(join(directory, JOURNAL_FILE), 'w');
  let written = 0;
  let round = 0;
  try {
    const oversized = encodeJournalLine({
      ...testIncident('inc-oversized', 'open', '2026-11-24T10:00:00.000Z'),
      timeline: [
        { at: '2026-11-24T10:00:00.000Z', event: 'incident-opened', message: 'y'.repeat(MAX_LINE_BYTES + 10) },
      ],
    });
    await handle.write(oversized);
    written += oversized.length;
    while (written < bytes) {
      const lines: string[] = [];
      for (let index = 0; index < 200; index += 1) {
        const incident = testIncident(`inc-${String(index).padStart(4, '0')}`, 'open', '2026-11-24T10:00:00.000Z');
        lines.push(
          encodeJournalLine({
            ...incident,
            status: index % 2 === 0 ? 'resolved' : 'awaiting-approval',
            timeline: [
              { at: incident.createdAt, event: 'alert-grouped', message: `round ${round} ${'z'.repeat(4000)}` },
            ],
          }),
        );
      }
      const chunk = lines.join('');
      await handle.write(chunk);
      written += chunk.length;
      round += 1;
    }
  } finally {
    await handle.close();
  }
}

function openInChild(): Promise<{
  ok: boolean;
  incidents?: number;
  lost?: number;
  kinds?: string[];
  peakRss: number;
  error?: string;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      join(process.cwd(), 'node_modules', '.bin', 'tsx'),
      [join(import.meta.dirname, 'journal-open-child.ts'), directory, '100'],
      {
        env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${HEAP_LIMIT_MIB}` },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const line = output.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as never);
      } catch {
        resolve({ ok: false, error: `no result (${errors.slice(-500)})`, peakRss: 0 });
      }
    });
  });
}

describe('a journal larger than memory', () => {
  it(`starts from a ${JOURNAL_BYTES / 1024 / 1024} MB journal on a ${HEAP_LIMIT_MIB} MiB heap within ${RSS_LIMIT / 1024 / 1024} MB RSS, compacted, the oversized line reported`, async () => {
    await writeLargeJournal(JOURNAL_BYTES);
    const result = await openInChild();
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.incidents).toBe(200);
    expect(result.lost).toBe(1);
    expect(result.kinds).toEqual(['oversized']);
    console.info(`journal ${JOURNAL_BYTES} bytes: peak RSS ${result.peakRss} bytes`);
    expect(result.peakRss).toBeLessThan(RSS_LIMIT);
    // Compacted at start: one line per incident.
    expect((await stat(join(directory, JOURNAL_FILE))).size).toBeLessThan(200 * 6000);
  }, 600_000);
});
