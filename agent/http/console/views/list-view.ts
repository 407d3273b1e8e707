/** The incident list: newest first, filters by status and severity, paging with the API's cursor. */
import type { IncidentSummary } from '../../incident-summary.js';
import type { ListPage } from '../console-model.js';
import { age, escapeHtml, statusBadge } from './page.js';

export const STATUS_FILTERS = [
  'awaiting-approval',
  'open',
  'diagnosing',
  'acting',
  'verifying',
  'resolved',
  'no-action',
  'blocked',
  'failed',
  'needs-human',
] as const;
const SEVERITIES = ['critical', 'warning', 'info'] as const;

function query(parameters: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) if (value) search.set(key, value);
  const text = search.toString();
  return text === '' ? './' : `./?${text}`;
}

function row(incident: IncidentSummary, now: Date): string {
  const target = incident.target ? `${incident.target.namespace}/${incident.target.name}` : '(no workload)';
  return [
    `<tr data-status="${escapeHtml(incident.status)}">`,
    `<td><a href="incidents/${encodeURIComponent(incident.id)}">${escapeHtml(incident.id)}</a></td>`,
    `<td>${statusBadge(incident.status)}</td>`,
    `<td>${escapeHtml(target)}</td>`,
    `<td>${escapeHtml(incident.alertname)}</td>`,
    `<td>${escapeHtml(incident.severity)}</td>`,
    `<td>${escapeHtml(incident.action ?? '–')}</td>`,
    `<td><time datetime="${escapeHtml(incident.createdAt)}">${escapeHtml(age(incident.createdAt, now))}</time></td>`,
    '</tr>',
  ].join('');
}

/** The part of the page that live updates replace. */
export function listLive(page: ListPage, now: Date): string {
  const waiting = page.items.filter((item) => item.status === 'awaiting-approval').length;
  const table =
    page.items.length === 0
      ? '<p>No incidents match.</p>'
      : [
          '<table class="incidents"><caption class="visually-hidden">Incidents, newest first</caption>',
          '<thead><tr><th scope="col">incident</th><th scope="col">status</th><th scope="col">target</th><th scope="col">alert</th><th scope="col">severity</th><th scope="col">action</th><th scope="col">age</th></tr></thead>',
          `<tbody>${page.items.map((item) => row(item, now)).join('\n')}</tbody></table>`,
        ].join('\n');
  const more = page.nextCursor
    ? `<p><a rel="next" href="${escapeHtml(query({ ...page.filters, cursor: page.nextCursor }))}">Older incidents →</a></p>`
    : '';
  return `<p class="summary" aria-live="polite">${page.items.length} incident(s) on this page${waiting > 0 ? `, <strong>${waiting} awaiting approval</strong>` : ''}.</p>\n${table}\n${more}`;
}

export function listBody(page: ListPage, now: Date, fragmentUrl: string, firstPage: boolean): string {
  const option = (value: string, selected: string | undefined) =>
    `<option value="${escapeHtml(value)}"${value === selected ? ' selected' : ''}>${escapeHtml(value)}</option>`;
  const filters = [
    '<form method="get" action="./" class="filters" role="search">',
    '<label for="status">Status</label>',
    `<select id="status" name="status"><option value="">any</option>${STATUS_FILTERS.map((status) => option(status, page.filters.status)).join('')}</select>`,
    '<label for="severity">Severity</label>',
    `<select id="severity" name="severity"><option value="">any</option>${SEVERITIES.map((severity) => option(severity, page.filters.severity)).join('')}</select>`,
    '<button type="submit">Filter</button>',
    '</form>',
  ].join('\n');
  return [
    '<h1>Incidents</h1>',
    filters,
    firstPage ? '' : `<p><a href="${escapeHtml(query({ ...page.filters }))}">← Newest</a></p>`,
    `<div id="live" data-live-url="${escapeHtml(fragmentUrl)}">`,
    listLive(page, now),
    '</div>',
  ].join('\n');
}
