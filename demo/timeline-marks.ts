/**
 * The points of one scenario worth drawing on a timeline — fault, alert, decision, write,
 * verification, recovery — in simulated seconds from the scenario's start. Pure: derived from the
 * observation (the simulator's write log for writes, the incident's timeline for the agent's steps).
 */
import type { Incident } from '../agent/domain/incident.js';
import type { ScenarioObservation } from './run-scenario.js';

export const MARK_KINDS = ['fault', 'alert', 'decision', 'write', 'verification', 'recovery'] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface TimelineMark {
  readonly kind: MarkKind;
  /** Simulated seconds since the scenario started. */
  readonly seconds: number;
  readonly label: string;
  /** False for a bad turn (verification failed, a denial, an alert that started firing). */
  readonly good: boolean;
}

/** Incident events that are the agent's decision about what to do (guardrail verdicts included). */
const DECISION_EVENTS: Readonly<Record<string, boolean>> = {
  'action-allowed': true,
  'no-action-taken': true,
  'dry-run-skipped': true,
  'approval-requested': true,
  'approval-granted': true,
  'action-denied': false,
  'approval-rejected': false,
};
const VERIFICATION_EVENTS: Readonly<Record<string, boolean>> = {
  'verification-passed': true,
  'verification-failed': false,
};

function fromIncident(incident: Incident, since: (at: number) => number): TimelineMark[] {
  const marks: TimelineMark[] = [];
  for (const entry of incident.timeline) {
    const decision = DECISION_EVENTS[entry.event];
    const verification = VERIFICATION_EVENTS[entry.event];
    const seconds = since(Date.parse(entry.at));
    if (decision !== undefined) marks.push({ kind: 'decision', seconds, label: entry.message, good: decision });
    if (verification !== undefined)
      marks.push({ kind: 'verification', seconds, label: entry.message, good: verification });
  }
  return marks;
}

export function timelineMarks(observation: ScenarioObservation): TimelineMark[] {
  const { scenario, startedAt } = observation;
  const since = (at: number) => Math.round((at - startedAt) / 100) / 10;
  const marks: TimelineMark[] = scenario.steps.map((step) => ({
    kind: 'fault',
    seconds: step.atSeconds,
    label:
      step.kind === 'inject'
        ? `fault injected: ${step.fault.kind}`
        : step.kind === 'end-faults'
          ? `fault ends: ${step.reason}`
          : step.kind === 'release'
            ? `release ${step.image}`
            : `pod of ${step.deployment} killed`,
    good: step.kind === 'end-faults',
  }));
  if (observation.alert)
    marks.push({
      kind: 'alert',
      seconds: since(observation.alert.at),
      label: `${observation.alert.name} firing`,
      good: false,
    });
  if (observation.alertResolvedAt !== null)
    marks.push({ kind: 'alert', seconds: since(observation.alertResolvedAt), label: 'alert resolved', good: true });
  for (const incident of observation.incidents) marks.push(...fromIncident(incident, since));
  for (const write of observation.writes)
    marks.push({ kind: 'write', seconds: since(write.at), label: `${write.method} ${write.path}`, good: true });
  if (observation.recoveredAt !== null)
    marks.push({
      kind: 'recovery',
      seconds: since(observation.recoveredAt),
      label: `${scenario.target} healthy, no alert firing`,
      good: true,
    });
  return marks.sort((left, right) => left.seconds - right.seconds);
}
