/** The incident: the unit the agent works on, journaled durably and served by the HTTP API. */
import type { Action, UndoRecord } from './action.js';
import type { ExecutionRecord } from './execution.js';
import type { Decision } from './decision.js';
import type { Diagnosis } from './diagnosis.js';
import type { TimelineEntry } from './incident-events.js';
import type { WorkloadRef } from './workload.js';

export const TERMINAL_STATUSES = ['resolved', 'no-action', 'blocked', 'failed', 'needs-human'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

export type IncidentStatus = 'open' | 'diagnosing' | 'awaiting-approval' | 'acting' | 'verifying' | TerminalStatus;

export function isTerminal(status: IncidentStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export type { IncidentEvent, TimelineEntry } from './incident-events.js';

export interface AlertSummary {
  readonly fingerprint: string;
  readonly alertname: string;
  readonly severity: string;
  readonly status: 'firing' | 'resolved';
  readonly startsAt: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Untrusted text from the alert; never interpreted as instructions. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly generatorURL?: string;
}

export interface Verification {
  readonly outcome: 'passed' | 'failed' | 'skipped';
  readonly method: 'promql' | 'resolved-notification' | 'workload-health' | 'none';
  readonly details: string;
}

/** A human's verdict on a proposed action: who, when, why (required), and through what. */
export interface IncidentReview {
  readonly verdict: 'approved' | 'rejected';
  /** The name the reviewer gave (the console asks for it once per session). */
  readonly by: string;
  readonly comment: string;
  readonly at: string;
  /** Where the verdict came from: `console`, or `api` for a bearer-token call. */
  readonly via: 'console' | 'api';
}

export interface Incident {
  readonly id: string;
  readonly status: IncidentStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly alerts: readonly AlertSummary[];
  /** null when no workload could be resolved from the alert (status `needs-human`). */
  readonly target: WorkloadRef | null;
  readonly diagnosis: Diagnosis | null;
  readonly action: Action | null;
  readonly decision: Decision | null;
  /** Captured before any write; present once the action was applied. */
  readonly undo: UndoRecord | null;
  readonly verification: Verification | null;
  /** When a human approved the action (approval mode, or a contested proposal); null until then. */
  readonly approvedAt: string | null;
  /** When verification passed (the incident is resolved); null otherwise. When it was applied: `execution.appliedAt`. */
  readonly verifiedAt: string | null;
  /** For people; code reads the fields above, never the timeline. */
  readonly timeline: readonly TimelineEntry[];
  /** Path of the post-mortem once written. */
  readonly postMortemPath: string | null;
  /**
   * The write the pipeline planned and how far it got (intent before the write, then applied,
   * verified or undone). Lets a restarted agent tell whether its action already happened.
   * Absent on incidents that never reached the act step.
   */
  readonly execution?: ExecutionRecord;
  /** The human approval or rejection, when the incident waited for one and got it. */
  readonly review?: IncidentReview;
}
