/**
 * Durable incident journal: append-only JSONL under AGENT_DATA_DIR, one full incident snapshot per
 * line (the last snapshot of an id wins) or a delta of what intake added to it since. Appends are group-committed: every caller's line is written
 * (and fdatasync'ed when asked) before its promise resolves, and callers arriving during a sync share
 * the next one. Reload tolerates a torn last line or corrupt lines (reported, set aside, not fatal).
 * Compaction rewrites the file atomically (temp file, fsync, rename, directory fsync).
 */
import { open, mkdir, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isTerminal, type Incident } from '../../domain/incident.js';
import { encodeJournalLine, encodeNotesLine, type IncidentNotes } from './incident-record.js';
import { scanJournal, type LostReason, type LostRecord } from './journal-reader.js';

export const JOURNAL_FILE = 'incidents.jsonl';

export interface CorruptLine {
  readonly line: number;
  readonly reason: string;
  /** corrupt | oversized | torn | empty (an expected journal was found empty). */
  readonly kind?: LostReason | 'empty';
}

export interface JournalContents {
  /** Latest snapshot of each incident, in first-seen (creation) order. */
  readonly incidents: readonly Incident[];
  /** Records that could not be read back (the first ones; `lostCount` counts them all). */
  readonly corrupt: readonly CorruptLine[];
  readonly lostCount: number;
  /** Where corrupt lines were copied before compaction, when there were any. */
  readonly quarantinePath: string | null;
  /** Bytes read at start. */
  readonly bytesRead: number;
  /** Incidents the journal held when last compacted, per its sidecar (null when unknown). */
  readonly expectedIncidents: number | null;
  /** Kept incidents some of whose records were lost (each got a `journal-records-lost` entry). */
  readonly damagedIncidentIds: readonly string[];
  /** Ids seen only in lost records: those incidents are gone. */
  readonly lostIncidentIds: readonly string[];
}

/** Sidecar written at every compaction: how many incidents the journal held (to notice a lost journal). */
export const JOURNAL_META_FILE = 'incidents.meta.json';

interface PendingWrite {
  readonly data: string;
  readonly sync: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

export class IncidentJournal {
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private tail: Promise<void> = Promise.resolve();
  private bytesWritten = 0;
  private closed = false;

  private constructor(
    private readonly directory: string,
    private handle: FileHandle,
  ) {}

  get path(): string {
    return join(this.directory, JOURNAL_FILE);
  }

  /** Bytes appended since open or the last compaction (the store compacts past a threshold). */
  get appendedBytes(): number {
    return this.bytesWritten;
  }

  /**
   * Opens (creating) the journal in `directory`, streams it back (bounded memory whatever its size),
   * and compacts it to one line per incident (dropping the oldest terminal incidents beyond
   * `retain`). Unreadable lines are copied to a quarantine file (the first 1000) and reported.
   */
  static async open(
    directory: string,
    retain: number,
  ): Promise<{ journal: IncidentJournal; contents: JournalContents }> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const path = join(directory, JOURNAL_FILE);
    const expectedIncidents = await readMeta(directory);
    const scan = await scanJournal(path, retain);
    const corrupt: CorruptLine[] = scan.lost.map(({ line, reason, kind }) => ({ line, reason, kind }));
    let lostCount = scan.lostCount;
    if (scan.bytes === 0 && expectedIncidents !== null && expectedIncidents > 0) {
      corrupt.push({
        line: 0,
        reason: `the journal is empty or missing but held ${expectedIncidents} incident(s) when last compacted`,
        kind: 'empty',
      });
      lostCount += 1;
    }
    let quarantinePath: string | null = null;
    if (scan.lostCount > 0) {
      quarantinePath = join(directory, `incidents.corrupt-${Date.now()}.jsonl`);
      const described = scan.lost
        .filter((record) => record.kind === 'oversized')
        .map((record) => JSON.stringify({ line: record.line, lost: record.reason }));
      await writeFile(quarantinePath, `${[...scan.quarantine, ...described].join('\n')}\n`, { mode: 0o600 });
    }
    const { damagedIncidentIds, lostIncidentIds } = markDamaged(scan.incidents, scan.lost, quarantinePath);
    const incidents = retainIncidents([...scan.incidents.values()], retain);
    scan.incidents.clear();
    await writeAtomically(directory, JOURNAL_FILE, incidents.map(encodeJournalLine));
    await writeMeta(directory, incidents.length);
    const handle = await open(path, 'a', 0o600);
    return {
      journal: new IncidentJournal(directory, handle),
      contents: {
        incidents,
        corrupt,
        lostCount,
        quarantinePath,
        bytesRead: scan.bytes,
        expectedIncidents,
        damagedIncidentIds,
        lostIncidentIds,
      },
    };
  }

  /** Appends a delta line (alerts and entries intake added), written without fsync like any note. */
  appendNotes(notes: IncidentNotes): Promise<void> {
    return this.enqueue(encodeNotesLine(notes), false);
  }

  /**
   * Appends one snapshot. With `sync` (the default) it resolves once the line is fdatasync'ed;
   * without, once it is written to the file (in the kernel: it survives a process crash, not a
   * power loss). Writes stay in order either way.
   */
  append(incident: Incident, sync = true): Promise<void> {
    return this.enqueue(encodeJournalLine(incident), sync);
  }

  /** Appends a line already encoded with encodeJournalLine (the store encodes once to check its size). */
  appendLine(line: string, sync = true): Promise<void> {
    return this.enqueue(line, sync);
  }

  private enqueue(data: string, sync: boolean): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the incident journal is closed'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ data, sync, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        void this.serially(() => {
          this.flushScheduled = false;
          return this.flushBatch();
        });
      }
    });
  }

  /** Rewrites the journal atomically with the snapshots `current()` returns when it runs. */
  compact(current: () => readonly Incident[]): Promise<void> {
    return this.serially(async () => {
      await this.handle.close();
      const incidents = current();
      await writeAtomically(this.directory, JOURNAL_FILE, incidents.map(encodeJournalLine));
      await writeMeta(this.directory, incidents.length);
      this.handle = await open(this.path, 'a', 0o600);
      this.bytesWritten = 0;
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.serially(() => this.handle.close());
  }

  /** Runs one file operation after every earlier one (appends and compactions never interleave). */
  private serially(operation: () => Promise<void>): Promise<void> {
    const run = this.tail.then(operation);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async flushBatch(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    const data = batch.map((write) => write.data).join('');
    try {
      await this.handle.appendFile(data, 'utf8');
      if (batch.some((write) => write.sync)) await this.handle.datasync();
      this.bytesWritten += Buffer.byteLength(data);
      for (const write of batch) write.resolve();
    } catch (error) {
      for (const write of batch) write.reject(error);
    }
  }
}

/**
 * Keeps every non-terminal incident and the `retain` most recently created terminal ones, in
 * their original order. Ordered by creation time, not by when a snapshot was last written, so a
 * late write of an old incident never pushes out newer ones.
 */
export function retainIncidents(incidents: readonly Incident[], retain: number): Incident[] {
  const terminal = incidents.filter((incident) => isTerminal(incident.status));
  if (terminal.length <= retain) return [...incidents];
  const byAge = [...terminal].sort(
    (left, right) => left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id),
  );
  const dropped = new Set(byAge.slice(0, terminal.length - retain).map((incident) => incident.id));
  return incidents.filter((incident) => !dropped.has(incident.id));
}

/**
 * Gives every kept incident whose records were lost a `journal-records-lost` entry (journaled by
 * the compaction that follows, so it outlives the quarantine), and lists the ids of lost incidents.
 */
function markDamaged(
  incidents: Map<string, Incident>,
  lost: readonly LostRecord[],
  quarantinePath: string | null,
): { damagedIncidentIds: string[]; lostIncidentIds: string[] } {
  const byId = new Map<string, LostRecord[]>();
  for (const record of lost) {
    if (record.incidentId === undefined) continue;
    byId.set(record.incidentId, [...(byId.get(record.incidentId) ?? []), record]);
  }
  const damagedIncidentIds: string[] = [];
  const lostIncidentIds: string[] = [];
  for (const [id, records] of byId) {
    const incident = incidents.get(id);
    if (!incident) {
      lostIncidentIds.push(id);
      continue;
    }
    damagedIncidentIds.push(id);
    const kinds = [...new Set(records.map((record) => record.kind))].join(', ');
    incidents.set(id, {
      ...incident,
      timeline: [
        ...incident.timeline,
        {
          at: new Date().toISOString(),
          event: 'journal-records-lost',
          message: `${records.length} journal record(s) of this incident could not be read back (${kinds}, lines ${records.map((record) => record.line).join(', ')}); this record may be older than what happened${quarantinePath ? `; see ${quarantinePath}` : ''}`,
        },
      ],
    });
  }
  return { damagedIncidentIds, lostIncidentIds };
}

async function readMeta(directory: string): Promise<number | null> {
  try {
    const parsed = JSON.parse(await readFile(join(directory, JOURNAL_META_FILE), 'utf8')) as { incidents?: unknown };
    return typeof parsed.incidents === 'number' ? parsed.incidents : null;
  } catch {
    return null;
  }
}

async function writeMeta(directory: string, incidents: number): Promise<void> {
  await writeAtomically(directory, JOURNAL_META_FILE, [`${JSON.stringify({ incidents })}\n`]);
}

/** Writes `lines` to a temp file in ~1 MiB chunks (never one string of the whole journal), then renames. */
async function writeAtomically(directory: string, name: string, lines: readonly string[]): Promise<void> {
  const temporary = join(directory, `.${name}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    let chunk: string[] = [];
    let size = 0;
    for (const line of lines) {
      chunk.push(line);
      size += line.length;
      if (size >= 1024 * 1024) {
        await handle.write(chunk.join(''), null, 'utf8');
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length > 0) await handle.write(chunk.join(''), null, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, join(directory, name));
  const directoryHandle = await open(directory, 'r');
  try {
    await directoryHandle.sync();
  } finally {
    await directoryHandle.close();
  }
}
