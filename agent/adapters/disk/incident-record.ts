/**
 * The on-disk shape of one journal line, checked with zod on reload: a line that does not parse
 * is reported as corrupt and skipped, never fatal. The incident body is checked for the fields the
 * agent relies on to resume; the rest is kept as written.
 */
import { z } from 'zod';
import { migrateIncident, type StoredIncident } from './incident-migration.js';
import { TERMINAL_STATUSES, type AlertSummary, type Incident, type TimelineEntry } from '../../domain/incident.js';

export const JOURNAL_FORMAT_VERSION = 1;

const IncidentStatusSchema = z.enum([
  'open',
  'diagnosing',
  'awaiting-approval',
  'acting',
  'verifying',
  ...TERMINAL_STATUSES,
]);

const IncidentBodySchema = z.looseObject({
  id: z.string().min(1),
  status: IncidentStatusSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  alerts: z.array(z.looseObject({ fingerprint: z.string(), alertname: z.string() })),
  timeline: z.array(z.looseObject({ at: z.string(), event: z.string(), message: z.string() })),
});

export const JournalLineSchema = z.object({
  v: z.literal(JOURNAL_FORMAT_VERSION),
  incident: IncidentBodySchema,
});

/**
 * A delta line: what intake added to an incident (alerts that joined, timeline entries) since its
 * last snapshot, appended instead of re-saving the whole incident for every grouped alert.
 */
export interface IncidentNotes {
  readonly id: string;
  readonly at: string;
  readonly alerts: readonly AlertSummary[];
  readonly timeline: readonly TimelineEntry[];
  /** Alerts-grouped summary entry that replaces the previous one, if any. */
  readonly summary?: TimelineEntry;
}

const NotesLineSchema = z.object({
  v: z.literal(JOURNAL_FORMAT_VERSION),
  notes: z.object({
    id: z.string().min(1),
    at: z.string(),
    alerts: z.array(z.looseObject({ fingerprint: z.string(), alertname: z.string() })),
    timeline: z.array(z.looseObject({ at: z.string(), event: z.string(), message: z.string() })),
    summary: z.looseObject({ at: z.string(), event: z.string(), message: z.string() }).optional(),
  }),
});

/** Alerts kept per incident when notes are applied (the same bound intake applies). */
export const MAX_ALERTS_IN_NOTES = 50;

/** Serializes a delta line (with the trailing newline). */
export function encodeNotesLine(notes: IncidentNotes): string {
  return `${JSON.stringify({ v: JOURNAL_FORMAT_VERSION, notes })}\n`;
}

/** Applies a delta to the snapshot it follows (alerts by fingerprint, within the bound; entries in time order). */
export function applyNotes(incident: Incident, notes: IncidentNotes): Incident {
  const fingerprints = new Set(incident.alerts.map((alert) => alert.fingerprint));
  const alerts = [...incident.alerts];
  for (const alert of notes.alerts) {
    if (alerts.length >= MAX_ALERTS_IN_NOTES) break;
    if (!fingerprints.has(alert.fingerprint)) {
      fingerprints.add(alert.fingerprint);
      alerts.push(alert);
    }
  }
  const base = notes.summary
    ? incident.timeline.filter((entry) => entry.event !== notes.summary!.event)
    : incident.timeline;
  const timeline = [...base, ...notes.timeline, ...(notes.summary ? [notes.summary] : [])].sort((left, right) =>
    left.at.localeCompare(right.at),
  );
  return { ...incident, alerts, timeline };
}

/** Serializes one incident snapshot as a journal line (with the trailing newline). */
export function encodeJournalLine(incident: Incident): string {
  return `${JSON.stringify({ v: JOURNAL_FORMAT_VERSION, incident })}\n`;
}

export type DecodedLine =
  | { readonly ok: true; readonly kind: 'snapshot'; readonly incident: Incident }
  | { readonly ok: true; readonly kind: 'notes'; readonly notes: IncidentNotes }
  | { readonly ok: false; readonly reason: string };

/** Parses one journal line; never throws. */
export function decodeJournalLine(line: string): DecodedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof json === 'object' && json !== null && 'notes' in json) {
    const notes = NotesLineSchema.safeParse(json);
    if (notes.success) return { ok: true, kind: 'notes', notes: notes.data.notes as unknown as IncidentNotes };
    const issue = notes.error.issues[0];
    return { ok: false, reason: `not a notes record: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim() };
  }
  const parsed = JournalLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `not an incident record: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    };
  }
  // The schema checked what resuming relies on; the remaining fields are the agent's own output,
  // brought up to the current shape when an earlier version wrote them.
  return { ok: true, kind: 'snapshot', incident: migrateIncident(parsed.data.incident as unknown as StoredIncident) };
}
