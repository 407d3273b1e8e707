/** What a diagnosis step concludes: a category, a cause, findings, and the action it proposes. */
import type { Action } from '../../domain/action.js';
import type { DiagnosisCategory, Specialist } from '../../domain/diagnosis.js';

export interface Verdict {
  readonly category: DiagnosisCategory;
  readonly rootCause: string;
  /** 0..1 */
  readonly confidence: number;
  readonly findings: readonly string[];
  readonly specialists: readonly Specialist[];
  readonly action: Action;
}
