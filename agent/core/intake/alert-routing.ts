/**
 * Pure helpers that decide where an alert goes: its priority (from severity) and the incident's
 * view of it (its workload group and target: alert-target.ts). Alert text is kept as
 * untrusted data; nothing here interprets it.
 */
import type { AlertSummary } from '../../domain/incident.js';
import type { AlertmanagerAlert } from './alertmanager-payload.js';

const SEVERITY_PRIORITY: Readonly<Record<string, number>> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Lower runs first: critical, error, warning, info, then anything else. */
export function priorityOf(severity: string): number {
  return SEVERITY_PRIORITY[severity.toLowerCase()] ?? 4;
}

export function summarizeAlert(alert: AlertmanagerAlert): AlertSummary {
  return {
    fingerprint: alert.fingerprint,
    alertname: alert.labels['alertname'] ?? 'unknown',
    severity: alert.labels['severity'] ?? 'none',
    status: alert.status,
    startsAt: alert.startsAt,
    labels: alert.labels,
    annotations: alert.annotations,
    ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
  };
}
