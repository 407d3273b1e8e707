/**
 * What the console reads and does, in the same terms as the incidents API: pages of incident
 * summaries newest first behind the API's opaque cursor (plus a severity filter the console applies
 * while paging), the full record, approve and reject with a review.
 */
import type { IncidentStore } from '../../adapters/disk/incident-store.js';
import type { IncidentScheduler } from '../../core/intake/incident-scheduler.js';
import type { Incident, IncidentStatus } from '../../domain/incident.js';
import { encodeCursor, parseListQuery } from '../incidents-routes.js';
import { summarize, type IncidentSummary } from '../incident-summary.js';
import type { FieldChange } from './views/change-diff.js';

export type AgentModeName = 'autonomous' | 'approval' | 'dry-run';

export interface ConsoleDependencies {
  readonly store: IncidentStore;
  readonly scheduler: IncidentScheduler;
  readonly mode: AgentModeName;
  /** Grants everything, approvals included. Without it the console stays off. */
  readonly webhookToken: string | undefined;
  /** Grants reading only. */
  readonly readToken?: string | undefined;
  /**
   * The Deployment fields a proposed action would change, read live from the cluster (the
   * composition root passes it); without it the console shows what the incident itself records.
   */
  readonly previewChange?: (incident: Incident) => Promise<readonly FieldChange[]>;
  readonly now?: () => Date;
}

export interface ListFilters {
  readonly status?: IncidentStatus;
  readonly severity?: string;
}

export interface ListPage {
  readonly items: readonly IncidentSummary[];
  readonly nextCursor: string | null;
  readonly filters: ListFilters;
}

export const CONSOLE_PAGE_SIZE = 20;
/** Bounds the scan behind one filtered page (the store pages are in memory, but stay bounded). */
const MAX_SCANNED = 5000;

/**
 * One page for the list: the API's query parsing and cursor, then the severity filter applied while
 * walking the store's pages, so a filtered page is still full and its cursor still exact.
 */
export function listPage(
  dependencies: Pick<ConsoleDependencies, 'store' | 'scheduler'>,
  raw: { readonly status?: string; readonly severity?: string; readonly cursor?: string },
  limit = CONSOLE_PAGE_SIZE,
): ListPage {
  const query = parseListQuery({
    limit: String(limit),
    ...(raw.status ? { status: raw.status } : {}),
    ...(raw.cursor ? { cursor: raw.cursor } : {}),
  });
  const severity = raw.severity?.trim() || undefined;
  const filters: ListFilters = { ...(query.status ? { status: query.status } : {}), ...(severity ? { severity } : {}) };
  const items: Incident[] = [];
  let after = query.after;
  let scanned = 0;
  for (;;) {
    const page = dependencies.store.page({
      limit: 200,
      ...(after ? { after } : {}),
      ...(query.status ? { status: query.status } : {}),
    });
    for (const [index, incident] of page.items.entries()) {
      scanned += 1;
      after = incident;
      const view = dependencies.scheduler.view(incident);
      if (severity === undefined || (view.alerts[0]?.severity ?? 'unknown') === severity) items.push(view);
      if (items.length === limit || scanned >= MAX_SCANNED) {
        const more = index < page.items.length - 1 || page.more;
        return { items: items.map(summarize), nextCursor: more ? encodeCursor(incident) : null, filters };
      }
    }
    if (!page.more) return { items: items.map(summarize), nextCursor: null, filters };
  }
}
