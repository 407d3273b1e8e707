/**
 * Durable incident journal: append-only JSONL under AGENT_DATA_DIR, one full incident snapshot per
 * line, the last snapshot of an id wins. Appends are group-committed: every caller's line is written
 * (and fdatasync'ed when asked) before its promise resolves, and callers arriving during a sync share
 * the next one. Reload tolerates a torn last line or corrupt lines (reported, set aside, not fatal).
 * Compaction rewrites the file atomically (temp file, fsync, rename, directory fsync).
 */
import { open, mkdir, readFile, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { isTerminal, type Incident } from '../../domain/incident.js';
import { decodeJournalLine, encodeJournalLine } from './incident-record.js';

export const JOURNAL_FILE = 'incidents.jsonl';

export interface CorruptLine {
  readonly line: number;
  readonly reason: string;
}

export interface JournalContents {
  /** Latest snapshot of each incident, in first-seen (creation) order. */
  readonly incidents: readonly Incident[];
  readonly corrupt: readonly CorruptLine[];
  /** Where corrupt lines were copied before compaction, when there were any. */
  readonly quarantinePath: string | null;
}

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
   * Opens (creating) the journal in `directory`, reads it back, and compacts it to one line per
   * incident (dropping the oldest terminal incidents beyond `retain`). Corrupt lines are copied to
   * a quarantine file and reported.
   */
  static async open(
    directory: string,
    retain: number,
  ): Promise<{ journal: IncidentJournal; contents: JournalContents }> {
    await mkdir(directory, { recursive: true, mode: 0o700 });
    const path = join(directory, JOURNAL_FILE);
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const latest = new Map<string, Incident>();
    const corrupt: CorruptLine[] = [];
    const corruptText: string[] = [];
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim().length === 0) return;
      const decoded = decodeJournalLine(line);
      if (decoded.ok) {
        latest.set(decoded.incident.id, decoded.incident);
      } else {
        corrupt.push({ line: index + 1, reason: decoded.reason });
        corruptText.push(line);
      }
    });
    let quarantinePath: string | null = null;
    if (corruptText.length > 0) {
      quarantinePath = join(directory, `incidents.corrupt-${Date.now()}.jsonl`);
      await writeFile(quarantinePath, `${corruptText.join('\n')}\n`, { mode: 0o600 });
    }
    const incidents = retainIncidents([...latest.values()], retain);
    await writeAtomically(directory, JOURNAL_FILE, incidents.map(encodeJournalLine).join(''));
    const handle = await open(path, 'a', 0o600);
    return { journal: new IncidentJournal(directory, handle), contents: { incidents, corrupt, quarantinePath } };
  }

  /**
   * Appends one snapshot. With `sync` (the default) it resolves once the line is fdatasync'ed;
   * without, once it is written to the file (in the kernel: it survives a process crash, not a
   * power loss). Writes stay in order either way.
   */
  append(incident: Incident, sync = true): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the incident journal is closed'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ data: encodeJournalLine(incident), sync, resolve, reject });
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
      await writeAtomically(this.directory, JOURNAL_FILE, current().map(encodeJournalLine).join(''));
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

async function writeAtomically(directory: string, name: string, data: string): Promise<void> {
  const temporary = join(directory, `.${name}.${process.pid}.tmp`);
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
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
