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
  'standard-alerts',
  'not-a-deployment',
  'alert-groups',
  'model-disagrees',
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
  | { readonly kind: 'advance'; readonly seconds: number }
  | { readonly kind: 'pause'; readonly name: string }
  /** A HorizontalPodAutoscaler (autoscaling/v2) targeting Deployment `target`, as the API serves it. */
  | {
      readonly kind: 'autoscaler';
      readonly name: string;
      readonly target: string;
      readonly minReplicas: number;
      readonly maxReplicas: number;
    }
  /** A PromQL answer the simulator cannot derive (kube-state-metrics HPA info, CFS throttling). */
  | {
      readonly kind: 'series';
      /** Regular expression source matched against the query text. */
      readonly query: string;
      readonly samples: readonly { readonly metric: Readonly<Record<string, string>>; readonly value: number }[];
    };

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
  /** Texts the incident's reasons (timeline, diagnosis, action) must contain, e.g. the alert's name. */
  readonly mentions?: readonly string[];
}

/** An alert as Prometheus sends it: `{{pod:<deployment>}}` in a label value is replaced by a pod of it. */
export interface ScenarioAlert {
  readonly alertname: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface EvalScenario {
  readonly id: string;
  readonly group: EvalGroup;
  readonly description: string;
  readonly world: readonly WorldStep[];
  readonly alert: ScenarioAlert;
  /** More alerts in the same Alertmanager notification (a group); those of the same workload join the incident. */
  readonly groupedWith?: readonly ScenarioAlert[];
  /** Run with no PromQL configured (the agent must say what it cannot tell). */
  readonly withoutPrometheus?: boolean;
  /** A hold-out scenario: written after the rules, never used to tune them; scored separately. */
  readonly holdOut?: boolean;
  /** Replies the fake Ollama replays in the `replayed-model` run; rules-only runs ignore them. */
  readonly model?: ModelScript;
  readonly expect: EvalExpectation;
  /** Expectation when the model's replies are replayed, where it differs (e.g. fallback reasons). */
  readonly expectWithModel?: EvalExpectation;
}
