/**
 * Which workload an alert is about, read once from its labels (untrusted) with the one naming rule
 * (`parseWorkloadRef`, DNS labels): namespace + deployment names the Deployment; namespace + pod
 * names a pod whose owning Deployment is looked up through owner references (Pod → ReplicaSet →
 * Deployment) by `resolveWorkload`. No guessing and no default workload.
 */
import { ALERT_TARGET_LABELS } from '../../../catalog/agent-contract.js';
import { isDnsLabel } from '../../../catalog/kubernetes-names.js';
import type { AlertSummary } from '../../domain/incident.js';
import { parseWorkloadRef, workloadKey, type WorkloadRef } from '../../domain/workload.js';
import type { Cluster } from '../../ports/cluster.js';
import { bounded } from '../evidence/bounded.js';
import { alertKindOf, notActionableReason } from './alert-kinds.js';

/** What an alert's labels name. */
export type AlertTarget =
  | { readonly kind: 'workload'; readonly ref: WorkloadRef }
  | { readonly kind: 'pod'; readonly namespace: string; readonly pod: string }
  | { readonly kind: 'none'; readonly reason: string };

/** The one reading of an alert's target labels. */
export function alertTargetOf(labels: Readonly<Record<string, string>>): AlertTarget {
  const namespace = labels[ALERT_TARGET_LABELS.namespace];
  const deployment = labels[ALERT_TARGET_LABELS.deployment];
  const pod = labels[ALERT_TARGET_LABELS.pod];
  // Alerts about StatefulSets, HPAs, quotas... (alert-kinds.ts): their `pod` is the exporter's.
  const notActionable = notActionableReason(labels);
  if (notActionable !== null) return { kind: 'none', reason: notActionable };
  if (namespace === undefined || !isDnsLabel(namespace))
    return { kind: 'none', reason: `no valid "${ALERT_TARGET_LABELS.namespace}" label` };
  const ref = parseWorkloadRef(namespace, deployment);
  if (ref) return { kind: 'workload', ref };
  if (alertKindOf(labels['alertname'])?.resolution === 'deployment-label')
    return {
      kind: 'none',
      reason: `no valid "${ALERT_TARGET_LABELS.deployment}" label (its "pod" label is the exporter's)`,
    };
  if (pod !== undefined && isDnsLabel(pod)) return { kind: 'pod', namespace, pod };
  return {
    kind: 'none',
    reason: `no valid "${ALERT_TARGET_LABELS.deployment}" or "${ALERT_TARGET_LABELS.pod}" label`,
  };
}

/** A Deployment's pods are named <deployment>-<pod-template-hash>-<suffix>. */
const DEPLOYMENT_POD_NAME = /^([a-z0-9][-a-z0-9]*?)-[bcdfghjklmnpqrstvwxz2-9]{6,10}-[bcdfghjklmnpqrstvwxz2-9]{5}$/;

/**
 * The workload group an alert belongs to (grouping and cooldown): its workload when labelled; for a
 * pod, the Deployment its name suggests (only for grouping: the pipeline resolves the real owner);
 * else the alert itself (it cannot be grouped).
 */
export function groupKeyOf(labels: Readonly<Record<string, string>>, fingerprint: string): string {
  const target = alertTargetOf(labels);
  switch (target.kind) {
    case 'workload':
      return workloadKey(target.ref);
    case 'pod': {
      const owner = DEPLOYMENT_POD_NAME.exec(target.pod)?.[1];
      return owner ? `${target.namespace}/Deployment/${owner}` : `${target.namespace}/Pod/${target.pod}`;
    }
    case 'none':
      return `alert/${fingerprint}`;
  }
}

/** The incident's target as intake knows it: the labelled workload, or null (a pod to resolve, or none). */
export function labelledTarget(labels: Readonly<Record<string, string>>): WorkloadRef | null {
  const target = alertTargetOf(labels);
  return target.kind === 'workload' ? target.ref : null;
}

export type WorkloadResolution =
  | { readonly target: WorkloadRef; readonly via: 'deployment-label' | 'pod-owner'; readonly detail: string }
  | {
      readonly target: null;
      readonly reason: string;
      /** Set when an alert named a pod in a namespace outside the scope (refused, not unresolved). */
      readonly outOfScope?: string;
    };

/**
 * The Deployment the first resolvable alert is about: its labelled workload, or its pod's owner.
 * `inScope` is asked before a pod's namespace is read, so nothing outside the agent's scope is read.
 */
export async function resolveWorkload(
  cluster: Pick<Cluster, 'resolvePodOwner'>,
  alerts: readonly AlertSummary[],
  timeoutMilliseconds: number,
  inScope: (namespace: string) => boolean,
): Promise<WorkloadResolution> {
  const reasons: string[] = [];
  for (const alert of alerts) {
    const target = alertTargetOf(alert.labels);
    if (target.kind === 'workload') {
      const { namespace, name } = target.ref;
      return {
        target: target.ref,
        via: 'deployment-label',
        detail: `labels namespace=${namespace}, deployment=${name}`,
      };
    }
    if (target.kind === 'none') {
      reasons.push(`${alert.alertname}: ${target.reason}`);
      continue;
    }
    const { namespace, pod } = target;
    if (!inScope(namespace)) {
      const reason = `${alert.alertname}: pod ${namespace}/${pod} is outside the namespaces the agent may act in`;
      return { target: null, reason, outOfScope: namespace };
    }
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
  }
  return { target: null, reason: reasons.join('; ') || 'the incident has no alerts' };
}
