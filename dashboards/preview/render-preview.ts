/**
 * A picture of a dashboard's layout before anyone has a Grafana: the 24-column grid as SVG, each
 * panel a box at its gridPos with its title, type and queries (cut to fit, full text on hover).
 * Pure and deterministic, so the committed previews under docs/dashboards can be checked for
 * staleness the way dist/ is.
 */
import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';

const COLUMN_WIDTH = 50;
const ROW_HEIGHT = 34;
const GAP = 6;
const HEADER = 48;
const CHAR_WIDTH = 6.2;
const LINE_HEIGHT = 14;

function escapeXml(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}

function cut(text: string, width: number): string {
  const room = Math.max(4, Math.floor(width / CHAR_WIDTH));
  return text.length <= room ? text : `${text.slice(0, room - 1)}…`;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly title: string;
  readonly type: string;
  readonly queries: readonly string[];
}

function isRow(panel: Panel | RowPanel): panel is RowPanel {
  return panel.type === 'row';
}

/** Panels with their grid positions; a row is a full-width strip, its collapsed panels follow it. */
export function panelBoxes(dashboard: Dashboard): Box[] {
  const boxes: Box[] = [];
  const add = (panel: Panel | RowPanel) => {
    const grid = panel.gridPos ?? { x: 0, y: 0, w: 24, h: 1 };
    const targets = isRow(panel) ? [] : ((panel.targets ?? []) as { expr?: string }[]);
    boxes.push({
      x: grid.x ?? 0,
      y: grid.y ?? 0,
      w: grid.w ?? 24,
      h: grid.h ?? 1,
      title: panel.title ?? '(untitled)',
      type: panel.type ?? 'panel',
      queries: targets.map((target) => target.expr ?? '').filter((expr) => expr !== ''),
    });
    if (isRow(panel)) for (const inner of panel.panels ?? []) add(inner);
  };
  for (const panel of dashboard.panels ?? []) add(panel);
  return boxes;
}

const TYPE_COLOURS: Readonly<Record<string, string>> = {
  stat: '#175cd3',
  timeseries: '#067647',
  logs: '#6941c6',
  row: '#475467',
};

function panelSvg(box: Box): string {
  const x = box.x * COLUMN_WIDTH + GAP;
  const y = HEADER + box.y * ROW_HEIGHT + GAP;
  const width = box.w * COLUMN_WIDTH - GAP;
  const height = box.h * ROW_HEIGHT - GAP;
  const colour = TYPE_COLOURS[box.type] ?? '#344054';
  const inner = width - 16;
  // Queries wrap over the panel's free lines (a query spans as many lines as it needs); what
  // does not fit ends with an ellipsis. The hover title holds the full text.
  const perLine = Math.max(4, Math.floor(inner / CHAR_WIDTH));
  const room = Math.max(0, Math.floor((height - 44) / LINE_HEIGHT));
  const wrapped = box.queries.flatMap((query) => {
    const pieces: string[] = [];
    for (let start = 0; start < query.length; start += perLine) pieces.push(query.slice(start, start + perLine));
    return pieces;
  });
  const shown = wrapped.slice(0, room);
  if (wrapped.length > room && room > 0) shown[room - 1] = cut(`${shown[room - 1] ?? ''}…`, inner);
  const lines = shown.map(
    (text, index) => `<text x="${x + 8}" y="${y + 46 + index * LINE_HEIGHT}" class="q">${escapeXml(text)}</text>`,
  );
  return [
    `<g><title>${escapeXml([`${box.title} (${box.type})`, ...box.queries].join('\n'))}</title>`,
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="4" fill="#ffffff" stroke="#d0d5dd"/>`,
    `<rect x="${x}" y="${y}" width="4" height="${height}" fill="${colour}"/>`,
    `<text x="${x + 8}" y="${y + 17}" class="t">${escapeXml(cut(box.title, inner))}</text>`,
    `<text x="${x + 8}" y="${y + 31}" class="k" fill="${colour}">${escapeXml(box.type)}</text>`,
    ...lines,
    '</g>',
  ].join('\n');
}

/** The dashboard's layout as a standalone SVG document. */
export function renderDashboardPreview(dashboard: Dashboard): string {
  const boxes = panelBoxes(dashboard);
  const width = 24 * COLUMN_WIDTH + GAP;
  const rows = Math.max(1, ...boxes.map((box) => box.y + box.h));
  const height = HEADER + rows * ROW_HEIGHT + GAP;
  const title = dashboard.title ?? dashboard.uid ?? 'dashboard';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(`Layout of the Grafana dashboard ${title}`)}">`,
    '<style>text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;fill:#1d2939}.t{font-size:13px;font-weight:600}.k{font-size:11px}.q{font-family:ui-monospace,Menlo,monospace;font-size:10.5px;fill:#344054}.h{font-size:16px;font-weight:700}.s{font-size:11px;fill:#475467}</style>',
    `<rect width="${width}" height="${height}" fill="#f2f4f7"/>`,
    `<text x="${GAP + 2}" y="22" class="h">${escapeXml(title)}</text>`,
    `<text x="${GAP + 2}" y="38" class="s">${escapeXml(`uid ${dashboard.uid ?? '-'} · ${boxes.length} panels · layout preview generated from dashboards/ (not live data)`)}</text>`,
    ...boxes.map(panelSvg),
    '</svg>',
    '',
  ].join('\n');
}
