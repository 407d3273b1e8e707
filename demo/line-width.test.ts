/**
 * Every line the demo prints fits in 120 columns: long timeline and expectation lines wrap under
 * their text (columns kept), any other long line wraps with a hanging indent, and the real
 * `npm run demo` output (all five scenarios, unpaced) has no wider line.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TERMINAL_COLUMNS, wrapLine } from './line-width.js';
import { expectLine, streamOutput, timelineLine } from './report.js';

const widest = (text: string) => Math.max(...text.split('\n').map((line) => line.length));

describe('wrapLine', () => {
  it('leaves a line that fits alone, spacing included', () => {
    expect(wrapLine('  t+ 150s  alert         DeploymentCrashLooping firing', 10)).toEqual([
      '  t+ 150s  alert         DeploymentCrashLooping firing',
    ]);
  });

  it('breaks at the last space within the width and indents the rest', () => {
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(' ');
    const lines = wrapLine(`  expect: ${words}`, 10);
    expect(lines.length).toBeGreaterThan(1);
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(TERMINAL_COLUMNS);
    for (const line of lines.slice(1)) expect(line).toMatch(/^ {10}word\d+/);
    expect(lines.map((line) => line.trim()).join(' ')).toBe(`expect: ${words}`);
  });

  it('cuts a word longer than a line instead of overflowing', () => {
    const path = `/${'very-long-directory/'.repeat(12)}pm.md`;
    const lines = wrapLine(`post-mortem  bad-rollout: ${path}`, 4);
    expect(widest(lines.join('\n'))).toBeLessThanOrEqual(TERMINAL_COLUMNS);
    expect(lines[0]).toBe('post-mortem  bad-rollout:');
    expect(
      lines
        .slice(1)
        .map((line) => line.slice(4))
        .join(''),
    ).toBe(path);
  });
});

describe('the demo’s lines', () => {
  it('wraps a long timeline entry under its text and keeps the kind column', () => {
    const text =
      'bad-rollout (rules, confidence 0.8): Revision 2 of checkoutservice is failing since it rolled out; revision 1 was healthy. Roll back to revision 1.';
    const [first, second, ...more] = timelineLine(150, 'diagnosis', text).split('\n');
    expect(first).toMatch(/^ {2}t\+ 150s {2}diagnosis {5}bad-rollout \(rules/);
    expect(second).toMatch(/^ {25}\S/);
    expect(more).toEqual([]);
    expect(widest(timelineLine(150, 'diagnosis', text))).toBeLessThanOrEqual(TERMINAL_COLUMNS);
  });

  it('wraps the expectation under its text', () => {
    const line = expectLine(
      'DeploymentErrorBudgetBurnFast → none → no-action; The cart fails because redis-cart is cut off; restarting or scaling the victim would not help, so the agent does not act.',
    );
    expect(line.split('\n')[0]).toMatch(/^ {2}expect: DeploymentErrorBudgetBurnFast/);
    expect(line.split('\n')[1]).toMatch(/^ {10}\S/);
    expect(widest(line)).toBeLessThanOrEqual(TERMINAL_COLUMNS);
  });

  it('streamOutput wraps any other line wider than 120 columns, on a terminal or not', () => {
    for (const isTTY of [false, true]) {
      const chunks: string[] = [];
      const stream = { isTTY, columns: 200, write: (chunk: string) => chunks.push(chunk) > 0 };
      const output = streamOutput(stream as unknown as NodeJS.WriteStream);
      output.line(
        `FAIL         memory-leak: ${'expected the incident to end resolved, it ended no-action; '.repeat(4)}`,
      );
      output.status?.(`  t+ 150s  … ${'waiting for the agent '.repeat(10)}`);
      const lines = chunks.join('').replaceAll('\r\u001b[K', '\n').split('\n');
      expect(lines.length).toBeGreaterThan(2);
      expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(TERMINAL_COLUMNS);
    }
  });

  it('npm run demo prints no line wider than 120 columns (all scenarios, --speed max)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'ai4all-demo-width-'));
    try {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'demo/main.ts', '--speed', 'max', '--no-model', '--data-dir', join(directory, 'data')],
        { cwd: join(import.meta.dirname, '..'), maxBuffer: 16 * 1024 * 1024 },
      );
      const lines = stdout.split('\n');
      expect(lines.filter((line) => line.startsWith('  expect: ')).length).toBe(5);
      expect(lines.filter((line) => line.length > TERMINAL_COLUMNS)).toEqual([]);
      expect(stdout).toContain('all 5 scenario(s) ended as expected');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
