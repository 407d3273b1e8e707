/**
 * What the eval scores beyond category, target, action and outcome: that the incident's reasons say
 * what the scenario requires (a human-only alert must be named with what was missing), how many
 * model requests the incident took, and whether the scenario belongs to the hold-out set. Pure.
 */
import type { Incident } from '../agent/domain/incident.js';
import type { ScenarioRun } from './run-scenario.js';
import type { EvalExpectation, EvalScenario } from './scenario.js';
import type { ScenarioScore } from './score.js';

export interface EvalScore extends ScenarioScore {
  /** Model requests the incident made (0 on the rule path; absent = 0). */
  readonly modelCalls?: number;
  /** A hold-out scenario (absent = false). */
  readonly holdOut?: boolean;
}

/** Every text in which the incident explains itself: timeline, diagnosis, action reason. */
export function reasonTexts(incident: Incident): string[] {
  return [
    ...incident.timeline.map((entry) => entry.message),
    incident.diagnosis?.rootCause ?? '',
    ...(incident.diagnosis?.findings ?? []),
    incident.diagnosis?.disagreement ?? '',
    ...(incident.decision?.reasons.map((reason) => reason.message) ?? []),
    incident.action?.type === 'none' ? incident.action.reason : '',
  ];
}

/** Mentions the expectation requires that no reason contains. */
export function missingMentions(expected: EvalExpectation, incident: Incident): string[] {
  const texts = reasonTexts(incident);
  return (expected.mentions ?? []).filter((mention) => !texts.some((text) => text.includes(mention)));
}

export function withFacts(
  scenario: EvalScenario,
  expected: EvalExpectation,
  score: ScenarioScore,
  run: ScenarioRun,
): EvalScore {
  const missing = missingMentions(expected, run.incident);
  return {
    ...score,
    allCorrect: score.allCorrect && missing.length === 0,
    problems: [...score.problems, ...missing.map((mention) => `no reason mentions "${mention}"`)],
    modelCalls: run.modelCalls,
    holdOut: scenario.holdOut === true,
  };
}
