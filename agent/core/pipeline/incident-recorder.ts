/**
 * The incident recorder: holds the incident the workflow is working on and persists every change
 * before the workflow moves on: each update writes a new snapshot (with its timeline entries)
 * through `persist`, and logs each entry with the incident id. (The file the snapshots land in is
 * the disk adapter's IncidentJournal.)
 */
import type { Incident, IncidentEvent, TimelineEntry } from '../../domain/incident.js';
import type { Clock } from '../../ports/clock.js';
import type { PipelineLogger } from '../../ports/telemetry.js';

export type PersistIncident = (incident: Incident) => Promise<void>;

export interface EntryInput {
  readonly event: IncidentEvent;
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type IncidentChanges = Partial<Omit<Mutable<Incident>, 'id' | 'timeline' | 'createdAt' | 'updatedAt'>>;

export class IncidentRecorder {
  constructor(
    private current: Incident,
    private readonly persist: PersistIncident,
    private readonly clock: Clock,
    private readonly logger: PipelineLogger,
  ) {}

  get incident(): Incident {
    return this.current;
  }

  /** Applies `changes`, appends the entries, persists, and resolves once persisted. */
  async update(changes: IncidentChanges, ...entries: EntryInput[]): Promise<Incident> {
    const at = this.clock.now().toISOString();
    const added: TimelineEntry[] = entries.map((entry) => ({
      at,
      event: entry.event,
      message: entry.message,
      ...(entry.data ? { data: entry.data } : {}),
    }));
    this.current = { ...this.current, ...changes, updatedAt: at, timeline: [...this.current.timeline, ...added] };
    for (const entry of added) {
      this.logger.info({ incidentId: this.current.id, event: entry.event, ...(entry.data ?? {}) }, entry.message);
    }
    await this.persist(this.current);
    return this.current;
  }

  /** Appends entries without other changes. */
  note(...entries: EntryInput[]): Promise<Incident> {
    return this.update({}, ...entries);
  }
}
