/** Stable guardrail reason codes: metric labels and API values. Never rename; add new ones. */
export const GUARDRAIL_REASONS = {
  allowed: 'all-checks-passed',
  noAction: 'no-action-proposed',
  unknownActionType: 'unknown-action-type',
  invalidTarget: 'invalid-target',
  noAlertedTarget: 'no-alerted-target',
  targetMismatch: 'target-not-alerted-workload',
  systemNamespace: 'system-namespace',
  namespaceNotAllowlisted: 'namespace-not-allowlisted',
  alertResolved: 'alert-resolved',
  replicasInvalid: 'replicas-not-an-integer',
  replicasBelowMinimum: 'replicas-below-minimum',
  replicasAboveMaximum: 'replicas-above-maximum',
  replicasMoreThanDouble: 'replicas-more-than-double',
  replicasUnchanged: 'replicas-unchanged',
  currentStateUnknown: 'current-state-unknown',
  rollbackRevisionInvalid: 'rollback-revision-invalid',
  cooldownActive: 'cooldown-active',
  hourlyBudgetExhausted: 'hourly-budget-exhausted',
  actionInFlight: 'action-in-flight',
  dryRun: 'dry-run-mode',
  approvalRequired: 'approval-required',
  approvalRejected: 'approval-rejected',
  contested: 'model-contradicts-rules',
} as const;

export type GuardrailReasonCode = (typeof GUARDRAIL_REASONS)[keyof typeof GUARDRAIL_REASONS];
