/**
 * The one way an incident comes into being: from its first alert, with its target read from the
 * alert's labels (alert-target.ts) and nothing else decided yet. The webhook intake, eval and the
 * pipeline's tests all open incidents here, so they all take the same path.
 */
import type { AlertSummary, Incident } from '../../domain/incident.js';
import { groupKeyOf, labelledTarget } from './alert-target.js';

export interface OpenIncidentInput {
  readonly id: string;
  /** ISO-8601: when the incident opened. */
  readonly at: string;
  readonly alert: AlertSummary;
}

export function openIncident({ id, at, alert }: OpenIncidentInput): Incident {
  return {
    id,
    status: 'open',
    createdAt: at,
    updatedAt: at,
    alerts: [alert],
    target: labelledTarget(alert.labels),
    diagnosis: null,
    action: null,
    decision: null,
    undo: null,
    verification: null,
    approvedAt: null,
    verifiedAt: null,
    timeline: [
      {
        at,
        event: 'incident-opened',
        message: `${alert.alertname} (${alert.severity}) fired; queued for diagnosis`,
        data: { fingerprint: alert.fingerprint, group: groupKeyOf(alert.labels, alert.fingerprint) },
      },
    ],
    postMortemPath: null,
  };
}
