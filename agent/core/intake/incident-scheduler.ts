/**
 * The incident scheduler runs incidents through the workflow: a bounded number at a time, highest priority first, only on
 * the elected leader. Owns the `persist` callback handed to the workflow (journal first, intake
 * notes merged in) and what happens when an incident ends (metrics, cooldown, post-mortem).
 * A workflow that throws leaves its incident `needs-human`, never silently open.
 */
import type { Logger } from 'pino';
import { isTerminal, type Incident, type IncidentReview, type TimelineEntry } from '../../domain/incident.js';
import type { IncidentStore } from '../../adapters/disk/incident-store.js';
import { IncidentStateError, IncidentNotFoundError } from './errors.js';
import { addNote, emptyNotes, mergeNotes, notesDelta, type IntakeNotes } from './incident-merge.js';
import type { IncidentQueue } from './incident-queue.js';
import type { IncidentWorkflowPort, PersistIncident } from './workflow-port.js';

export interface SchedulerDependencies {
  readonly store: IncidentStore;
  readonly workflow: IncidentWorkflowPort;
  readonly queue: IncidentQueue;
  readonly concurrency: number;
  readonly isLeader: () => boolean;
  readonly logger: Logger;
  /** Called synchronously the moment an incident reaches a terminal status (metrics, cooldown). */
  readonly onEnded: (incident: Incident) => void;
  /** Then called off the workflow slot (post-mortem); returns the snapshot to keep. */
  readonly onTerminal: (incident: Incident) => Promise<Incident>;
  readonly onQueueChange: (depth: number) => void;
  readonly now?: () => Date;
  /** How long `stop` waits for running workflows before giving up (they resume after restart). */
  readonly stopGraceMilliseconds?: number;
}

type Stage = 'run' | 'resume' | 'approve' | 'reject';

/** Who approves or rejects, and why; the scheduler stamps the verdict and the time. */
export type ReviewInput = Pick<IncidentReview, 'by' | 'comment' | 'via'>;

export class IncidentScheduler {
  private readonly notes = new Map<string, IntakeNotes>();
  private readonly active = new Map<string, Promise<void>>();
  private readonly finishing = new Set<Promise<Incident>>();
  private readonly pendingSaves = new Map<string, NodeJS.Timeout>();
  /** Unfinished incidents from before a restart, waiting for a slot (ahead of the queue). */
  private readonly backlog: string[] = [];
  private idleWaiters: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly dependencies: SchedulerDependencies) {}

  private now(): string {
    return (this.dependencies.now?.() ?? new Date()).toISOString();
  }

  /** True while the workflow is working on this incident. */
  isActive(id: string): boolean {
    return this.active.has(id);
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** The incident as it should be shown: the stored snapshot with intake notes merged in. */
  view(incident: Incident): Incident {
    return mergeNotes(incident, this.notes.get(incident.id));
  }

  persistFor(id: string): PersistIncident {
    return async (incident) => {
      if (incident.id !== id) throw new Error(`workflow persisted incident ${incident.id} while working on ${id}`);
      await this.dependencies.store.save(mergeNotes(incident, this.notes.get(id)));
    };
  }

  /** Queues a stored incident for the workflow. */
  enqueue(id: string, priority: number): void {
    this.dependencies.queue.push(id, priority);
    this.dependencies.onQueueChange(this.dependencies.queue.size);
    this.pump();
  }

  /**
   * Adds what intake learned to an incident (bounded). While a workflow holds the incident the
   * notes are merged into its next snapshot; otherwise a merged snapshot is saved shortly after
   * (coalesced, so an alert storm on a queued incident costs one write per interval, not one per
   * alert). Every alert is in the alert ledger meanwhile.
   */
  annotate(id: string, note: { alert?: Incident['alerts'][number]; entry: TimelineEntry }): void {
    const notes = this.notes.get(id) ?? emptyNotes();
    addNote(notes, note.alert, note.entry);
    this.notes.set(id, notes);
    if (!this.active.has(id)) this.saveSoon(id);
  }

  private saveSoon(id: string): void {
    if (this.pendingSaves.has(id)) return;
    this.pendingSaves.set(
      id,
      setTimeout(() => {
        this.pendingSaves.delete(id);
        void this.saveNotes(id);
      }, 100),
    );
  }

  private async saveNotes(id: string): Promise<void> {
    const stored = this.dependencies.store.get(id);
    if (!stored || this.active.has(id)) return;
    const merged = mergeNotes(stored, this.notes.get(id));
    if (merged === stored) return;
    // Only what intake added is appended (a delta line), never the whole incident again.
    await this.dependencies.store
      .saveNotes(merged, notesDelta(stored, merged))
      .catch((error: unknown) =>
        this.dependencies.logger.error({ incidentId: id, err: error }, 'journal-write-failed'),
      );
  }

  /** Ends an incident no workflow holds, without any action (e.g. its alert resolved first). */
  async closeWithoutAction(id: string, entry: TimelineEntry): Promise<Incident | undefined> {
    const stored = this.dependencies.store.get(id);
    if (!stored || this.active.has(id) || isTerminal(stored.status)) return undefined;
    clearTimeout(this.pendingSaves.get(id));
    this.pendingSaves.delete(id);
    this.dependencies.queue.remove(id);
    this.dependencies.onQueueChange(this.dependencies.queue.size);
    const closed: Incident = {
      ...mergeNotes(stored, this.notes.get(id)),
      status: 'no-action',
      updatedAt: entry.at,
      timeline: [...mergeNotes(stored, this.notes.get(id)).timeline, entry],
    };
    this.notes.delete(id);
    await this.dependencies.store.save(closed);
    void this.finish(closed);
    return closed;
  }

  /**
   * Approves an incident waiting for approval; the workflow continues in the background. The
   * review (who and why) goes into the incident the workflow continues from, so it is journaled
   * with the workflow's next step and reaches the post-mortem.
   */
  approve(id: string, review?: ReviewInput): Incident {
    return this.decide(id, 'approve', review);
  }

  reject(id: string, review?: ReviewInput): Incident {
    return this.decide(id, 'reject', review);
  }

  /**
   * Picks the unfinished incidents up again after a restart. They take their turn like any work:
   * at most `concurrency` run at once. Incidents mid-action (acting, verifying) go first; open ones
   * go to the queue while it has room, the rest wait in the resume backlog (never dropped, never
   * all started at once).
   */
  resumeUnfinished(): { queued: number; resumed: number; waiting: number } {
    const counts = { queued: 0, resumed: 0, waiting: 0 };
    const later: Incident[] = [];
    for (const incident of this.dependencies.store.unfinished()) {
      if (incident.status === 'awaiting-approval') {
        counts.waiting += 1;
      } else if (incident.status === 'open') {
        if (this.dependencies.queue.hasRoom(1)) {
          this.dependencies.queue.push(incident.id, 0);
          counts.queued += 1;
        } else {
          later.push(incident);
          counts.resumed += 1;
        }
      } else {
        this.backlog.push(incident.id);
        counts.resumed += 1;
      }
    }
    for (const incident of later) this.backlog.push(incident.id);
    this.dependencies.onQueueChange(this.dependencies.queue.size);
    this.pump();
    return counts;
  }

  /** Starts queued incidents while slots are free and this replica leads. */
  pump(): void {
    while (
      !this.stopped &&
      this.dependencies.isLeader() &&
      this.active.size < this.dependencies.concurrency &&
      this.backlog.length > 0
    ) {
      const id = this.backlog.shift()!;
      const incident = this.dependencies.store.get(id);
      if (incident && !isTerminal(incident.status) && !this.active.has(id)) this.start(incident, 'resume');
    }
    while (
      !this.stopped &&
      this.dependencies.isLeader() &&
      this.active.size < this.dependencies.concurrency &&
      this.dependencies.queue.size > 0
    ) {
      const id = this.dependencies.queue.shift();
      this.dependencies.onQueueChange(this.dependencies.queue.size);
      const incident = id === undefined ? undefined : this.dependencies.store.get(id);
      if (incident && !isTerminal(incident.status)) this.start(incident, 'run');
    }
    if (this.isIdle()) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Resolves when nothing is running, finishing (reports) or runnable in the queue. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops starting new work and waits (bounded) for running workflows. Whatever is still running
   * afterwards was journaled at its last step and is resumed by the next start.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    const pending = [...this.pendingSaves.keys()];
    for (const timer of this.pendingSaves.values()) clearTimeout(timer);
    this.pendingSaves.clear();
    await Promise.all(pending.map((id) => this.saveNotes(id)));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.dependencies.stopGraceMilliseconds ?? 10_000);
    });
    await Promise.race([Promise.allSettled([...this.active.values(), ...this.finishing]), grace]);
    clearTimeout(timer);
  }

  private decide(id: string, stage: 'approve' | 'reject', input: ReviewInput | undefined): Incident {
    const stored = this.dependencies.store.get(id);
    if (!stored) throw new IncidentNotFoundError(id);
    if (stored.status !== 'awaiting-approval' || this.active.has(id)) {
      throw new IncidentStateError(id, stored.status, `only an incident awaiting approval can be ${stage}d`);
    }
    const review: IncidentReview | undefined = input && {
      verdict: stage === 'approve' ? 'approved' : 'rejected',
      by: input.by,
      comment: input.comment,
      via: input.via,
      at: this.now(),
    };
    const reviewed = review ? { ...stored, review } : stored;
    this.start(reviewed, stage);
    return this.view(reviewed);
  }

  private start(incident: Incident, stage: Stage): void {
    const { logger } = this.dependencies;
    const persist = this.persistFor(incident.id);
    const work = (async () => {
      try {
        await this.dependencies.workflow[stage](incident, persist);
      } catch (error) {
        logger.error({ incidentId: incident.id, stage, err: error }, 'workflow-failed');
        const latest = this.dependencies.store.get(incident.id) ?? incident;
        if (!isTerminal(latest.status)) {
          const at = this.now();
          await persist({
            ...latest,
            status: 'needs-human',
            updatedAt: at,
            timeline: [
              ...latest.timeline,
              {
                at,
                event: 'workflow-crashed',
                message: `the agent's workflow stopped with an error during ${stage}; a human must look: ${error instanceof Error ? error.message : String(error)}`,
              },
            ],
          }).catch((persistError: unknown) => logger.error({ err: persistError }, 'journal-write-failed'));
        }
      }
      const final = this.dependencies.store.get(incident.id);
      if (final && isTerminal(final.status)) {
        this.notes.delete(final.id);
        // Reports are written off the workflow slot, so a slow disk or git never delays the next incident.
        void this.finish(final);
      }
    })();
    this.active.set(incident.id, work);
    void work.finally(() => {
      this.active.delete(incident.id);
      this.pump();
    });
  }

  private finish(incident: Incident): Promise<Incident> {
    try {
      this.dependencies.onEnded(incident);
    } catch (error) {
      this.dependencies.logger.error({ incidentId: incident.id, err: error }, 'incident-end-hook-failed');
    }
    const finishing = this.dependencies.onTerminal(incident).catch((error: unknown) => {
      this.dependencies.logger.error({ incidentId: incident.id, err: error }, 'incident-finish-failed');
      return incident;
    });
    this.finishing.add(finishing);
    void finishing.finally(() => {
      this.finishing.delete(finishing);
      this.pump();
    });
    return finishing;
  }

  private isIdle(): boolean {
    return (
      this.active.size === 0 &&
      this.finishing.size === 0 &&
      ((this.dependencies.queue.size === 0 && this.backlog.length === 0) || !this.dependencies.isLeader())
    );
  }
}
