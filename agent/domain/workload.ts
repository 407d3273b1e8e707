/**
 * A reference to the workload an incident is about. Only apps/v1 Deployments are actionable.
 * Made once, at intake, from the alert's labels (core/intake/alert-target.ts) through
 * `parseWorkloadRef`; every later step takes that value and none derives it again.
 */
import { isDnsLabel } from '../../catalog/kubernetes-names.js';

export interface WorkloadRef {
  readonly namespace: string;
  readonly kind: 'Deployment';
  readonly name: string;
}

/** The only way a WorkloadRef is made from untrusted text: both names must be DNS labels. */
export function parseWorkloadRef(namespace: unknown, name: unknown): WorkloadRef | null {
  if (typeof namespace !== 'string' || typeof name !== 'string') return null;
  return isDnsLabel(namespace) && isDnsLabel(name) ? { namespace, kind: 'Deployment', name } : null;
}

/** True when `value` is a well-formed WorkloadRef (guardrails re-check what they are given). */
export function isWorkloadRef(value: unknown): value is WorkloadRef {
  if (typeof value !== 'object' || value === null) return false;
  const ref = value as Record<string, unknown>;
  return ref['kind'] === 'Deployment' && parseWorkloadRef(ref['namespace'], ref['name']) !== null;
}

/** Stable key for per-workload bookkeeping (cooldown, one action at a time, grouping). */
export function workloadKey(ref: WorkloadRef): string {
  return `${ref.namespace}/${ref.kind}/${ref.name}`;
}

/** True when two references name the same workload. */
export function sameWorkload(left: WorkloadRef, right: WorkloadRef): boolean {
  return left.namespace === right.namespace && left.kind === right.kind && left.name === right.name;
}
