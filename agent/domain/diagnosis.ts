/** What the agent concluded about an incident, and who concluded it. */

export const DIAGNOSIS_CATEGORIES = [
  'bad-rollout',
  'memory-leak',
  'saturation',
  'crash-loop',
  'dependency-failure',
  'node-trouble',
  'rollout-stuck',
  'image-pull',
  'hung-process',
  'cpu-throttling',
  'unknown',
] as const;
export type DiagnosisCategory = (typeof DIAGNOSIS_CATEGORIES)[number];

export const SPECIALISTS = ['network', 'database', 'compute'] as const;
export type Specialist = (typeof SPECIALISTS)[number];

export interface Diagnosis {
  readonly category: DiagnosisCategory;
  /** One or two sentences a human can act on. */
  readonly rootCause: string;
  /** 0..1 */
  readonly confidence: number;
  /** `model` when the director's validated proposal was used, `rules` otherwise. */
  readonly source: 'model' | 'rules';
  /** Why the rules were used instead of the model, when they were (model unreachable, invalid reply...). */
  readonly fallbackReason?: string;
  /** Short evidence statements the diagnosis rests on. */
  readonly findings: readonly string[];
  /** Specialists consulted (empty for rules-only). */
  readonly specialists: readonly Specialist[];
  /** The model's account when the rules decided (lean path): narrative only, never the action. */
  readonly narrative?: string;
  /** Both views when the model disagreed with a decisive rule verdict (the incident goes to a human). */
  readonly disagreement?: string;
}
