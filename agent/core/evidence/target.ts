/**
 * Resolves which Deployment an incident is about from its alerts' labels: namespace + deployment
 * directly, or namespace + pod through owner references (Pod → ReplicaSet → Deployment). The
 * labels are untrusted; names must be valid DNS names. No guessing and no default workload.
 */
import { ALERT_TARGET_LABELS } from '../../../catalog/agent-contract.js';
import type { AlertSummary } from '../../domain/incident.js';
import type { WorkloadRef } from '../../domain/workload.js';
import type { Cluster } from '../../ports/cluster.js';
import { bounded } from './bounded.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

export type TargetResolution =
  | { readonly target: WorkloadRef; readonly via: 'deployment-label' | 'pod-owner'; readonly detail: string }
  | { readonly target: null; readonly reason: string };

export async function resolveTarget(
  cluster: Cluster,
  alerts: readonly AlertSummary[],
  timeoutMilliseconds: number,
): Promise<TargetResolution> {
  const reasons: string[] = [];
  for (const alert of alerts) {
    const namespace = alert.labels[ALERT_TARGET_LABELS.namespace];
    const deployment = alert.labels[ALERT_TARGET_LABELS.deployment];
    const pod = alert.labels[ALERT_TARGET_LABELS.pod];
    if (!namespace || !DNS_SUBDOMAIN.test(namespace)) {
      reasons.push(`${alert.alertname}: no valid "${ALERT_TARGET_LABELS.namespace}" label`);
      continue;
    }
    if (deployment && DNS_SUBDOMAIN.test(deployment)) {
      return {
        target: { namespace, kind: 'Deployment', name: deployment },
        via: 'deployment-label',
        detail: `labels namespace=${namespace}, deployment=${deployment}`,
      };
    }
    if (pod && DNS_SUBDOMAIN.test(pod)) {
      const owner = await bounded(timeoutMilliseconds, () => cluster.resolvePodOwner(namespace, pod));
      if (owner.ok && owner.value) {
        return {
          target: owner.value,
          via: 'pod-owner',
          detail: `pod ${namespace}/${pod} is owned by ${owner.value.name}`,
        };
      }
      reasons.push(
        owner.ok
          ? `${alert.alertname}: pod ${namespace}/${pod} is not owned by a Deployment`
          : `${alert.alertname}: owner of pod ${namespace}/${pod} could not be read: ${owner.reason}`,
      );
      continue;
    }
    reasons.push(
      `${alert.alertname}: no valid "${ALERT_TARGET_LABELS.deployment}" or "${ALERT_TARGET_LABELS.pod}" label`,
    );
  }
  return { target: null, reason: reasons.join('; ') || 'the incident has no alerts' };
}
