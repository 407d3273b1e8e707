/**
 * The execution record: the write the pipeline is about to make (recorded durably before it is
 * made), and how far it got. `change` holds exactly what the write sets, so after a restart the
 * agent can compare it with the live Deployment and never apply the same action twice.
 */

/**
 * `outcome-unknown`: the write may have been applied (its reply was lost and no read since could
 * tell); a restart re-reads the Deployment before doing anything else.
 */
export type ExecutionPhase =
  | 'intent-recorded'
  | 'outcome-unknown'
  | 'applied'
  | 'verified'
  | 'verification-failed'
  | 'undoing'
  | 'undone'
  | 'undo-failed';

export type PlannedChange =
  | { readonly type: 'restart'; readonly annotation: string }
  | { readonly type: 'scale'; readonly replicas: number }
  | {
      readonly type: 'rollback';
      readonly toRevision: number;
      /** The pod template being restored (the ReplicaSet's, minus pod-template-hash). */
      readonly template: Readonly<Record<string, unknown>>;
    };

export interface ExecutionRecord {
  readonly phase: ExecutionPhase;
  readonly change: PlannedChange;
  /** resourceVersion of the Deployment the intent was computed from. */
  readonly resourceVersionBefore: string;
  readonly intentAt: string;
  readonly appliedAt: string | null;
  /** resourceVersion and generation the write returned. */
  readonly appliedResourceVersion: string | null;
  readonly appliedGeneration: number | null;
}
