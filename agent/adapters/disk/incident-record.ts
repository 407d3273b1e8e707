/**
 * The on-disk shape of one journal line, checked with zod on reload: a line that does not parse
 * is reported as corrupt and skipped, never fatal. The incident body is checked for the fields the
 * agent relies on to resume; the rest is kept as written.
 */
import { z } from 'zod';
import { TERMINAL_STATUSES, type Incident } from '../../domain/incident.js';

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

/** Serializes one incident snapshot as a journal line (with the trailing newline). */
export function encodeJournalLine(incident: Incident): string {
  return `${JSON.stringify({ v: JOURNAL_FORMAT_VERSION, incident })}\n`;
}

export type DecodedLine =
  { readonly ok: true; readonly incident: Incident } | { readonly ok: false; readonly reason: string };

/** Parses one journal line; never throws. */
export function decodeJournalLine(line: string): DecodedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  const parsed = JournalLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: `not an incident record: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    };
  }
  // The schema checked what resuming relies on; the remaining fields are the agent's own output.
  return { ok: true, incident: parsed.data.incident as unknown as Incident };
}
