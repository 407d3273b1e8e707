/**
 * Reads an incident journaled by an earlier version of the agent into the current shape, so an
 * agent restarted on a new version in the middle of an incident loses nothing. Earlier versions
 * kept some state only as timeline events; this is the one place that reads those events, once,
 * on load. Every field the current version writes is kept as written.
 */
import type { Incident, TimelineEntry } from '../../domain/incident.js';

/** An incident as an earlier version wrote it: the fields added since may be missing. */
export type StoredIncident = Omit<Incident, 'approvedAt' | 'verifiedAt'> &
  Partial<Pick<Incident, 'approvedAt' | 'verifiedAt'>>;

const firstAt = (timeline: readonly TimelineEntry[], event: string) =>
  timeline.find((entry) => entry.event === event)?.at ?? null;
const lastAt = (timeline: readonly TimelineEntry[], event: string) =>
  timeline.findLast((entry) => entry.event === event)?.at ?? null;

export function migrateIncident(stored: StoredIncident): Incident {
  const { timeline } = stored;
  return {
    ...stored,
    // Before `approvedAt`, the action lifecycle searched the timeline for 'approval-granted'.
    approvedAt: stored.approvedAt !== undefined ? stored.approvedAt : firstAt(timeline, 'approval-granted'),
    // Before `verifiedAt`, the reports searched the timeline for 'verification-passed'.
    verifiedAt:
      stored.verifiedAt !== undefined
        ? stored.verifiedAt
        : stored.status === 'resolved'
          ? lastAt(timeline, 'verification-passed')
          : null,
  };
}
