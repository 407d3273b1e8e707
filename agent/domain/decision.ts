/** A guardrail decision: deny by default, every reason recorded. */

export type DecisionOutcome = 'allowed' | 'denied' | 'needs-approval';

export interface DecisionReason {
  /** Stable machine code, used as the metric label (e.g. `namespace-not-allowlisted`). */
  readonly code: string;
  readonly message: string;
}

export interface Decision {
  readonly outcome: DecisionOutcome;
  readonly reasons: readonly DecisionReason[];
}
