/**
 * The demo's printing: plain lines when not on a terminal (CI logs), an in-place status line on
 * one, and a summary table with a column per thing the newcomer should read.
 */
import { describe, expect, it } from 'vitest';
import { streamOutput, summaryTable } from './report.js';
import type { ScenarioResult } from './verdict.js';

function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written: () => string } {
  const chunks: string[] = [];
  const stream = { isTTY, columns: 40, write: (chunk: string) => chunks.push(chunk) > 0 };
  return { stream: stream as unknown as NodeJS.WriteStream, written: () => chunks.join('') };
}

const result: ScenarioResult = {
  id: 'bad-rollout',
  title: 'Bad release',
  target: 'checkoutservice',
  fault: 'crash-loop + release',
  alert: 'DeploymentCrashLooping',
  diagnosis: 'bad-rollout',
  diagnosisSource: 'rules',
  action: 'rollback → rev 1',
  guardrail: 'allowed',
  status: 'resolved',
  recovered: true,
  detectSeconds: 150,
  actSeconds: 150,
  recoverSeconds: 180,
  writes: 1,
  postMortems: ['/tmp/pm.md'],
  passed: true,
  problems: [],
  marks: [],
  durationSeconds: 200,
};

describe('streamOutput', () => {
  it('writes plain lines and drops status lines when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const output = streamOutput(stream);
    output.line('one');
    output.status?.('t+ 15s … waiting');
    output.line('two');
    expect(written()).toBe('one\ntwo\n');
    expect(written().includes('\r') || written().includes('\u001b')).toBe(false);
  });

  it('redraws the status line in place on a terminal and erases it before the next line', () => {
    const { stream, written } = fakeStream(true);
    const output = streamOutput(stream);
    output.status?.('t+ 15s … waiting for an alert, a long explanation that does not fit');
    output.status?.('t+ 30s … waiting');
    output.line('alert fired');
    expect(written()).toBe('t+ 15s … waiting for an alert, a long e\r\u001b[Kt+ 30s … waiting\r\u001b[Kalert fired\n');
  });
});

describe('summaryTable', () => {
  it('has a column for every part of the loop, marks failures, and fits in 120 columns', () => {
    const failed: ScenarioResult = { ...result, id: 'pod-kill', recovered: false, passed: false, recoverSeconds: null };
    const lines = summaryTable([result, failed]);
    const [header, rule, passRow, failRow, gap, timesHeader, , timesPass, timesFail] = lines;
    expect(header?.split(/\s{2,}/)).toEqual(['scenario', 'alert', 'diagnosis', 'action', 'incident', 'result']);
    expect(rule).toMatch(/^[- ]+$/);
    expect(passRow).toMatch(
      /^bad-rollout +DeploymentCrashLooping +bad-rollout \(rules\) +rollback → rev 1 +resolved +PASS$/,
    );
    expect(failRow).toMatch(/ FAIL$/);
    expect(gap).toBe('');
    expect(timesHeader?.split(/\s{2,}/)).toEqual([
      'scenario',
      'fault',
      'guardrail',
      'writes',
      'recovered',
      'detect',
      'act',
      'recover',
    ]);
    expect(timesPass).toMatch(/ allowed +1 +yes +150s +150s +180s$/);
    expect(timesFail).toMatch(/ NO +150s +150s +-$/);
  });

  it('keeps every line within 120 columns even with long values (cut with an ellipsis)', () => {
    const long: ScenarioResult = {
      ...result,
      alert: 'DeploymentErrorBudgetBurnFastWithAVeryLongName',
      diagnosis: 'dependency-failure-of-something-long',
      fault: 'crash-loop + release + memory-leak + cpu-saturation',
    };
    const lines = summaryTable([long, result]);
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(120);
    expect(lines.some((line) => line.includes('…'))).toBe(true);
  });
});
