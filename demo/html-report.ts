/**
 * The demo's HTML report: one self-contained file (inline CSS and SVG, no script, no network) with
 * the summary table, and per scenario its timeline — fault, alert, decision, write, verification,
 * recovery — its verdict, what went wrong, and links to its post-mortems. Pure: data in, HTML out.
 */
import { MARK_KINDS } from './timeline-marks.js';
import { escapeHtml, htmlPage, htmlTable, laneTimeline, type Column } from './html-page.js';
import type { ScenarioResult } from './verdict.js';

export interface DemoReportInput {
  readonly seed: number;
  readonly mode: string;
  /** The model that reasoned, or null for the rule engine. */
  readonly model: string | null;
  readonly simulatedSeconds: number;
  readonly interrupted: boolean;
  readonly results: readonly ScenarioResult[];
  /** How a post-mortem's path is linked from the report (relative to the report's folder). */
  readonly postMortemHref: (path: string) => string;
}

const seconds = (value: number | null) => (value === null ? '–' : `${value.toFixed(0)} s`);

function verdict(result: ScenarioResult): string {
  return result.passed ? '<span class="badge pass">PASS</span>' : '<span class="badge fail">FAIL</span>';
}

const SUMMARY: readonly Column<ScenarioResult>[] = [
  { title: 'scenario', cell: (row) => `<a href="#${escapeHtml(row.id)}">${escapeHtml(row.id)}</a>` },
  { title: 'alert', cell: (row) => escapeHtml(row.alert ?? 'none') },
  {
    title: 'diagnosis',
    cell: (row) => escapeHtml(row.diagnosis === null ? '–' : `${row.diagnosis} (${row.diagnosisSource ?? '?'})`),
  },
  { title: 'action', cell: (row) => escapeHtml(row.action) },
  { title: 'guardrail', cell: (row) => escapeHtml(row.guardrail) },
  { title: 'incident', cell: (row) => escapeHtml(row.status) },
  { title: 'recovered', cell: (row) => (row.recovered ? 'yes' : '<span class="fail">NO</span>') },
  { title: 'detect', cell: (row) => seconds(row.detectSeconds), numeric: true },
  { title: 'act', cell: (row) => seconds(row.actSeconds), numeric: true },
  { title: 'recover', cell: (row) => seconds(row.recoverSeconds), numeric: true },
  { title: 'verdict', cell: verdict },
];

function scenarioSection(result: ScenarioResult, input: DemoReportInput): string {
  const chart = laneTimeline(
    MARK_KINDS,
    result.marks.map((mark) => ({ lane: mark.kind, seconds: mark.seconds, label: mark.label, good: mark.good })),
    result.durationSeconds,
    `Timeline of ${result.id}: ${result.marks.map((mark) => `${mark.kind} at ${mark.seconds} s`).join(', ')}`,
  );
  const events = htmlTable(
    [
      { title: 't+', cell: (mark) => `${mark.seconds} s`, numeric: true },
      { title: 'what', cell: (mark) => escapeHtml(mark.kind) },
      { title: 'details', cell: (mark) => escapeHtml(mark.label) },
    ],
    result.marks,
  );
  const links =
    result.postMortems.length === 0
      ? '<p>No post-mortem (no incident was opened).</p>'
      : `<p>Post-mortem: ${result.postMortems
          .map(
            (path) =>
              `<a href="${escapeHtml(input.postMortemHref(path))}">${escapeHtml(path.split('/').pop() ?? path)}</a>`,
          )
          .join(', ')}</p>`;
  const problems =
    result.problems.length === 0
      ? ''
      : `<ul class="problems">${result.problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul>`;
  return [
    `<section id="${escapeHtml(result.id)}">`,
    `<h2>${escapeHtml(result.title)} <code>${escapeHtml(result.id)}</code> ${verdict(result)}</h2>`,
    `<p>Target <code>${escapeHtml(result.target)}</code> · fault ${escapeHtml(result.fault)} · incident ${escapeHtml(result.status)} · ${result.writes} write(s) by the agent</p>`,
    chart,
    problems,
    links,
    `<details><summary>Every point on the timeline</summary>${events}</details>`,
    '</section>',
  ].join('\n');
}

export function renderDemoReport(input: DemoReportInput): string {
  const passed = input.results.filter((result) => result.passed).length;
  const status = input.interrupted
    ? `interrupted after ${input.results.length} scenario(s)`
    : `${passed} of ${input.results.length} scenario(s) ended as expected`;
  const body = [
    '<h1>ai4all-sre demo report</h1>',
    `<p class="meta">seed ${input.seed} · mode ${escapeHtml(input.mode)} · reasoning: ${escapeHtml(input.model ?? 'rule engine')} · ${input.simulatedSeconds} simulated seconds · <span class="${passed === input.results.length && !input.interrupted ? 'pass' : 'fail'}">${escapeHtml(status)}</span></p>`,
    "<p>Times are simulated seconds from each scenario's fault: <em>detect</em> = the alert reached the agent, <em>act</em> = its write was applied, <em>recover</em> = the target was healthy with no alert firing. Hollow markers are bad turns (an alert firing, a denial, a failed verification).</p>",
    htmlTable(SUMMARY, input.results, 'Summary'),
    ...input.results.map((result) => scenarioSection(result, input)),
  ].join('\n');
  return htmlPage('ai4all-sre demo report', body);
}
