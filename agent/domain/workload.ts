/** A reference to the workload an incident is about. Only apps/v1 Deployments are actionable. */
export interface WorkloadRef {
  readonly namespace: string;
  readonly kind: 'Deployment';
  readonly name: string;
}

/** Stable key for per-workload bookkeeping (cooldown, one action at a time, grouping). */
export function workloadKey(ref: WorkloadRef): string {
  return `${ref.namespace}/${ref.kind}/${ref.name}`;
}

/** True when two references name the same workload. */
export function sameWorkload(left: WorkloadRef, right: WorkloadRef): boolean {
  return left.namespace === right.namespace && left.kind === right.kind && left.name === right.name;
}
