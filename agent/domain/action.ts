/**
 * Actions are data: a discriminated union with an exhaustive switch wherever it is consumed.
 * A model or a rule proposes one; guardrails decide; only the Cluster port executes it.
 */
import type { ActionType } from '../../catalog/action-catalog.js';
import type { WorkloadRef } from './workload.js';

export interface RestartAction {
  readonly type: 'restart';
  readonly target: WorkloadRef;
}

export interface ScaleAction {
  readonly type: 'scale';
  readonly target: WorkloadRef;
  /** Desired replica count after the action. */
  readonly replicas: number;
}

export interface RollbackAction {
  readonly type: 'rollback';
  readonly target: WorkloadRef;
  /** Revision to return to; undefined = the previous revision, as `kubectl rollout undo` does. */
  readonly toRevision?: number;
}

export interface NoAction {
  readonly type: 'none';
  readonly reason: string;
}

export type Action = RestartAction | ScaleAction | RollbackAction | NoAction;
export type WritingAction = Exclude<Action, NoAction>;

/** Compile-time check that the domain union and the shared catalog list the same action types. */
type CatalogMatches = WritingAction['type'] extends ActionType
  ? ActionType extends WritingAction['type']
    ? true
    : never
  : never;
export const ACTION_UNION_MATCHES_CATALOG: CatalogMatches = true;

/** What the agent changed, captured before writing, so it can restore exactly that. */
export type UndoRecord =
  | { readonly type: 'restart'; readonly target: WorkloadRef; readonly previousAnnotation: string | null }
  | { readonly type: 'scale'; readonly target: WorkloadRef; readonly previousReplicas: number }
  | {
      readonly type: 'rollback';
      readonly target: WorkloadRef;
      /** The pod template that was live before the rollback (JSON object). */
      readonly previousTemplate: Record<string, unknown>;
    };

export function describeAction(action: Action): string {
  switch (action.type) {
    case 'restart':
      return `restart ${action.target.namespace}/${action.target.name}`;
    case 'scale':
      return `scale ${action.target.namespace}/${action.target.name} to ${action.replicas}`;
    case 'rollback':
      return `rollback ${action.target.namespace}/${action.target.name}${action.toRevision === undefined ? '' : ` to revision ${action.toRevision}`}`;
    case 'none':
      return `no action (${action.reason})`;
  }
}
