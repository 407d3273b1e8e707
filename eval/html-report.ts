/**
 * The eval's HTML report: one self-contained file (inline CSS and SVG, no script, no network). Per
 * mode: the totals, a bar per group (all correct of its scenarios, unsafe writes, guardrail blocks)
 * and the score of every scenario with what differed. Pure: data in, HTML out.
 */
import { escapeHtml, htmlPage, htmlTable, type Column } from '../demo/html-page.js';
import type { SuiteResult } from './run-suite.js';
import type { ScenarioScore } from './score.js';
import { scenarioTimelines } from './timeline-chart.js';

export interface EvalReportInput {
  readonly modes: readonly { readonly name: string; readonly result: SuiteResult; readonly gated: boolean }[];
  readonly threshold: number;
  /** Reasons the run fails (unsafe writes, under the threshold); empty when it passes. */
  readonly failures: readonly string[];
}

export interface GroupRow {
  readonly group: string;
  readonly scenarios: number;
  readonly allCorrect: number;
  readonly unsafeWrites: number;
  readonly guardrailBlocks: number;
}

/** Totals per group, in the order the groups first appear. */
export function groupRows(scores: readonly ScenarioScore[]): GroupRow[] {
  const rows = new Map<string, GroupRow>();
  for (const score of scores) {
    const row = rows.get(score.group) ?? {
      group: score.group,
      scenarios: 0,
      allCorrect: 0,
      unsafeWrites: 0,
      guardrailBlocks: 0,
    };
    rows.set(score.group, {
      ...row,
      scenarios: row.scenarios + 1,
      allCorrect: row.allCorrect + (score.allCorrect ? 1 : 0),
      unsafeWrites: row.unsafeWrites + score.unsafeWrites.length,
      guardrailBlocks: row.guardrailBlocks + (score.blockedBy.length > 0 ? 1 : 0),
    });
  }
  return [...rows.values()];
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** Horizontal bars: all correct (green) over the rest (red) per group, unsafe writes named. */
export function groupChart(rows: readonly GroupRow[], modeName: string): string {
  const width = 960;
  const left = 150;
  const barHeight = 18;
  const gap = 8;
  const plot = 500;
  const most = Math.max(1, ...rows.map((row) => row.scenarios));
  const height = rows.length * (barHeight + gap) + gap;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(`${modeName}: all correct per group`)}">`,
  ];
  rows.forEach((row, index) => {
    const y = gap + index * (barHeight + gap);
    const good = (row.allCorrect / most) * plot;
    const bad = ((row.scenarios - row.allCorrect) / most) * plot;
    parts.push(
      `<text x="${left - 10}" y="${y + 13}" text-anchor="end">${escapeHtml(row.group)}</text>`,
      `<rect x="${left}" y="${y}" width="${good.toFixed(1)}" height="${barHeight}" fill="#067647"><title>${escapeHtml(`${row.group}: ${row.allCorrect} all correct`)}</title></rect>`,
      `<rect x="${(left + good).toFixed(1)}" y="${y}" width="${bad.toFixed(1)}" height="${barHeight}" fill="#b42318"><title>${escapeHtml(`${row.group}: ${row.scenarios - row.allCorrect} missed`)}</title></rect>`,
      `<text x="${(left + good + bad + 8).toFixed(1)}" y="${y + 13}">${escapeHtml(
        `${row.allCorrect}/${row.scenarios} all correct · ${row.unsafeWrites} unsafe · ${row.guardrailBlocks} blocked`,
      )}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

function mark(score: ScenarioScore): string {
  if (score.unsafeWrites.length > 0) return '<span class="badge fail">UNSAFE</span>';
  return score.allCorrect ? '<span class="badge pass">ok</span>' : '<span class="badge fail">MISS</span>';
}

const SCENARIOS: readonly Column<ScenarioScore>[] = [
  { title: 'result', cell: mark },
  { title: 'scenario', cell: (score) => `<code>${escapeHtml(score.id)}</code>` },
  { title: 'group', cell: (score) => escapeHtml(score.group) },
  {
    title: 'expected',
    cell: (score) =>
      escapeHtml(
        `${score.expected.category ?? '-'} · ${score.expected.action}${score.expected.replicas === undefined ? '' : `→${score.expected.replicas}`} · ${score.expected.outcome}`,
      ),
  },
  {
    title: 'got',
    cell: (score) =>
      escapeHtml(
        `${score.got.category ?? '-'} · ${score.got.action}${score.got.replicas === undefined ? '' : `→${score.got.replicas}`} · ${score.got.outcome}`,
      ),
  },
  { title: 'blocked by', cell: (score) => escapeHtml(score.blockedBy.join(', ') || '–') },
  { title: 'what differed', cell: (score) => escapeHtml(score.problems.join('; ') || '–') },
  { title: 'time', cell: (score) => `${score.wallMilliseconds.toFixed(0)} ms`, numeric: true },
];

type ModeRow = EvalReportInput['modes'][number];
const TOTALS: readonly Column<ModeRow>[] = [
  { title: 'mode', cell: (mode) => escapeHtml(`${mode.name}${mode.gated ? '' : ' (not gated on accuracy)'}`) },
  {
    title: 'all correct',
    cell: (mode) =>
      `${mode.result.totals.allCorrect}/${mode.result.totals.scenarios} (${percent(mode.result.totals.allCorrectRatio)})`,
    numeric: true,
  },
  { title: 'category', cell: (mode) => percent(mode.result.totals.categoryAccuracy), numeric: true },
  { title: 'target', cell: (mode) => percent(mode.result.totals.targetAccuracy), numeric: true },
  { title: 'action', cell: (mode) => percent(mode.result.totals.actionAccuracy), numeric: true },
  { title: 'outcome', cell: (mode) => percent(mode.result.totals.outcomeAccuracy), numeric: true },
  {
    title: 'unsafe writes',
    cell: (mode) =>
      mode.result.totals.unsafeWrites === 0 ? '0' : `<span class="fail">${mode.result.totals.unsafeWrites}</span>`,
    numeric: true,
  },
  { title: 'guardrail blocks', cell: (mode) => String(mode.result.totals.guardrailBlocks), numeric: true },
  { title: 'p50', cell: (mode) => `${mode.result.totals.p50Milliseconds.toFixed(0)} ms`, numeric: true },
  { title: 'p95', cell: (mode) => `${mode.result.totals.p95Milliseconds.toFixed(0)} ms`, numeric: true },
];

const GROUPS: readonly Column<GroupRow>[] = [
  { title: 'group', cell: (row) => escapeHtml(row.group) },
  { title: 'scenarios', cell: (row) => String(row.scenarios), numeric: true },
  { title: 'all correct', cell: (row) => String(row.allCorrect), numeric: true },
  { title: 'unsafe writes', cell: (row) => String(row.unsafeWrites), numeric: true },
  { title: 'guardrail blocks', cell: (row) => String(row.guardrailBlocks), numeric: true },
];

export function renderEvalReport(input: EvalReportInput): string {
  const verdict =
    input.failures.length === 0
      ? `<p class="pass">PASS: no unsafe write; every gated mode at or above ${percent(input.threshold)} all correct.</p>`
      : `<ul class="problems">${input.failures.map((failure) => `<li>FAIL ${escapeHtml(failure)}</li>`).join('')}</ul>`;
  const sections = input.modes.map((mode) => {
    const rows = groupRows(mode.result.scores);
    return [
      `<section id="${escapeHtml(mode.result.totals.mode)}">`,
      `<h2>${escapeHtml(mode.name)}</h2>`,
      groupChart(rows, mode.name),
      '<h3>Timeline of every scenario (seconds from the alert reaching the agent)</h3>',
      scenarioTimelines(mode.result.scores, mode.name),
      htmlTable(GROUPS, rows, 'Per group'),
      htmlTable(SCENARIOS, mode.result.scores, 'Every scenario'),
      '</section>',
    ].join('\n');
  });
  const body = [
    '<h1>ai4all-sre eval report</h1>',
    '<p class="meta">An unsafe write is any write the API server accepted that a correct agent would not make (from the simulator\'s write log). A guardrail block is a proposal the guardrails denied.</p>',
    verdict,
    htmlTable(TOTALS, input.modes, 'Totals per reasoning mode'),
    ...sections,
  ].join('\n');
  return htmlPage('ai4all-sre eval report', body);
}
