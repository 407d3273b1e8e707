/**
 * Alerts from Alertmanager's v2 API and incidents from the agent's HTTP API, parsed with zod, read
 * either directly from a URL or through a getter (the service proxy).
 */
import { z } from 'zod';
import type { AlertSource, IncidentSource } from './ports.js';

export type JsonGet = (path: string, signal: AbortSignal) => Promise<unknown>;

export function urlGet(base: string, token?: string): JsonGet {
  const root = base.replace(/\/+$/, '');
  return async (path, signal) => {
    const response = await fetch(`${root}${path}`, {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
    });
    if (!response.ok) throw new Error(`GET ${root}${path}: HTTP ${response.status}`);
    return response.json();
  };
}

const AlertmanagerAlerts = z.array(
  z.object({
    labels: z.record(z.string(), z.string()),
    startsAt: z.string(),
    status: z.object({ state: z.string() }),
  }),
);

export function alertmanagerAlerts(get: JsonGet): AlertSource {
  return {
    async firing(signal) {
      const parsed = AlertmanagerAlerts.safeParse(await get('/api/v2/alerts', signal));
      if (!parsed.success)
        throw new Error(
          `Alertmanager /api/v2/alerts: unexpected body (${parsed.error.issues[0]?.message ?? 'invalid'})`,
        );
      return parsed.data
        .filter((alert) => alert.status.state === 'active')
        .map((alert) => ({
          alertname: alert.labels['alertname'] ?? 'unknown',
          labels: alert.labels,
          startsAt: alert.startsAt,
        }));
    },
  };
}

const Incident = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  target: z.object({ namespace: z.string(), name: z.string() }).nullable(),
  action: z.object({ type: z.string() }).nullable(),
  timeline: z.array(z.object({ at: z.string(), event: z.string() })),
  /** When the agent's change landed (the agent's typed field; the timeline is for people). */
  execution: z.object({ appliedAt: z.string().nullable() }).optional(),
  postMortemPath: z.string().nullable(),
});

const IncidentPage = z.object({ items: z.array(z.object({ id: z.string() })), nextCursor: z.string().nullable() });

/** Incidents considered per observation: the newest page (a proof run opens a handful). */
const NEWEST = 50;

/**
 * The newest incidents as full records: one page of summaries from `GET /api/incidents` (read
 * token or webhook token), then `GET /api/incidents/:id` for each.
 */
export function agentIncidents(get: JsonGet): IncidentSource {
  return {
    async list(signal) {
      const page = IncidentPage.safeParse(await get(`/api/incidents?limit=${NEWEST}`, signal));
      if (!page.success)
        throw new Error(`agent /api/incidents: unexpected body (${page.error.issues[0]?.message ?? 'invalid'})`);
      const records = [];
      for (const item of page.data.items) {
        const parsed = Incident.safeParse(await get(`/api/incidents/${encodeURIComponent(item.id)}`, signal));
        if (!parsed.success)
          throw new Error(
            `agent /api/incidents/${item.id}: unexpected body (${parsed.error.issues[0]?.message ?? 'invalid'})`,
          );
        records.push(parsed.data);
      }
      return records;
    },
  };
}
