/**
 * Every event an incident's timeline can hold, one name each (noun-verb): a union of literals, so
 * code can only write events that exist and a switch over them is checked for exhaustiveness. The timeline is for people: code never reads state back from it; what code needs
 * has an explicit field (`approvedAt`, `execution.appliedAt`, `verifiedAt`, `status`, ...).
 */

export const INCIDENT_EVENTS = [
  // intake
  'incident-opened',
  'alert-grouped',
  'alerts-grouped-summary',
  'alert-resolved',
  'incident-closed',
  // target and diagnosis
  'diagnosis-started',
  'target-resolved',
  'target-unresolved',
  'target-out-of-scope',
  'evidence-gathered',
  'model-consulted',
  'model-failed',
  'diagnosis-made',
  'action-proposed',
  'no-action-taken',
  // decision
  'action-allowed',
  'action-denied',
  'action-blocked',
  'approval-requested',
  'approval-granted',
  'approval-ignored',
  'approval-rejected',
  'rejection-ignored',
  'dry-run-skipped',
  // acting
  'action-intent-recorded',
  'action-applied',
  'action-failed',
  'action-not-possible',
  'action-not-applied',
  'action-found-applied',
  'action-outcome-unknown',
  'rollout-complete',
  'rollout-failed',
  'verification-passed',
  'verification-failed',
  'undo-started',
  'undo-applied',
  'undo-complete',
  'undo-failed',
  'undo-denied',
  // restarts and the end
  'incident-resumed',
  'resume-failed',
  'incident-resolved',
  'incident-failed',
  'workflow-crashed',
  'incident-trimmed',
  'journal-records-lost',
  'post-mortem-written',
  'post-mortem-publish-failed',
] as const;

export type IncidentEvent = (typeof INCIDENT_EVENTS)[number];

/** True when `name` is an event this version of the agent knows. */
export function isIncidentEvent(name: string): name is IncidentEvent {
  return (INCIDENT_EVENTS as readonly string[]).includes(name);
}

/** One timestamped entry: every side effect and every decision leaves one. */
export interface TimelineEntry {
  /** ISO-8601 timestamp. */
  readonly at: string;
  readonly event: IncidentEvent;
  /** For people: what happened, in a sentence. */
  readonly message: string;
  readonly data?: Readonly<Record<string, unknown>>;
}
