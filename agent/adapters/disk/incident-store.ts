/**
 * The incidents the agent knows about: an in-memory index over the durable journal. `save` returns
 * once the snapshot is on disk, so a crash never loses a state change the workflow was told was
 * persisted. Memory stays bounded: only the newest `retain` terminal incidents are kept.
 */
import { isTerminal, type Incident, type IncidentStatus } from '../../domain/incident.js';
import { boundIncident, MAX_INCIDENT_BYTES } from './incident-bounds.js';
import { IncidentJournal, retainIncidents, type JournalContents } from './incident-journal.js';
import { encodeJournalLine, type IncidentNotes } from './incident-record.js';

/** The journal is compacted once this many bytes were appended since the last compaction. */
const COMPACT_AFTER_BYTES = 32 * 1024 * 1024;

export interface StoreOptions {
  readonly directory: string;
  /** Terminal incidents kept in memory and in the journal. */
  readonly retain: number;
}

/** Where an incident sits in `list()` order (a page cursor carries one). */
export interface IncidentPosition {
  readonly createdAt: string;
  readonly id: string;
}

const newestFirst = (left: Incident, right: Incident): number =>
  left.createdAt === right.createdAt ? compare(right.id, left.id) : compare(right.createdAt, left.createdAt);
const compare = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

export class IncidentStore {
  private readonly incidents = new Map<string, Incident>();
  private compacting: Promise<void> | null = null;

  private constructor(
    private readonly journal: IncidentJournal,
    private readonly retain: number,
  ) {}

  /** Opens the journal and loads it; `loaded` says what came back and what was corrupt. */
  static async open(options: StoreOptions): Promise<{ store: IncidentStore; loaded: JournalContents }> {
    const { journal, contents } = await IncidentJournal.open(options.directory, options.retain);
    const store = new IncidentStore(journal, options.retain);
    for (const incident of contents.incidents) store.incidents.set(incident.id, incident);
    return { store, loaded: contents };
  }

  get path(): string {
    return this.journal.path;
  }

  get(id: string): Incident | undefined {
    return this.incidents.get(id);
  }

  /** Newest first (by creation time, then by id for a stable order). */
  list(): Incident[] {
    return [...this.incidents.values()].sort(newestFirst);
  }

  /**
   * One page of `list()` order (newest first): at most `limit` incidents after the position
   * `after` (exclusive), optionally only those with `status`; `more` says whether a next page exists.
   */
  page(options: { readonly limit: number; readonly after?: IncidentPosition; readonly status?: IncidentStatus }): {
    readonly items: Incident[];
    readonly more: boolean;
  } {
    const { after, status } = options;
    const older = (incident: Incident) =>
      after === undefined ||
      incident.createdAt < after.createdAt ||
      (incident.createdAt === after.createdAt && incident.id < after.id);
    const matching: Incident[] = [];
    for (const incident of this.incidents.values()) {
      if ((status === undefined || incident.status === status) && older(incident)) matching.push(incident);
    }
    matching.sort(newestFirst);
    return { items: matching.slice(0, options.limit), more: matching.length > options.limit };
  }

  /** Incidents the workflow has not finished (to resume after a restart). */
  unfinished(): Incident[] {
    return [...this.incidents.values()].filter((incident) => !isTerminal(incident.status));
  }

  get size(): number {
    return this.incidents.size;
  }

  /**
   * Records a snapshot and resolves once it is on disk. It is visible to readers at once, so a
   * compaction (which rewrites the journal from this index) can never miss a written snapshot.
   */
  async save(unbounded: Incident): Promise<void> {
    // Encoded once; bounded (and encoded again) only in the rare case it is over the cap.
    let incident = unbounded;
    let line = encodeJournalLine(incident);
    if (line.length > MAX_INCIDENT_BYTES) {
      incident = boundIncident(unbounded);
      line = encodeJournalLine(incident);
    }
    const previous = this.incidents.get(incident.id);
    this.incidents.set(incident.id, incident);
    const written = this.journal.appendLine(line, needsSync(previous, incident));
    if (isTerminal(incident.status)) this.evictBeyondRetention();
    this.compactWhenLarge();
    await written;
  }

  /**
   * Records what intake added to an incident (`merged` is the incident with it) by appending only
   * the delta, not the whole incident again (issue 12: 50 grouped alerts re-saved 44 MB each time).
   */
  async saveNotes(merged: Incident, notes: IncidentNotes): Promise<void> {
    if (!this.incidents.has(merged.id)) return;
    // Alerts are bounded at intake (4 KiB each, 50 per incident): the delta never needs trimming here.
    this.incidents.set(merged.id, merged);
    const written = this.journal.appendNotes(notes);
    this.compactWhenLarge();
    await written;
  }

  private compactWhenLarge(): void {
    if (this.journal.appendedBytes > COMPACT_AFTER_BYTES && !this.compacting) {
      // A failed compaction leaves the previous file in place (the rename is atomic), so it is safe to ignore.
      this.compacting = this.journal
        .compact(() => [...this.incidents.values()])
        .catch(() => undefined)
        .finally(() => {
          this.compacting = null;
        });
    }
  }

  async close(): Promise<void> {
    await this.compacting;
    await this.journal.close();
  }

  /** Evicts in batches (10% slack) so a storm does not pay a sort per saved snapshot. */
  private evictBeyondRetention(): void {
    if (this.incidents.size <= this.retain + Math.max(1, Math.floor(this.retain / 10))) return;
    const kept = new Set(retainIncidents([...this.incidents.values()], this.retain).map((incident) => incident.id));
    for (const id of this.incidents.keys()) if (!kept.has(id)) this.incidents.delete(id);
  }
}

/**
 * Snapshots that change what a restart would do are fsync'ed before the workflow continues: a new
 * incident, an execution record (the intent before a write, the applied write, the undo) or undo
 * record, a terminal status, and the statuses around a write (`acting`, `verifying`) or a pending
 * approval. Everything else (diagnosing, evidence, the decision before the intent) is written without
 * fsync: a process crash keeps it (it is in the kernel), a power loss may drop it, and resuming
 * simply redoes that work, which never writes to the cluster before a durable intent.
 */
export function needsSync(previous: Incident | undefined, next: Incident): boolean {
  if (!previous) return true;
  const changed = (key: 'execution' | 'undo') =>
    JSON.stringify(previous[key] ?? null) !== JSON.stringify(next[key] ?? null);
  if (changed('execution') || changed('undo')) return true;
  return (
    previous.status !== next.status &&
    (isTerminal(next.status) || ['acting', 'verifying', 'awaiting-approval'].includes(next.status))
  );
}
