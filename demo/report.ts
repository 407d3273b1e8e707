/** How the demo prints: live timeline lines, then the per-scenario summary table. */
import { fitLines, TERMINAL_COLUMNS, wrapLine } from './line-width.js';
import { textTable } from './text-table.js';
import type { ScenarioResult } from './verdict.js';

export interface Output {
  line(text: string): void;
  /** A transient status line (terminal only), replaced by the next status or line. */
  status?(text: string): void;
}

/**
 * Writes to a stream. On a terminal, a status line is redrawn in place (carriage return, erase
 * line) and erased before the next line; otherwise (CI logs, a pipe) status lines are dropped, so
 * the output is plain lines with no control characters. A line wider than 120 columns is wrapped
 * (line-width.ts); callers that know a better hanging indent wrap first.
 */
export function streamOutput(stream: NodeJS.WriteStream): Output {
  const write = (text: string) =>
    stream.write(
      fitLines(text)
        .map((line) => `${line}\n`)
        .join(''),
    );
  if (!stream.isTTY) return { line: write };
  let statusShown = false;
  const erase = () => {
    if (statusShown) stream.write('\r\u001b[K');
    statusShown = false;
  };
  return {
    line: (text) => {
      erase();
      write(text);
    },
    status: (text) => {
      erase();
      stream.write(text.slice(0, Math.min(TERMINAL_COLUMNS, Math.max(20, (stream.columns || 80) - 1))));
      statusShown = true;
    },
  };
}

/** One timeline entry; text past 150 characters is cut, and what is wider than 120 columns wraps under the text. */
export function timelineLine(seconds: number, kind: string, text: string): string {
  const prefix = `  t+${seconds.toFixed(0).padStart(4)}s  ${kind.padEnd(13)} `;
  return wrapLine(`${prefix}${text.length > 150 ? `${text.slice(0, 147)}...` : text}`, prefix.length).join('\n');
}

/** The scenario's expectation line, wrapped under its text. */
export function expectLine(text: string): string {
  const prefix = '  expect: ';
  return wrapLine(`${prefix}${text}`, prefix.length).join('\n');
}

function cell(value: number | null): string {
  return value === null ? '-' : `${value.toFixed(0)}s`;
}

/**
 * The summary as two fixed-width tables that each fit in 120 columns (no colours, no cursor
 * control: readable in CI logs and when piped): what the agent decided, then the guardrail, the writes and when things happened.
 */
export function summaryTable(results: readonly ScenarioResult[]): string[] {
  const decisions = textTable(
    ['scenario', 'alert', 'diagnosis', 'action', 'incident', 'result'],
    results.map((result) => [
      result.id,
      result.alert ?? 'none',
      result.diagnosis === null ? '-' : `${result.diagnosis} (${result.diagnosisSource ?? '?'})`,
      result.action,
      result.status,
      result.passed ? 'PASS' : 'FAIL',
    ]),
  );
  const times = textTable(
    ['scenario', 'fault', 'guardrail', 'writes', 'recovered', 'detect', 'act', 'recover'],
    results.map((result) => [
      result.id,
      result.fault,
      result.guardrail,
      String(result.writes),
      result.recovered ? 'yes' : 'NO',
      cell(result.detectSeconds),
      cell(result.actSeconds),
      cell(result.recoverSeconds),
    ]),
  );
  return [...decisions, '', ...times];
}

export function printSummary(output: Output, results: readonly ScenarioResult[], notes: readonly string[]): void {
  output.line('');
  output.line('Summary (times are simulated seconds from the fault: alert delivered, first write applied, recovered)');
  for (const row of summaryTable(results)) output.line(row);
  output.line('');
  for (const result of results) {
    for (const path of result.postMortems) output.line(`post-mortem  ${result.id}: ${path}`);
    for (const problem of result.problems) output.line(`FAIL         ${result.id}: ${problem}`);
  }
  for (const note of notes) output.line(note);
}
