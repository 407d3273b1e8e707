/**
 * Intake learns things about an incident while the workflow is working on its own copy (another
 * alert joined, the alert resolved). Those notes are kept aside and merged into every snapshot the
 * workflow persists, so neither side overwrites the other.
 */
import type { AlertSummary, Incident, TimelineEntry } from '../../domain/incident.js';

/** Alerts kept per incident; later distinct alerts are only counted. */
export const MAX_ALERTS_PER_INCIDENT = 50;
/** Intake timeline entries kept per incident; later ones are summarized in one counting entry. */
export const MAX_INTAKE_ENTRIES = 30;
const SUMMARY_EVENT = 'alerts-grouped-summary';

export interface IntakeNotes {
  readonly alerts: AlertSummary[];
  readonly timeline: TimelineEntry[];
  /** Intake events beyond MAX_INTAKE_ENTRIES (an alert storm on one workload stays bounded). */
  suppressed: number;
  lastAt: string;
}

export function emptyNotes(): IntakeNotes {
  return { alerts: [], timeline: [], suppressed: 0, lastAt: '' };
}

/** Adds an alert and a timeline entry to the notes, within their bounds. */
export function addNote(notes: IntakeNotes, alert: AlertSummary | undefined, entry: TimelineEntry): void {
  if (
    alert &&
    notes.alerts.length < MAX_ALERTS_PER_INCIDENT &&
    !notes.alerts.some((item) => item.fingerprint === alert.fingerprint)
  ) {
    notes.alerts.push(alert);
  }
  if (notes.timeline.length < MAX_INTAKE_ENTRIES) notes.timeline.push(entry);
  else notes.suppressed += 1;
  notes.lastAt = entry.at;
}

const entryKey = (entry: TimelineEntry) => `${entry.at}|${entry.event}|${entry.message}`;

export function mergeNotes(incident: Incident, notes: IntakeNotes | undefined): Incident {
  if (!notes || (notes.alerts.length === 0 && notes.timeline.length === 0 && notes.suppressed === 0)) return incident;
  const fingerprints = new Set(incident.alerts.map((alert) => alert.fingerprint));
  const alerts = [...incident.alerts];
  for (const alert of notes.alerts) {
    if (alerts.length >= MAX_ALERTS_PER_INCIDENT) break;
    if (!fingerprints.has(alert.fingerprint)) {
      fingerprints.add(alert.fingerprint);
      alerts.push(alert);
    }
  }
  const base = incident.timeline.filter((entry) => entry.event !== SUMMARY_EVENT);
  const present = new Set(base.map(entryKey));
  const added = notes.timeline.filter((entry) => !present.has(entryKey(entry)));
  if (notes.suppressed > 0) {
    added.push({
      at: notes.lastAt,
      event: SUMMARY_EVENT,
      message: `${notes.suppressed} more alert notifications reached this incident (counted, not listed; see alerts.jsonl)`,
    });
  }
  const timeline = added.length === 0 ? base : [...base, ...added].sort((a, b) => a.at.localeCompare(b.at));
  return { ...incident, alerts, timeline };
}

/** What `merged` adds to `stored` (new alerts, new entries, a changed summary entry): the journal's delta. */
export function notesDelta(stored: Incident, merged: Incident): IncidentDelta {
  const fingerprints = new Set(stored.alerts.map((alert) => alert.fingerprint));
  const present = new Set(stored.timeline.map(entryKey));
  const summary = merged.timeline.find((entry) => entry.event === SUMMARY_EVENT);
  const storedSummary = stored.timeline.find((entry) => entry.event === SUMMARY_EVENT);
  return {
    id: merged.id,
    at: merged.updatedAt,
    alerts: merged.alerts.filter((alert) => !fingerprints.has(alert.fingerprint)),
    timeline: merged.timeline.filter((entry) => entry.event !== SUMMARY_EVENT && !present.has(entryKey(entry))),
    ...(summary && (!storedSummary || entryKey(summary) !== entryKey(storedSummary)) ? { summary } : {}),
  };
}

export interface IncidentDelta {
  readonly id: string;
  readonly at: string;
  readonly alerts: readonly AlertSummary[];
  readonly timeline: readonly TimelineEntry[];
  readonly summary?: TimelineEntry;
}
