/** What the bench prints and checks: formatting, the targets table, and the alert-loss tally. */
import type { LoadResult } from './load-generator.js';

export const MB = 1024 * 1024;

export const format = (value: number, digits = 1) => value.toFixed(digits);

export function describeLoad(name: string, result: LoadResult): string {
  return `${name.padEnd(22)} ${format(result.requestsPerSecond, 0).padStart(7)} req/s  p50 ${format(result.latencyMilliseconds.p50, 2)} ms  p99 ${format(result.latencyMilliseconds.p99, 2)} ms  statuses ${JSON.stringify(result.statuses)}${result.errors > 0 ? `  errors ${result.errors}` : ''}`;
}

export interface Check {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly passed: boolean;
}

/** A memory measurement against a limit in MB. */
export function belowMegabytes(name: string, bytes: number, limitMegabytes: number): Check {
  return {
    name,
    value: `${format(bytes / MB)} MB`,
    target: `< ${limitMegabytes} MB`,
    passed: bytes < limitMegabytes * MB,
  };
}

/** An agent's own count of alert dispositions and ledger lines (its `counters` IPC call). */
export interface Counters {
  readonly byDisposition: Record<string, number>;
  readonly ledgerLines: number;
  readonly incidents: number;
}

/** Alerts a phase sent, alerts of its 503'd payloads (each retried), and the agent's tally. */
export interface AlertTally {
  readonly sent: number;
  readonly retried: number;
  readonly tally: Counters;
}

/**
 * Every alert sent has exactly one final disposition (handled or deduplicated); `rejected` counts
 * the alerts of 503'd payloads, each of which was retried until accepted; every disposition has a
 * ledger line.
 */
export function alertLossChecks(tallies: readonly AlertTally[]): Check[] {
  let lost = 0;
  let ledgerMismatch = 0;
  for (const { sent, retried, tally } of tallies) {
    const { handled = 0, deduplicated = 0, rejected = 0 } = tally.byDisposition;
    lost += sent - handled - deduplicated;
    if (rejected !== retried) lost += Math.abs(rejected - retried);
    ledgerMismatch += Math.abs(tally.ledgerLines - (handled + deduplicated + rejected));
  }
  return [
    { name: 'alerts lost', value: String(lost), target: '0', passed: lost === 0 },
    { name: 'alerts without a ledger line', value: String(ledgerMismatch), target: '0', passed: ledgerMismatch === 0 },
  ];
}

export function printChecks(checks: readonly Check[]): void {
  console.log('\n== targets ==');
  for (const check of checks) {
    console.log(
      `${check.passed ? 'PASS' : 'FAIL'}  ${check.name.padEnd(30)} ${check.value.padStart(16)}   target ${check.target}`,
    );
  }
}
