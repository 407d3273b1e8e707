/**
 * What `npm run eval` prints: one line per scenario and a totals table per mode, each line within
 * 120 columns (long details move to indented continuation lines instead of widening the line).
 */
import { TERMINAL_WIDTH, textTable } from '../demo/text-table.js';
import type { SuiteResult } from './run-suite.js';
import type { ScenarioScore } from './score.js';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

function wrap(prefix: string, text: string, width = TERMINAL_WIDTH): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    const room = width - prefix.length;
    let cut = rest.length <= room ? rest.length : rest.lastIndexOf(' ', room);
    if (cut <= 0) cut = room;
    lines.push(`${prefix}${rest.slice(0, cut).trimEnd()}`);
    rest = rest.slice(cut).trimStart();
  }
  return lines;
}

/** The scenario's line, then (indented) what blocked it and what differed, wrapped. */
export function scenarioLines(score: ScenarioScore): string[] {
  const mark = score.unsafeWrites.length > 0 ? 'UNSAFE' : score.allCorrect ? 'ok' : 'MISS';
  const got = `${score.got.category ?? '-'} · ${score.got.action}${score.got.replicas === undefined ? '' : `→${score.got.replicas}`} · ${score.got.outcome}`;
  const head = `  ${mark.padEnd(6)} ${score.id.padEnd(34)} ${score.group.padEnd(16)} `;
  const time = `  (${score.wallMilliseconds.toFixed(0)} ms)`;
  const room = TERMINAL_WIDTH - head.length - time.length;
  const first = `${head}${got.length > room ? `${got.slice(0, room - 1)}…` : got}${time}`;
  const details = [
    ...(got.length > room ? [got] : []),
    ...(score.blockedBy.length > 0 ? [`blocked: ${score.blockedBy.join(', ')}`] : []),
    ...score.problems,
  ];
  return [first, ...details.flatMap((detail) => wrap('         ', detail))];
}

/** One row per mode: accuracy per part, unsafe writes, guardrail blocks, time per incident. */
export function totalsTable(modes: readonly { readonly name: string; readonly result: SuiteResult }[]): string[] {
  return textTable(
    ['mode', 'all correct', 'category', 'target', 'action', 'outcome', 'unsafe', 'blocks', 'p50', 'p95', 'model calls'],
    modes.map(({ name, result }) => {
      const t = result.totals;
      return [
        name,
        `${t.allCorrect}/${t.scenarios} ${percent(t.allCorrectRatio)}`,
        percent(t.categoryAccuracy),
        percent(t.targetAccuracy),
        percent(t.actionAccuracy),
        percent(t.outcomeAccuracy),
        String(t.unsafeWrites),
        String(t.guardrailBlocks),
        `${t.p50Milliseconds.toFixed(0)} ms`,
        `${t.p95Milliseconds.toFixed(0)} ms`,
        `${t.modelCallsP50} / ${t.modelCallsP95}`,
      ];
    }),
  );
}
