/**
 * A runbook per alert name that accumulates what the agent tried and how it ended, so the next
 * responder (human or agent) sees which actions worked for this alert. The history is kept as JSON
 * next to the Markdown (bounded to the newest entries) and the Markdown is re-rendered from it.
 */
import { z } from 'zod';
import { describeAction } from '../../domain/action.js';
import type { Incident } from '../../domain/incident.js';
import { cell } from './markdown.js';

export const RUNBOOK_HISTORY_LIMIT = 200;

export const RunbookEntrySchema = z.object({
  incidentId: z.string(),
  at: z.string(),
  target: z.string(),
  category: z.string(),
  action: z.string(),
  actionType: z.string(),
  status: z.string(),
});
export const RunbookHistorySchema = z.object({ alertname: z.string(), entries: z.array(RunbookEntrySchema) });
export type RunbookEntry = z.infer<typeof RunbookEntrySchema>;
export type RunbookHistory = z.infer<typeof RunbookHistorySchema>;

export function runbookEntry(incident: Incident): RunbookEntry {
  return {
    incidentId: incident.id,
    at: incident.updatedAt,
    target: incident.target ? `${incident.target.namespace}/${incident.target.name}` : 'none',
    category: incident.diagnosis?.category ?? 'undiagnosed',
    action: incident.action ? describeAction(incident.action) : 'none',
    actionType: incident.action?.type ?? 'none',
    status: incident.status,
  };
}

/** Adds (or replaces, by incident id) an entry, keeping the newest RUNBOOK_HISTORY_LIMIT. */
export function addToHistory(history: RunbookHistory, entry: RunbookEntry): RunbookHistory {
  const entries = [...history.entries.filter((item) => item.incidentId !== entry.incidentId), entry];
  return { alertname: history.alertname, entries: entries.slice(-RUNBOOK_HISTORY_LIMIT) };
}

export function renderRunbook(history: RunbookHistory): string {
  const byAction = new Map<string, { tried: number; resolved: number; failed: number; other: number }>();
  for (const entry of history.entries) {
    const key = `${entry.category} → ${entry.actionType}`;
    const counts = byAction.get(key) ?? { tried: 0, resolved: 0, failed: 0, other: 0 };
    counts.tried += 1;
    if (entry.status === 'resolved') counts.resolved += 1;
    else if (entry.status === 'failed') counts.failed += 1;
    else counts.other += 1;
    byAction.set(key, counts);
  }
  const ranked = [...byAction.entries()].sort((left, right) => right[1].resolved - left[1].resolved);
  const worked = ranked.filter(([, counts]) => counts.resolved > 0);
  return [
    `# Runbook: ${cell(history.alertname)}`,
    '',
    `Written by the agent from ${history.entries.length} incident(s); each line links to its post-mortem.`,
    '',
    '## What worked',
    '',
    ...(worked.length > 0
      ? worked.map(([key, counts]) => `- ${cell(key)}: resolved ${counts.resolved} of ${counts.tried}`)
      : ['Nothing the agent tried has resolved this alert yet.']),
    '',
    '## Outcomes by diagnosis and action',
    '',
    '| diagnosis → action | tried | resolved | failed (undone) | other |',
    '|---|---|---|---|---|',
    ...ranked.map(
      ([key, counts]) => `| ${cell(key)} | ${counts.tried} | ${counts.resolved} | ${counts.failed} | ${counts.other} |`,
    ),
    '',
    '## Recent incidents',
    '',
    '| when | target | action | status | post-mortem |',
    '|---|---|---|---|---|',
    ...history.entries
      .slice(-20)
      .reverse()
      .map(
        (entry) =>
          `| ${cell(entry.at)} | ${cell(entry.target)} | ${cell(entry.action)} | ${cell(entry.status)} | [${cell(entry.incidentId)}](../post-mortems/${encodeURIComponent(entry.incidentId)}.md) |`,
      ),
    '',
  ].join('\n');
}
