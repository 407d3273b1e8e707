/**
 * Pure helpers that decide where an alert goes: its priority (from severity), the workload group
 * it belongs to (for grouping and cooldown), and the incident's view of it. Alert text is kept as
 * untrusted data; nothing here interprets it.
 */
import { ALERT_TARGET_LABELS } from '../../../catalog/agent-contract.js';
import type { AlertSummary } from '../../domain/incident.js';
import type { WorkloadRef } from '../../domain/workload.js';
import type { AlertmanagerAlert } from './alertmanager-payload.js';

const SEVERITY_PRIORITY: Readonly<Record<string, number>> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Lower runs first: critical, error, warning, info, then anything else. */
export function priorityOf(severity: string): number {
  return SEVERITY_PRIORITY[severity.toLowerCase()] ?? 4;
}

/**
 * The workload group an alert belongs to: namespace + Deployment when labelled, namespace + pod
 * otherwise (the pipeline resolves the owner), else the alert itself (it cannot be grouped).
 */
export function groupKeyOf(labels: Readonly<Record<string, string>>, fingerprint: string): string {
  const namespace = labels[ALERT_TARGET_LABELS.namespace];
  const deployment = labels[ALERT_TARGET_LABELS.deployment];
  const pod = labels[ALERT_TARGET_LABELS.pod];
  if (namespace && deployment) return `${namespace}/Deployment/${deployment}`;
  if (namespace && pod) {
    // A Deployment's pods are named <deployment>-<pod-template-hash>-<suffix>; group them with
    // alerts naming the Deployment. Only for grouping: the pipeline resolves the real owner.
    const owner = DEPLOYMENT_POD_NAME.exec(pod)?.[1];
    return owner ? `${namespace}/Deployment/${owner}` : `${namespace}/Pod/${pod}`;
  }
  return `alert/${fingerprint}`;
}

const DEPLOYMENT_POD_NAME = /^([a-z0-9][-a-z0-9]*?)-[bcdfghjklmnpqrstvwxz2-9]{6,10}-[bcdfghjklmnpqrstvwxz2-9]{5}$/;

/** The target when the labels name a Deployment directly; null otherwise (resolved later, or nobody). */
export function labelledTarget(labels: Readonly<Record<string, string>>): WorkloadRef | null {
  const namespace = labels[ALERT_TARGET_LABELS.namespace];
  const deployment = labels[ALERT_TARGET_LABELS.deployment];
  return namespace && deployment ? { namespace, kind: 'Deployment', name: deployment } : null;
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
