/** Time to detect / act / recover, derived from an incident's own timestamps (never assumed). */
import type { Incident } from '../../domain/incident.js';

export interface IncidentDurations {
  /** First alert started → incident opened. */
  readonly detectSeconds: number | null;
  /** Incident opened → the first change applied to the cluster. */
  readonly actSeconds: number | null;
  /** First alert started → verification passed (only for resolved incidents). */
  readonly recoverSeconds: number | null;
}

const APPLIED_EVENTS = /^action-(applied|executed|written)$/;
const VERIFIED_EVENTS = /^verification-(passed|succeeded)$/;

function seconds(from: string | undefined, to: string | undefined): number | null {
  if (!from || !to) return null;
  const difference = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(difference) && difference >= 0 ? difference : null;
}

export function durationsOf(incident: Incident): IncidentDurations {
  const firstAlert = incident.alerts.map((alert) => alert.startsAt).sort()[0];
  const applied = incident.timeline.find((entry) => APPLIED_EVENTS.test(entry.event))?.at;
  const verified = incident.timeline.findLast((entry) => VERIFIED_EVENTS.test(entry.event))?.at;
  return {
    detectSeconds: seconds(firstAlert, incident.createdAt),
    actSeconds: seconds(incident.createdAt, applied),
    recoverSeconds: incident.status === 'resolved' ? seconds(firstAlert, verified ?? incident.updatedAt) : null,
  };
}

export function formatSeconds(value: number | null, missing: string): string {
  if (value === null) return missing;
  if (value < 120) return `${value.toFixed(1)} s`;
  return `${(value / 60).toFixed(1)} min`;
}
