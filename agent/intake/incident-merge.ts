/**
 * Intake learns things about an incident while the workflow is working on its own copy (another
 * alert joined, the alert resolved). Those notes are kept aside and merged into every snapshot the
 * workflow persists, so neither side overwrites the other.
 */
import type { AlertSummary, Incident, TimelineEntry } from '../domain/incident.js';

/** Alerts kept per incident; later distinct alerts only leave a timeline entry. */
export const MAX_ALERTS_PER_INCIDENT = 50;

export interface IntakeNotes {
  readonly alerts: AlertSummary[];
  readonly timeline: TimelineEntry[];
}

export function emptyNotes(): IntakeNotes {
  return { alerts: [], timeline: [] };
}

const entryKey = (entry: TimelineEntry) => `${entry.at}|${entry.event}|${entry.message}`;

export function mergeNotes(incident: Incident, notes: IntakeNotes | undefined): Incident {
  if (!notes || (notes.alerts.length === 0 && notes.timeline.length === 0)) return incident;
  const fingerprints = new Set(incident.alerts.map((alert) => alert.fingerprint));
  const alerts = [...incident.alerts];
  for (const alert of notes.alerts) {
    if (alerts.length >= MAX_ALERTS_PER_INCIDENT) break;
    if (!fingerprints.has(alert.fingerprint)) {
      fingerprints.add(alert.fingerprint);
      alerts.push(alert);
    }
  }
  const present = new Set(incident.timeline.map(entryKey));
  const added = notes.timeline.filter((entry) => !present.has(entryKey(entry)));
  const timeline =
    added.length === 0 ? incident.timeline : [...incident.timeline, ...added].sort((a, b) => a.at.localeCompare(b.at));
  return { ...incident, alerts, timeline };
}
