/**
 * `GET /api/incidents?limit=<1..200, default 50>&cursor=<opaque>&status=<optional>` →
 * `200 {items: IncidentSummary[], nextCursor: string | null}`, newest first; and
 * `GET /api/incidents/:id` → the full record. Both need the read token or the webhook token.
 */
import { z } from 'zod';
import type { IncidentPosition } from '../adapters/disk/incident-store.js';
import { TERMINAL_STATUSES, type IncidentStatus } from '../domain/incident.js';
import { InvalidQueryError } from '../core/intake/errors.js';

export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;

const STATUSES = ['open', 'diagnosing', 'awaiting-approval', 'acting', 'verifying', ...TERMINAL_STATUSES] as const;

const ListQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${PAGE_LIMIT_MAX}`)
    .transform(Number)
    .pipe(z.number().int().min(1).max(PAGE_LIMIT_MAX))
    .optional(),
  cursor: z.string().max(512).optional(),
  status: z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` }).optional(),
});

export interface ListQuery {
  readonly limit: number;
  readonly after?: IncidentPosition;
  readonly status?: IncidentStatus;
}

/** Parses the list query; throws InvalidQueryError naming each bad parameter. */
export function parseListQuery(query: unknown): ListQuery {
  const parsed = ListQuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    throw new InvalidQueryError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`),
    );
  }
  const after = parsed.data.cursor === undefined ? undefined : decodeCursor(parsed.data.cursor);
  return {
    limit: parsed.data.limit ?? PAGE_LIMIT_DEFAULT,
    ...(after ? { after } : {}),
    ...(parsed.data.status ? { status: parsed.data.status } : {}),
  };
}

const CursorSchema = z.tuple([z.string().min(1).max(64), z.string().min(1).max(200)]);

/** Opaque to clients: base64url of the position of the last item of the page. */
export function encodeCursor(position: IncidentPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): IncidentPosition {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return { createdAt: parsed.data[0], id: parsed.data[1] };
  } catch {
    // fall through: not base64url JSON
  }
  throw new InvalidQueryError(['cursor: not a cursor this API returned (pass nextCursor as is)']);
}
