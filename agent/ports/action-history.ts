/**
 * The ActionHistory port: what guardrails must know about the agent's own past and running
 * actions (cooldown, hourly budget, one action at a time per workload). agent-service implements
 * it from the incident store; `historyFromIncidents` (agent/core/pipeline/action-history.ts) derives
 * it from incident snapshots.
 */
import type { WritingAction } from '../domain/action.js';
import type { WorkloadRef } from '../domain/workload.js';

export interface AppliedAction {
  readonly incidentId: string;
  readonly type: WritingAction['type'];
  readonly target: WorkloadRef;
  /** When the write was applied (intent recorded counts as applied for budget purposes). */
  readonly at: Date;
}

export interface ActionInFlight {
  readonly incidentId: string;
  readonly target: WorkloadRef;
}

/** A consistent view at one moment; guardrails are evaluated against it. */
export interface ActionHistorySnapshot {
  /** Actions applied (or whose intent was recorded) since `since`, any order. */
  readonly applied: readonly AppliedAction[];
  /** Incidents currently acting or verifying. */
  readonly inFlight: readonly ActionInFlight[];
}

export interface ActionHistory {
  snapshot(since: Date): Promise<ActionHistorySnapshot>;
}
