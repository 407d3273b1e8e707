/**
 * The on-disk shape of one journal line, checked with zod on reload: a line that does not parse
 * is reported as corrupt and skipped, never fatal. The incident body is checked for the fields the
 * agent relies on to resume; the rest is kept as written.
 */
import { crc32 } from 'node:zlib';
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
  return checkedLine('notes', JSON.stringify(notes));
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
  return checkedLine('incident', JSON.stringify(incident));
}

/**
 * Every line carries a CRC-32 of its record (issue 12: a flipped bit in an id loaded a phantom
 * incident): `{"v":1,"crc":"<8 hex>","incident"|"notes":<record>}`. Lines an earlier version wrote
 * (no crc) are still read, but only in their exact shape.
 */
function checkedLine(kind: 'incident' | 'notes', body: string): string {
  return `{"v":${JOURNAL_FORMAT_VERSION},"crc":"${checksum(body)}","${kind}":${body}}\n`;
}

const checksum = (body: string) => crc32(body).toString(16).padStart(8, '0');
const CHECKED_PREFIX = `{"v":${JOURNAL_FORMAT_VERSION},"crc":"`;
const LEGACY_PREFIXES = [`{"v":${JOURNAL_FORMAT_VERSION},"incident":{`, `{"v":${JOURNAL_FORMAT_VERSION},"notes":{`];

/** Null when the line's checksum matches (or it is a legacy line in its exact shape); else why not. */
function integrityProblem(line: string): string | null {
  if (line.startsWith(CHECKED_PREFIX)) {
    const sum = line.slice(CHECKED_PREFIX.length, CHECKED_PREFIX.length + 8);
    const rest = line.slice(CHECKED_PREFIX.length + 8);
    const kind = rest.startsWith('","incident":')
      ? '","incident":'
      : rest.startsWith('","notes":')
        ? '","notes":'
        : null;
    if (kind === null || !line.endsWith('}')) return 'damaged: not a journal record';
    return checksum(rest.slice(kind.length, -1)) === sum ? null : 'damaged: checksum mismatch';
  }
  return LEGACY_PREFIXES.some((prefix) => line.startsWith(prefix)) ? null : 'damaged: not a journal record';
}

export type DecodedLine =
  | { readonly ok: true; readonly kind: 'snapshot'; readonly incident: Incident }
  | { readonly ok: true; readonly kind: 'notes'; readonly notes: IncidentNotes }
  | { readonly ok: false; readonly reason: string };

/** Parses one journal line; never throws. */
export function decodeJournalLine(line: string): DecodedLine {
  const problem = integrityProblem(line);
  if (problem !== null) return { ok: false, reason: problem };
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
