/**
 * Decides what happens to every alert of a webhook payload, and records it: a new incident, joined
 * to the open incident of the same workload, deduplicated (same fingerprint and status seen within
 * the window, or the workload is cooling down after an incident), or rejected (queue full: the
 * whole payload is refused with 503 so Alertmanager retries it, and nothing of it is kept).
 * Resolved alerts never create incidents or actions: they close incidents nothing was done for yet.
 */
import { randomBytes } from 'node:crypto';
import type { Incident, IncidentEvent, TimelineEntry } from '../../domain/incident.js';
import { isTerminal } from '../../domain/incident.js';
import type { AgentMetrics, AlertDisposition } from '../../adapters/metrics/agent-metrics.js';
import type { AlertLedger } from '../../adapters/disk/alert-ledger.js';
import type { IncidentStore } from '../../adapters/disk/incident-store.js';
import { priorityOf, summarizeAlert } from './alert-routing.js';
import { groupKeyOf } from './alert-target.js';
import type { AlertmanagerAlert, AlertmanagerPayload } from './alertmanager-payload.js';
import { DedupeWindow } from './dedupe-window.js';
import { QueueFullError } from './errors.js';
import type { IncidentQueue } from './incident-queue.js';
import type { IncidentScheduler } from './incident-scheduler.js';
import { openIncident } from './open-incident.js';

export interface AlertOutcome {
  readonly fingerprint: string;
  readonly alertname: string;
  readonly status: 'firing' | 'resolved';
  readonly disposition: AlertDisposition;
  readonly reason: string;
  readonly incidentId?: string;
}

export interface IntakeDependencies {
  readonly store: IncidentStore;
  readonly scheduler: IncidentScheduler;
  readonly queue: IncidentQueue;
  readonly ledger: AlertLedger;
  readonly metrics: AgentMetrics;
  readonly dedupeWindowMilliseconds: number;
  readonly cooldownMilliseconds: number;
  readonly retryAfterSeconds: number;
  readonly now?: () => Date;
  readonly newId?: () => string;
}

/** Time-sortable, unguessable incident id, e.g. `inc-20261124-103512-9f2c1a`. */
export function newIncidentId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `inc-${stamp}-${randomBytes(3).toString('hex')}`;
}

const COOLDOWN_MEMORY = 10_000;

export class AlertIntake {
  private readonly dedupe: DedupeWindow;
  /** Workload group → the incident currently open for it. */
  private readonly openByGroup = new Map<string, string>();
  /** Workload group → when its last incident ended (for the cooldown). */
  private readonly closedAt = new Map<string, { readonly at: number; readonly incidentId: string }>();
  /** Incident → fingerprints whose resolved notification arrived. */
  private readonly resolved = new Map<string, Set<string>>();

  constructor(private readonly dependencies: IntakeDependencies) {
    this.dedupe = new DedupeWindow(dependencies.dedupeWindowMilliseconds, 50_000, () => this.nowMs());
    for (const incident of dependencies.store.unfinished()) {
      const first = incident.alerts[0];
      if (first) this.openByGroup.set(groupKeyOf(first.labels, first.fingerprint), incident.id);
    }
  }

  private nowMs(): number {
    return (this.dependencies.now?.() ?? new Date()).getTime();
  }

  private nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  /** Handles one validated payload; resolves once every resulting change is journaled. */
  async receive(payload: AlertmanagerPayload): Promise<AlertOutcome[]> {
    this.refuseWhenFull(payload.alerts);
    const outcomes: AlertOutcome[] = [];
    const writes: Promise<unknown>[] = [];
    for (const alert of payload.alerts) {
      const outcome = alert.status === 'firing' ? this.firing(alert, writes) : this.resolvedAlert(alert, writes);
      outcomes.push(outcome);
      this.record(outcome);
    }
    await Promise.all(writes);
    return outcomes;
  }

  /** Called by the scheduler's terminal hook: frees the workload group and starts its cooldown. */
  incidentEnded(incident: Incident): void {
    for (const [group, id] of this.openByGroup) {
      if (id !== incident.id) continue;
      this.openByGroup.delete(group);
      this.closedAt.delete(group);
      this.closedAt.set(group, { at: this.nowMs(), incidentId: incident.id });
      if (this.closedAt.size > COOLDOWN_MEMORY) this.closedAt.delete(this.closedAt.keys().next().value!);
    }
    this.resolved.delete(incident.id);
  }

  /** Every firing alert that would need a new incident must fit, or the whole payload is refused. */
  private refuseWhenFull(alerts: readonly AlertmanagerAlert[]): void {
    const newGroups = new Set<string>();
    for (const alert of alerts) {
      if (alert.status !== 'firing' || this.dedupe.has(DedupeWindow.key(alert.fingerprint, 'firing'))) continue;
      const group = groupKeyOf(alert.labels, alert.fingerprint);
      if (this.openGroupIncident(group) || this.coolingDown(group)) continue;
      newGroups.add(group);
    }
    if (this.dependencies.queue.hasRoom(newGroups.size)) return;
    for (const alert of alerts) {
      this.record({
        fingerprint: alert.fingerprint,
        alertname: alert.labels['alertname'] ?? 'unknown',
        status: alert.status,
        disposition: 'rejected',
        reason: 'queue-full: payload refused with 503, Alertmanager will retry',
      });
    }
    throw new QueueFullError(this.dependencies.queue.capacity, this.dependencies.retryAfterSeconds);
  }

  /** The open incident of a workload group, if its incident has not ended. */
  private openGroupIncident(group: string): string | undefined {
    const id = this.openByGroup.get(group);
    if (id === undefined) return undefined;
    const incident = this.dependencies.store.get(id);
    if (incident && !isTerminal(incident.status)) return id;
    this.openByGroup.delete(group);
    return undefined;
  }

  private coolingDown(group: string): { readonly incidentId: string } | undefined {
    const closed = this.closedAt.get(group);
    if (!closed) return undefined;
    if (this.nowMs() - closed.at >= this.dependencies.cooldownMilliseconds) {
      this.closedAt.delete(group);
      return undefined;
    }
    return closed;
  }

  private firing(alert: AlertmanagerAlert, writes: Promise<unknown>[]): AlertOutcome {
    const base = {
      fingerprint: alert.fingerprint,
      alertname: alert.labels['alertname'] ?? 'unknown',
      status: 'firing' as const,
    };
    const key = DedupeWindow.key(alert.fingerprint, 'firing');
    if (this.dedupe.has(key))
      return { ...base, disposition: 'deduplicated', reason: 'already received (same fingerprint, still firing)' };
    const group = groupKeyOf(alert.labels, alert.fingerprint);
    const openId = this.openGroupIncident(group);
    const summary = summarizeAlert(alert);
    if (openId) {
      this.dedupe.add(key);
      this.dedupe.delete(DedupeWindow.key(alert.fingerprint, 'resolved'));
      this.resolved.get(openId)?.delete(alert.fingerprint);
      const entry = this.entry('alert-grouped', `${summary.alertname} (${alert.fingerprint}) joined this incident`);
      this.dependencies.scheduler.annotate(openId, { alert: summary, entry });
      return {
        ...base,
        disposition: 'handled',
        reason: 'grouped into the open incident of this workload',
        incidentId: openId,
      };
    }
    const cooling = this.coolingDown(group);
    if (cooling) {
      return {
        ...base,
        disposition: 'deduplicated',
        reason: `workload cooling down after incident ${cooling.incidentId}`,
        incidentId: cooling.incidentId,
      };
    }
    this.dedupe.add(key);
    this.dedupe.delete(DedupeWindow.key(alert.fingerprint, 'resolved'));
    const at = this.nowIso();
    const incident = openIncident({
      id: this.dependencies.newId?.() ?? newIncidentId(new Date(at)),
      at,
      alert: summary,
    });
    this.openByGroup.set(group, incident.id);
    // The save is queued in the journal before anything the workflow persists later, so the incident
    // can be queued (taking its slot) right away; the response waits for the save itself.
    writes.push(this.dependencies.store.save(incident));
    this.dependencies.scheduler.enqueue(incident.id, priorityOf(summary.severity));
    return { ...base, disposition: 'handled', reason: 'opened a new incident', incidentId: incident.id };
  }

  /**
   * True when Alertmanager sent a resolved notification for every alert of the incident (and none
   * fired again since). Verification reads it when no PromQL can be evaluated.
   */
  alertsResolved(incidentId: string): boolean {
    const resolved = this.resolved.get(incidentId);
    const incident = this.dependencies.store.get(incidentId);
    if (!resolved || resolved.size === 0 || !incident) return false;
    return this.dependencies.scheduler.view(incident).alerts.every((alert) => resolved.has(alert.fingerprint));
  }

  private resolvedAlert(alert: AlertmanagerAlert, writes: Promise<unknown>[]): AlertOutcome {
    const base = {
      fingerprint: alert.fingerprint,
      alertname: alert.labels['alertname'] ?? 'unknown',
      status: 'resolved' as const,
    };
    const key = DedupeWindow.key(alert.fingerprint, 'resolved');
    if (this.dedupe.has(key))
      return { ...base, disposition: 'deduplicated', reason: 'already received (same fingerprint, resolved)' };
    this.dedupe.add(key);
    this.dedupe.delete(DedupeWindow.key(alert.fingerprint, 'firing'));
    const group = groupKeyOf(alert.labels, alert.fingerprint);
    const openId = this.openByGroup.get(group);
    const incident = openId ? this.dependencies.store.get(openId) : undefined;
    if (!openId || !incident || isTerminal(incident.status)) {
      return { ...base, disposition: 'handled', reason: 'resolved; no open incident for this workload, nothing to do' };
    }
    const resolvedSet = this.resolved.get(openId) ?? new Set<string>();
    resolvedSet.add(alert.fingerprint);
    this.resolved.set(openId, resolvedSet);
    const view = this.dependencies.scheduler.view(incident);
    const stillFiring = view.alerts.filter((item) => !resolvedSet.has(item.fingerprint)).length;
    const entry = this.entry('alert-resolved', `${base.alertname} (${alert.fingerprint}) resolved`, { stillFiring });
    const untouched = incident.status === 'open' || incident.status === 'awaiting-approval';
    if (stillFiring === 0 && untouched && !this.dependencies.scheduler.isActive(openId)) {
      const closing = this.entry('incident-closed', 'every alert resolved before any action; nothing was changed');
      this.dependencies.scheduler.annotate(openId, { entry });
      writes.push(this.dependencies.scheduler.closeWithoutAction(openId, closing));
      return {
        ...base,
        disposition: 'handled',
        reason: 'resolved before any action: incident closed with no action',
        incidentId: openId,
      };
    }
    this.dependencies.scheduler.annotate(openId, { entry });
    return {
      ...base,
      disposition: 'handled',
      reason: 'resolved; recorded on the incident (never acted on)',
      incidentId: openId,
    };
  }

  private entry(event: IncidentEvent, message: string, data?: Record<string, unknown>): TimelineEntry {
    return { at: this.nowIso(), event, message, ...(data ? { data } : {}) };
  }

  private record(outcome: AlertOutcome): void {
    this.dependencies.metrics.alertsReceived.inc({ status: outcome.status, disposition: outcome.disposition });
    this.dependencies.ledger.record({ at: this.nowIso(), ...outcome });
  }
}
