/**
 * What `GET /api/incidents` returns per incident: a summary (a few hundred bytes whatever the
 * alerts carried), never labels, annotations, evidence or the timeline; `GET /api/incidents/:id`
 * returns the full record. The console builds on exactly this shape.
 */
import type { Incident, IncidentStatus } from '../domain/incident.js';
import type { WorkloadRef } from '../domain/workload.js';

export interface IncidentSummary {
  readonly id: string;
  readonly status: IncidentStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Alert name of the first alert (what opened the incident). */
  readonly alertname: string;
  readonly severity: string;
  readonly alertCount: number;
  readonly target: WorkloadRef | null;
  /** `restart` | `scale` | `rollback` | `none`, or null before a diagnosis. */
  readonly action: string | null;
  readonly decision: 'allowed' | 'denied' | 'needs-approval' | null;
  readonly verification: 'passed' | 'failed' | 'skipped' | null;
  readonly postMortemPath: string | null;
  /** Present when the journal lost records of this incident (see `integrity` on the full record). */
  readonly integrity?: 'records-lost';
}

const MAX_TEXT = 200;

export function summarize(incident: Incident): IncidentSummary {
  const first = incident.alerts[0];
  // Display only (no decision reads it): the journal marked this incident when it lost records of it.
  const integrity = incident.timeline.some((entry) => entry.event === 'journal-records-lost');
  return {
    id: incident.id,
    status: incident.status,
    createdAt: incident.createdAt,
    updatedAt: incident.updatedAt,
    alertname: (first?.alertname ?? 'unknown').slice(0, MAX_TEXT),
    severity: (first?.severity ?? 'unknown').slice(0, MAX_TEXT),
    alertCount: incident.alerts.length,
    target: incident.target,
    action: incident.action?.type ?? null,
    decision: incident.decision?.outcome ?? null,
    verification: incident.verification?.outcome ?? null,
    postMortemPath: incident.postMortemPath,
    ...(integrity ? { integrity: 'records-lost' as const } : {}),
  };
}
