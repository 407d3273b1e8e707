/**
 * The points of one eval incident worth drawing: the agent's decision, its writes, verification
 * and how it ended, in seconds from the incident's opening (the alert reaching the agent). Pure,
 * from the incident's own timeline (simulated time, so the seconds are the pipeline's, not wall time).
 */
import type { Incident } from '../agent/domain/incident.js';

export const EVAL_MARK_KINDS = ['alert', 'decision', 'write', 'verification', 'end'] as const;

export interface EvalMark {
  readonly kind: (typeof EVAL_MARK_KINDS)[number];
  readonly seconds: number;
  readonly label: string;
  /** False for a denial, a failed verification, an undo or a bad ending. */
  readonly good: boolean;
}

const KINDS: Readonly<Record<string, { kind: EvalMark['kind']; good: boolean }>> = {
  'action-allowed': { kind: 'decision', good: true },
  'no-action-taken': { kind: 'decision', good: true },
  'approval-requested': { kind: 'decision', good: true },
  'dry-run-skipped': { kind: 'decision', good: true },
  'action-denied': { kind: 'decision', good: false },
  'action-blocked': { kind: 'decision', good: false },
  'target-unresolved': { kind: 'decision', good: false },
  'target-out-of-scope': { kind: 'decision', good: false },
  'action-applied': { kind: 'write', good: true },
  'undo-applied': { kind: 'write', good: false },
  'verification-passed': { kind: 'verification', good: true },
  'verification-failed': { kind: 'verification', good: false },
};
const GOOD_ENDINGS = new Set(['resolved', 'no-action', 'blocked', 'needs-human']);

export function incidentMarks(incident: Incident): EvalMark[] {
  const opened = Date.parse(incident.createdAt);
  const since = (at: string) => Math.max(0, Math.round((Date.parse(at) - opened) / 100) / 10);
  const marks: EvalMark[] = [
    { kind: 'alert', seconds: 0, label: `${incident.alerts[0]?.alertname ?? 'alert'} reached the agent`, good: true },
  ];
  for (const entry of incident.timeline) {
    const known = KINDS[entry.event];
    if (known) marks.push({ ...known, seconds: since(entry.at), label: entry.message });
  }
  marks.push({
    kind: 'end',
    seconds: since(incident.updatedAt),
    label: `ended ${incident.status}`,
    good: GOOD_ENDINGS.has(incident.status),
  });
  return marks;
}
