/**
 * Time to detect / act / recover, derived from an incident's own timestamps (never assumed): its
 * first alert, its creation, `execution.appliedAt` (set when the write landed, or when a restarted
 * agent found it had landed) and `verifiedAt`. The timeline is not read.
 */
import type { Incident } from '../../domain/incident.js';

export interface IncidentDurations {
  /** First alert started → incident opened. */
  readonly detectSeconds: number | null;
  /** Incident opened → the agent's change applied to the cluster. */
  readonly actSeconds: number | null;
  /** First alert started → verification passed (only for resolved incidents). */
  readonly recoverSeconds: number | null;
}

function seconds(from: string | null | undefined, to: string | null | undefined): number | null {
  if (!from || !to) return null;
  const difference = (Date.parse(to) - Date.parse(from)) / 1000;
  return Number.isFinite(difference) && difference >= 0 ? difference : null;
}

export function durationsOf(incident: Incident): IncidentDurations {
  const firstAlert = incident.alerts.map((alert) => alert.startsAt).sort()[0];
  return {
    detectSeconds: seconds(firstAlert, incident.createdAt),
    actSeconds: seconds(incident.createdAt, incident.execution?.appliedAt),
    recoverSeconds:
      incident.status === 'resolved' ? seconds(firstAlert, incident.verifiedAt ?? incident.updatedAt) : null,
  };
}

export function formatSeconds(value: number | null, missing: string): string {
  if (value === null) return missing;
  if (value < 120) return `${value.toFixed(1)} s`;
  return `${(value / 60).toFixed(1)} min`;
}
