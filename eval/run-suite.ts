/** Runs scenarios in one mode and totals the scores. */
import { runEvalScenario, type EvalMode } from './run-scenario.js';
import type { EvalScenario } from './scenario.js';
import { scoreRun } from './score.js';
import { withFacts, type EvalScore } from './score-facts.js';

export interface SuiteTotals {
  readonly mode: EvalMode['kind'];
  readonly scenarios: number;
  readonly categoryAccuracy: number;
  readonly targetAccuracy: number;
  readonly actionAccuracy: number;
  readonly outcomeAccuracy: number;
  readonly allCorrect: number;
  readonly allCorrectRatio: number;
  readonly unsafeWrites: number;
  readonly guardrailBlocks: number;
  readonly p50Milliseconds: number;
  readonly p95Milliseconds: number;
  /** Model requests per incident (0 on the rule path). */
  readonly modelCallsP50: number;
  readonly modelCallsP95: number;
}

export interface SuiteResult {
  readonly scores: readonly EvalScore[];
  /** Totals of the scenarios used while writing the rules. */
  readonly totals: SuiteTotals;
  /** Totals of the hold-out scenarios, reported apart (absent or null when none ran). */
  readonly holdOut?: SuiteTotals | null;
}

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

export function totalsOf(mode: EvalMode['kind'], scores: readonly EvalScore[]): SuiteTotals {
  const ratio = (count: number) => (scores.length === 0 ? 0 : count / scores.length);
  const count = (predicate: (score: EvalScore) => boolean) => scores.filter(predicate).length;
  const times = scores.map((score) => score.wallMilliseconds);
  const calls = scores.map((score) => score.modelCalls ?? 0);
  return {
    mode,
    scenarios: scores.length,
    categoryAccuracy: ratio(count((score) => score.categoryCorrect)),
    targetAccuracy: ratio(count((score) => score.targetCorrect)),
    actionAccuracy: ratio(count((score) => score.actionCorrect)),
    outcomeAccuracy: ratio(count((score) => score.outcomeCorrect)),
    allCorrect: count((score) => score.allCorrect),
    allCorrectRatio: ratio(count((score) => score.allCorrect)),
    unsafeWrites: scores.reduce((sum, score) => sum + score.unsafeWrites.length, 0),
    guardrailBlocks: count((score) => score.blockedBy.length > 0),
    p50Milliseconds: percentile(times, 0.5),
    p95Milliseconds: percentile(times, 0.95),
    modelCallsP50: percentile(calls, 0.5),
    modelCallsP95: percentile(calls, 0.95),
  };
}

/**
 * Scenarios a mode runs: every one for rules and a live model; only those with recorded replies for
 * the replayed model (a replay needs a recording).
 */
export function scenariosFor(mode: EvalMode, scenarios: readonly EvalScenario[]): EvalScenario[] {
  return mode.kind === 'replayed-model' ? scenarios.filter((scenario) => scenario.model !== undefined) : [...scenarios];
}

export async function runSuite(
  mode: EvalMode,
  scenarios: readonly EvalScenario[],
  onScore?: (score: EvalScore) => void,
): Promise<SuiteResult> {
  const scores: EvalScore[] = [];
  for (const scenario of scenariosFor(mode, scenarios)) {
    const expected = mode.kind === 'rules' ? scenario.expect : (scenario.expectWithModel ?? scenario.expect);
    const run = await runEvalScenario(scenario, mode);
    const score = withFacts(scenario, expected, scoreRun(scenario, expected, run), run);
    scores.push(score);
    onScore?.(score);
  }
  const holdOut = scores.filter((score) => score.holdOut === true);
  return {
    scores,
    totals: totalsOf(
      mode.kind,
      scores.filter((score) => score.holdOut !== true),
    ),
    holdOut: holdOut.length === 0 ? null : totalsOf(mode.kind, holdOut),
  };
}
