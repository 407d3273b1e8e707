/**
 * Judges one scenario: what happened (the observation) against what should have (the scenario's
 * expectation), and the measured times. Pure, so the judging itself is tested on hand-made
 * observations, including ones that must fail.
 */
import type { Incident } from '../agent/domain/incident.js';
import type { ScenarioObservation } from './run-scenario.js';
import { timelineMarks, type TimelineMark } from './timeline-marks.js';

export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly target: string;
  readonly fault: string;
  readonly alert: string | null;
  readonly diagnosis: string | null;
  readonly diagnosisSource: string | null;
  readonly action: string;
  readonly guardrail: string;
  readonly status: string;
  readonly recovered: boolean;
  /** Simulated seconds from the fault: alert delivered, first write applied, recovered. */
  readonly detectSeconds: number | null;
  readonly actSeconds: number | null;
  readonly recoverSeconds: number | null;
  readonly writes: number;
  readonly postMortems: readonly string[];
  readonly passed: boolean;
  /** Why it failed; empty when it passed. */
  readonly problems: readonly string[];
  /** What happened when, for the HTML report's timeline (simulated seconds from the start). */
  readonly marks: readonly TimelineMark[];
  /** Simulated seconds the scenario ran. */
  readonly durationSeconds: number;
}

function describeAction(incident: Incident | undefined): string {
  const action = incident?.action;
  if (!action) return 'none';
  switch (action.type) {
    case 'none':
      return 'none';
    case 'restart':
      return 'restart';
    case 'scale':
      return `scale → ${action.replicas}`;
    case 'rollback':
      return action.toRevision === undefined ? 'rollback' : `rollback → rev ${action.toRevision}`;
  }
}

function appliedAt(incident: Incident): number | null {
  const at = incident.execution?.appliedAt;
  return at ? Date.parse(at) : null;
}

function faultOf(observation: ScenarioObservation): string {
  return observation.scenario.steps
    .map((step) => (step.kind === 'inject' ? step.fault.kind : step.kind))
    .filter((kind) => kind !== 'end-faults')
    .join(' + ');
}

export function judge(observation: ScenarioObservation): ScenarioResult {
  const { scenario } = observation;
  const expect = scenario.expect;
  const incident = observation.incidents[0];
  const problems: string[] = [];
  const since = (at: number | null) => (at === null ? null : Math.round((at - observation.startedAt) / 100) / 10);

  if (observation.timedOut) problems.push(`did not finish within ${scenario.maxSeconds} simulated seconds`);
  if (expect.alert === null && observation.alert !== null) {
    problems.push(`no alert should fire, but ${observation.alert.name} did`);
  }
  if (expect.alert !== null && observation.alert?.name !== expect.alert) {
    problems.push(`expected alert ${expect.alert}, got ${observation.alert?.name ?? 'none'}`);
  }
  if (expect.status === null && observation.incidents.length > 0) {
    problems.push(`no incident should open, but ${observation.incidents.length} did`);
  }
  if (expect.status !== null && incident === undefined) problems.push('the agent opened no incident');
  if (observation.incidents.length > 1) problems.push(`expected one incident, got ${observation.incidents.length}`);
  if (expect.status !== null && incident !== undefined && incident.status !== expect.status) {
    problems.push(`expected the incident to end ${expect.status}, it ended ${incident.status}`);
  }
  const actionType = incident?.action?.type ?? 'none';
  if (actionType !== expect.action) problems.push(`expected action ${expect.action}, the agent chose ${actionType}`);
  if (expect.action === 'none' && observation.writes.length > 0) {
    problems.push(`the agent must not write here, but made ${observation.writes.length} write(s)`);
  }
  const foreign = observation.writes.filter((write) => !write.path.includes(`/deployments/${scenario.target}`));
  if (foreign.length > 0)
    problems.push(`writes outside the target: ${foreign.map((write) => `${write.method} ${write.path}`).join(', ')}`);
  if (expect.recovered && observation.recoveredAt === null) problems.push(`${scenario.target} did not recover`);
  const missingReport = observation.incidents.filter((item) => item.postMortemPath === null);
  if (missingReport.length > 0) problems.push(`no post-mortem for ${missingReport.map((item) => item.id).join(', ')}`);

  const applied = incident ? appliedAt(incident) : null;
  return {
    id: scenario.id,
    title: scenario.title,
    target: scenario.target,
    fault: faultOf(observation),
    alert: observation.alert?.name ?? null,
    diagnosis: incident?.diagnosis?.category ?? null,
    diagnosisSource: incident?.diagnosis?.source ?? null,
    action: describeAction(incident),
    guardrail: incident?.decision?.outcome ?? (incident?.action?.type === 'none' ? 'not needed' : '-'),
    status: incident?.status ?? 'no incident',
    recovered: observation.recoveredAt !== null,
    detectSeconds: since(observation.alert?.at ?? null),
    actSeconds: since(applied),
    recoverSeconds: since(observation.recoveredAt),
    writes: observation.writes.length,
    postMortems: observation.incidents.flatMap((item) => (item.postMortemPath ? [item.postMortemPath] : [])),
    passed: problems.length === 0,
    problems,
    marks: timelineMarks(observation),
    durationSeconds: since(observation.endedAt) ?? 0,
  };
}
