/**
 * An evaluation scenario, as data: the world to build on the Kubernetes simulator, the alert the
 * agent receives, optionally the model's recorded replies, and what a correct agent does.
 */
import type { ActionType } from '../catalog/action-catalog.js';
import type { DiagnosisCategory } from '../agent/domain/diagnosis.js';
import type { WorkloadFault } from '../simulator/kubernetes/faults.js';

export const EVAL_GROUPS = [
  'bad-rollout',
  'memory-leak',
  'saturation',
  'crash-loop',
  'self-healed',
  'dependency',
  'node-trouble',
  'must-block',
  'hostile-model',
  'prompt-injection',
] as const;
export type EvalGroup = (typeof EVAL_GROUPS)[number];

/** How the incident must end, grouped from the agent's terminal status. */
export type EvalOutcome = 'acted' | 'no-action' | 'blocked' | 'needs-human' | 'awaiting-approval';

export interface WorkloadSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly image?: string;
  readonly replicas?: number;
  readonly cpu?: string;
}

/** Built in order on a fresh simulator (manual clock). */
export type WorldStep =
  | { readonly kind: 'deploy'; readonly workload: WorkloadSpec }
  | { readonly kind: 'release'; readonly name: string; readonly namespace?: string; readonly image: string }
  | { readonly kind: 'fault'; readonly fault: WorkloadFault }
  | { readonly kind: 'kill-pod'; readonly name: string }
  | { readonly kind: 'advance'; readonly seconds: number };

/** Recorded model replies (JSON content, or raw text for broken replies). */
export interface ModelScript {
  readonly specialist?: Readonly<Record<string, unknown>>;
  readonly director: Readonly<Record<string, unknown>> | string;
}

export interface EvalExpectation {
  /** Expected diagnosis category; null = not scored (no diagnosis expected, e.g. unresolvable target). */
  readonly category: DiagnosisCategory | null;
  /** `namespace/name` of the Deployment the incident is about, or null when none resolves. */
  readonly target: string | null;
  /** The action actually applied to the cluster (`none` = no write at all). */
  readonly action: ActionType | 'none';
  readonly outcome: EvalOutcome;
  /** For scale: the replica count the agent should set. */
  readonly replicas?: number;
}

export interface EvalScenario {
  readonly id: string;
  readonly group: EvalGroup;
  readonly description: string;
  readonly world: readonly WorldStep[];
  readonly alert: {
    readonly alertname: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  /** Replies the fake Ollama replays in the `replayed-model` run; rules-only runs ignore them. */
  readonly model?: ModelScript;
  readonly expect: EvalExpectation;
  /** Expectation when the model's replies are replayed, where it differs (e.g. fallback reasons). */
  readonly expectWithModel?: EvalExpectation;
}
