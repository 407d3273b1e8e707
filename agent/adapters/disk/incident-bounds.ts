/**
 * The byte cap on one incident as journaled (issue 12). By construction an incident stays far
 * below it (at most 50 alerts of at most 4 KiB each, bounded intake notes, a bounded workflow
 * timeline); this is the last line of defence so that no journal line can ever be too long to read
 * back: past MAX_INCIDENT_BYTES the timeline's `data` payloads go first, then the middle of the
 * timeline, then alerts beyond the first, and an `incident-trimmed` entry says so.
 */
import type { Incident, TimelineEntry } from '../../domain/incident.js';

/** Documented cap on one journaled incident (agent/README.md, "Security model"). */
export const MAX_INCIDENT_BYTES = 512 * 1024;

const size = (incident: Incident) => JSON.stringify(incident).length;

export function boundIncident(incident: Incident): Incident {
  if (size(incident) <= MAX_INCIDENT_BYTES) return incident;
  const note = (what: string): TimelineEntry => ({
    at: incident.updatedAt,
    event: 'incident-trimmed',
    message: `the record exceeded ${MAX_INCIDENT_BYTES} bytes: ${what} (the alert ledger keeps every alert)`,
  });
  let trimmed: Incident = {
    ...incident,
    timeline: incident.timeline.map(({ data: _data, ...entry }) => ({
      ...entry,
      message: entry.message.slice(0, 1000),
    })),
  };
  if (size(trimmed) <= MAX_INCIDENT_BYTES)
    return { ...trimmed, timeline: [...trimmed.timeline, note('timeline data dropped')] };
  const { timeline } = trimmed;
  trimmed = { ...trimmed, timeline: [...timeline.slice(0, 20), ...timeline.slice(-100)] };
  if (size(trimmed) <= MAX_INCIDENT_BYTES)
    return { ...trimmed, timeline: [...trimmed.timeline, note('timeline data and middle entries dropped')] };
  trimmed = { ...trimmed, alerts: trimmed.alerts.slice(0, 1), diagnosis: trimmed.diagnosis };
  return {
    ...trimmed,
    timeline: [...trimmed.timeline, note('timeline data, middle entries and alerts after the first dropped')],
  };
}
