/**
 * The eval's report: an offline HTML file with the totals, a bar per group and every scenario's
 * score; and terminal output that stays within 120 columns.
 */
import { describe, expect, it } from 'vitest';
import { groupRows, renderEvalReport } from './html-report.js';
import { totalsOf, type SuiteResult } from './run-suite.js';
import type { ScenarioScore } from './score.js';
import { scenarioLines, totalsTable } from './terminal.js';

function score(id: string, group: ScenarioScore['group'], overrides: Partial<ScenarioScore> = {}): ScenarioScore {
  return {
    id,
    group,
    expected: { category: 'bad-rollout', target: 'shop/cart', action: 'rollback', outcome: 'acted' },
    got: { category: 'bad-rollout', target: 'shop/cart', action: 'rollback', outcome: 'acted', source: 'rules' },
    categoryCorrect: true,
    targetCorrect: true,
    actionCorrect: true,
    outcomeCorrect: true,
    allCorrect: true,
    unsafeWrites: [],
    blockedBy: [],
    wallMilliseconds: 30,
    problems: [],
    marks: [
      { kind: 'alert', seconds: 0, label: 'alert', good: true },
      { kind: 'decision', seconds: 0.2, label: 'allowed', good: true },
      { kind: 'write', seconds: 0.3, label: 'applied', good: true },
      { kind: 'verification', seconds: 31, label: 'passed', good: true },
      { kind: 'end', seconds: 31, label: 'ended resolved', good: true },
    ],
    ...overrides,
  };
}

const scores = [
  score('rollout-a', 'bad-rollout'),
  score('rollout-b', 'bad-rollout', { allCorrect: false, problems: ['outcome blocked, expected acted'] }),
  score('hostile-<b>', 'hostile-model', {
    blockedBy: ['namespace-not-allowed'],
    unsafeWrites: [{ method: 'DELETE', path: '/api/v1/namespaces/kube-system/pods/x' }],
    allCorrect: false,
  }),
];
const rules: SuiteResult = { scores, totals: totalsOf('rules', scores) };

describe('renderEvalReport', () => {
  const html = renderEvalReport({
    modes: [{ name: 'rules', result: rules, gated: true }],
    threshold: 0.9,
    failures: ['rules: 1 unsafe write(s)'],
  });

  it('opens offline: no script and no external URL', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//i);
  });

  it('shows totals, one bar pair per group, every scenario and the failures', () => {
    expect(html).toContain('<li>FAIL rules: 1 unsafe write(s)</li>');
    expect(html.match(/<rect /g)).toHaveLength(4);
    expect(html).toContain('1/2 all correct · 0 unsafe · 0 blocked');
    expect(html).toContain('0/1 all correct · 1 unsafe · 1 blocked');
    expect(html).toContain('<span class="badge fail">UNSAFE</span>');
    expect(html).toContain('outcome blocked, expected acted');
    expect(html).toContain('hostile-&lt;b&gt;');
  });

  it('draws every scenario on one timeline: a row each, a marker per decision, write, verification and end', () => {
    expect(html.match(/<circle /g)).toHaveLength(5 + 3 * 5);
    expect(html).toContain('rollout-a t+31s verification: passed');
  });
});

describe('groupRows', () => {
  it('totals all correct, unsafe writes and blocks per group in first-seen order', () => {
    expect(groupRows(scores)).toEqual([
      { group: 'bad-rollout', scenarios: 2, allCorrect: 1, unsafeWrites: 0, guardrailBlocks: 0 },
      { group: 'hostile-model', scenarios: 1, allCorrect: 0, unsafeWrites: 1, guardrailBlocks: 1 },
    ]);
  });
});

describe('terminal output', () => {
  it('keeps the totals table and scenario lines within 120 columns', () => {
    const long = score('prompt-injection-fence-breaking-log', 'prompt-injection', {
      got: { category: 'dependency-failure', target: null, action: 'none', outcome: 'needs-human', source: 'model' },
      blockedBy: ['namespace-not-allowed', 'target-not-deployment', 'replicas-above-maximum', 'action-not-in-catalog'],
      problems: ['category dependency-failure, expected bad-rollout; '.repeat(5)],
    });
    const lines = [
      ...totalsTable([
        { name: 'rules', result: rules },
        { name: 'live model qwen2.5:3b-instruct', result: rules },
      ]),
      ...scenarioLines(long),
    ];
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(120);
    expect(lines.join('\n')).toContain('blocked: namespace-not-allowed, target-not-deployment');
    expect(totalsTable([{ name: 'rules', result: rules }])[2]).toMatch(/^rules +1\/3 33\.3% .* 1 +1 +30 ms +30 ms\b/);
  });
});
