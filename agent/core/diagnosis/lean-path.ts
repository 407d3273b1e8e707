/**
 * The lean model path (issue 15): the model is consulted fully only when the rules are not
 * decisive; when they are, one director call writes the narrative and the rules' action stands.
 * A model that disagrees with a decisive verdict never overrides it silently: the incident goes to
 * approval with both views (the rules' write, or the model's when the rules write nothing; a human
 * approves or rejects).
 */
import { describeAction, type Action } from '../../domain/action.js';
import type { Verdict } from './verdict.js';

/** A rule verdict at or above this confidence (and not `unknown`) is decisive. */
export const DECISIVE_CONFIDENCE = 0.7;

/** Which path an incident took, for `ai4all_sre_model_calls_per_incident{path}`. */
export type ModelPath = 'decisive' | 'undecided';

export function isDecisive(rules: Verdict): boolean {
  return rules.category !== 'unknown' && rules.confidence >= DECISIVE_CONFIDENCE;
}

/** Same action: same type; scale with the same replicas; rollback to the same (or the default) revision. */
export function sameAction(rules: Action, model: Action): boolean {
  if (rules.type !== model.type) return false;
  if (rules.type === 'scale' && model.type === 'scale') return rules.replicas === model.replicas;
  if (rules.type === 'rollback' && model.type === 'rollback')
    return model.toRevision === undefined || model.toRevision === rules.toRevision;
  return true;
}

/** Both views, for the timeline and the guardrails' `contested` reason. */
export function disagreement(rules: Verdict, model: Action, modelCause: string): string {
  return (
    `the model disagrees with the rules' decisive verdict — rules: ${rules.category}, ${describeAction(rules.action)}; ` +
    `model: ${describeAction(model)} (${modelCause.slice(0, 300)}); a human decides`
  );
}
