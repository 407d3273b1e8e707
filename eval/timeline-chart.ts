/**
 * Every scenario of a mode on one chart: a row per scenario, its incident's decision, writes,
 * verification and ending at their seconds from the alert (hollow markers: bad turns; the ending is
 * drawn smaller so a verification at the same second stays visible). Inline SVG.
 */
import { escapeHtml, tickStep } from '../demo/html-page.js';
import { EVAL_MARK_KINDS } from './incident-marks.js';
import type { ScenarioScore } from './score.js';

const COLOURS: Readonly<Record<(typeof EVAL_MARK_KINDS)[number], string>> = {
  alert: '#b54708',
  decision: '#175cd3',
  write: '#6941c6',
  verification: '#067647',
  end: '#344054',
};

export function scenarioTimelines(scores: readonly ScenarioScore[], modeName: string): string {
  const width = 960;
  const left = 280;
  const right = 20;
  const rowHeight = 20;
  const top = 30;
  const plot = width - left - right;
  const span = Math.max(1, ...scores.flatMap((score) => score.marks.map((mark) => mark.seconds)));
  const height = top + scores.length * rowHeight + 30;
  const x = (seconds: number) => (left + (seconds / span) * plot).toFixed(1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(`${modeName}: each scenario's decision, writes, verification and ending, in seconds from the alert`)}">`,
    ...EVAL_MARK_KINDS.map(
      (kind, index) =>
        `<circle cx="${left + index * 120 + 6}" cy="12" r="5" fill="${COLOURS[kind]}"/><text x="${left + index * 120 + 16}" y="16">${kind}</text>`,
    ),
  ];
  const axis = top + scores.length * rowHeight + 4;
  const step = tickStep(span);
  for (let tick = 0; tick <= span + 1e-9; tick += step)
    parts.push(
      `<line x1="${x(tick)}" y1="${top}" x2="${x(tick)}" y2="${axis}" stroke="#eaecf0"/>`,
      `<text x="${x(tick)}" y="${axis + 16}" text-anchor="middle">${escapeHtml(`${Number(tick.toFixed(1))}s`)}</text>`,
    );
  scores.forEach((score, row) => {
    const y = top + row * rowHeight + rowHeight / 2;
    parts.push(
      `<text x="${left - 8}" y="${y + 4}" text-anchor="end"${score.allCorrect && score.unsafeWrites.length === 0 ? '' : ' fill="#b42318"'}>${escapeHtml(score.id)}</text>`,
      `<line x1="${left}" y1="${y}" x2="${width - right}" y2="${y}" stroke="#f2f4f7"/>`,
      ...score.marks.map(
        (mark) =>
          `<circle cx="${x(mark.seconds)}" cy="${y}" r="${mark.kind === 'end' ? 3 : 5}" fill="${mark.good ? COLOURS[mark.kind] : '#ffffff'}" stroke="${COLOURS[mark.kind]}" stroke-width="2"><title>${escapeHtml(`${score.id} t+${mark.seconds}s ${mark.kind}: ${mark.label}`)}</title></circle>`,
      ),
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
