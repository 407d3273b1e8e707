/**
 * Building blocks of the self-contained HTML reports written by `npm run demo` and `npm run eval`:
 * escaping, one page shell with inline CSS (no script, no external resource: the file opens
 * offline), tables and a lane timeline as inline SVG. Pure functions from data to strings.
 */

import { escapeHtml } from '../agent/http/console/views/page.js';

/** Escapes text for HTML element content and attributes: the console's one escaper, for the reports too. */
export { escapeHtml };

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2939; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.25em; margin: 32px 0 8px; border-top: 1px solid #d0d5dd; padding-top: 16px; }
.meta { color: #475467; margin: 0 0 16px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; }
th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid #e4e7ec; vertical-align: top; }
th { background: #f2f4f7; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pass { color: #05603a; font-weight: 600; } .fail { color: #b42318; font-weight: 600; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 0.85em; font-weight: 600; }
.badge.pass { background: #d1fadf; } .badge.fail { background: #fee4e2; }
svg { max-width: 100%; height: auto; display: block; margin: 8px 0; }
svg text { font: 12px system-ui, sans-serif; fill: #344054; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.92em; }
ul.problems li { color: #b42318; }
`;

/** A complete HTML document; `body` is already-escaped markup. */
export function htmlPage(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may be fetched: the report must open the same on a machine without network.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

export interface Column<Row> {
  readonly title: string;
  /** Cell markup (escape text yourself, or return via `escapeHtml`). */
  readonly cell: (row: Row) => string;
  readonly numeric?: boolean;
}

export function htmlTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], caption?: string): string {
  const head = columns
    .map((column) => `<th scope="col"${column.numeric ? ' class="num"' : ''}>${escapeHtml(column.title)}</th>`)
    .join('');
  const body = rows
    .map(
      (row) =>
        `<tr>${columns.map((column) => `<td${column.numeric ? ' class="num"' : ''}>${column.cell(row)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export interface LaneMark {
  readonly lane: string;
  readonly seconds: number;
  readonly label: string;
  readonly good: boolean;
}

const LANE_COLOURS: readonly string[] = ['#b42318', '#b54708', '#175cd3', '#6941c6', '#067647', '#05603a'];

/** A step for axis ticks giving about six ticks over `span` seconds (1, 2, 5 × 10^n). */
export function tickStep(span: number): number {
  const raw = Math.max(span, 1) / 6;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((factor) => factor * magnitude).find((step) => step >= raw) ?? 10 * magnitude;
}

/**
 * A timeline as inline SVG: one row (lane) per kind, a marker per mark at its time, an axis in
 * seconds. Every marker carries a `<title>` (hover text); the same facts should also be listed in
 * text next to it for readers who cannot see the chart.
 */
export function laneTimeline(
  lanes: readonly string[],
  marks: readonly LaneMark[],
  spanSeconds: number,
  description: string,
): string {
  const width = 960;
  const left = 110;
  const right = 24;
  const laneHeight = 30;
  const top = 10;
  const plotWidth = width - left - right;
  const span = Math.max(spanSeconds, ...marks.map((mark) => mark.seconds), 1);
  const height = top + lanes.length * laneHeight + 30;
  const x = (seconds: number) => (left + (seconds / span) * plotWidth).toFixed(1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(description)}">`,
  ];
  lanes.forEach((lane, index) => {
    const y = top + index * laneHeight + laneHeight / 2;
    parts.push(
      `<text x="${left - 10}" y="${y + 4}" text-anchor="end">${escapeHtml(lane)}</text>`,
      `<line x1="${left}" y1="${y}" x2="${width - right}" y2="${y}" stroke="#e4e7ec"/>`,
    );
  });
  const axisY = top + lanes.length * laneHeight + 4;
  const step = tickStep(span);
  for (let tick = 0; tick <= span + 1e-9; tick += step) {
    parts.push(
      `<line x1="${x(tick)}" y1="${top}" x2="${x(tick)}" y2="${axisY}" stroke="#f2f4f7"/>`,
      `<text x="${x(tick)}" y="${axisY + 16}" text-anchor="middle">${escapeHtml(`${tick}s`)}</text>`,
    );
  }
  for (const mark of marks) {
    const index = Math.max(0, lanes.indexOf(mark.lane));
    const y = top + index * laneHeight + laneHeight / 2;
    const colour = LANE_COLOURS[index % LANE_COLOURS.length] ?? '#344054';
    parts.push(
      `<circle cx="${x(mark.seconds)}" cy="${y}" r="7" fill="${mark.good ? colour : '#ffffff'}" stroke="${colour}" stroke-width="3"><title>${escapeHtml(`t+${mark.seconds}s ${mark.lane}: ${mark.label}`)}</title></circle>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}
