/**
 * Drives one scenario on the demo lab in simulated time: applies its steps, evaluates the alert
 * rules every 15 simulated seconds (Prometheus' evaluation interval), lets the agent work whenever
 * it is awake, and records what happened: alerts, the agent's incidents and writes, recovery.
 */
import type { Incident, IncidentEvent } from '../agent/domain/incident.js';
import { isTerminal } from '../agent/domain/incident.js';
import type { DemoLab } from './lab.js';
import type { DemoScenario, ScenarioStep } from './scenarios.js';
import { SHOP_NAMESPACE, shopHealthy } from './shop.js';

/** Prometheus' rule evaluation interval in the lab. */
export const EVALUATION_INTERVAL_MILLISECONDS = 15_000;

export interface ObservedWrite {
  readonly at: number;
  readonly method: string;
  readonly path: string;
}

export interface ScenarioObservation {
  readonly scenario: DemoScenario;
  /** Simulated ms when the first step ran. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** First firing notification for the target (alert name and when it was delivered). */
  readonly alert: { readonly name: string; readonly at: number } | null;
  readonly alertResolvedAt: number | null;
  /** The agent's incidents about the target opened during the scenario, as they ended. */
  readonly incidents: readonly Incident[];
  /** Successful writes the agent made to the API during the scenario. */
  readonly writes: readonly ObservedWrite[];
  /** First time, after the fault, that the target was healthy with no alert firing for it. */
  readonly recoveredAt: number | null;
  readonly timedOut: boolean;
}

/** Live progress: one line per thing that happened, with simulated seconds since the start. */
export type ProgressListener = (event: {
  readonly seconds: number;
  readonly kind: string;
  readonly text: string;
}) => void;

/** Where a scenario stands between timeline lines (for a live status line on a terminal). */
export type TickListener = (tick: { readonly seconds: number; readonly phase: string }) => void;

export interface RunOptions {
  readonly onProgress?: ProgressListener;
  /** Called after every step of simulated time. */
  readonly onTick?: TickListener;
  /** Wall time the agent may work without sleeping before the demo gives up (a hung model). */
  readonly settleTimeoutMilliseconds?: number;
}

const SHOWN_EVENTS = new Map<IncidentEvent, string>([
  ['diagnosis-made', 'diagnosis'],
  ['action-proposed', 'proposal'],
  ['action-allowed', 'guardrail'],
  ['action-denied', 'guardrail'],
  ['approval-requested', 'guardrail'],
  ['action-blocked', 'blocked'],
  ['dry-run-skipped', 'dry-run'],
  ['action-applied', 'action'],
  ['no-action-taken', 'decision'],
  ['verification-passed', 'verified'],
  ['verification-failed', 'verify-failed'],
  ['undo-applied', 'undo'],
  ['incident-resolved', 'resolved'],
  ['incident-failed', 'failed'],
  ['target-unresolved', 'needs-human'],
  ['workflow-crashed', 'crashed'],
]);

function applyStep(lab: DemoLab, step: ScenarioStep): string {
  const cluster = lab.simulator.cluster;
  switch (step.kind) {
    case 'inject':
      cluster.injectFault(step.fault);
      return `fault injected: ${step.fault.kind}`;
    case 'release': {
      const current = cluster.getDeployment(SHOP_NAMESPACE, step.deployment);
      if (!current) throw new Error(`scenario step: Deployment ${step.deployment} does not exist`);
      const next = structuredClone(current);
      const container = next.spec.template.spec.containers[0];
      if (!container) throw new Error(`scenario step: Deployment ${step.deployment} has no container`);
      container.image = step.image;
      cluster.applyDeployment(next);
      return `new release rolled out: ${step.deployment} → ${step.image.split('/').pop() ?? step.image}`;
    }
    case 'kill-pod': {
      const victim = cluster
        .podsOf(SHOP_NAMESPACE, step.deployment)
        .map((pod) => pod.metadata.name)
        .sort()[0];
      if (victim === undefined) throw new Error(`scenario step: no pod of ${step.deployment} to kill`);
      cluster.killPod(SHOP_NAMESPACE, victim);
      return `pod killed: ${victim}`;
    }
    case 'end-faults':
      cluster.clearFaults();
      return `fault ends: ${step.reason}`;
  }
}

function firingFor(lab: DemoLab, deployment: string): boolean {
  return lab.alerts
    .firing()
    .some((labels) => labels['namespace'] === SHOP_NAMESPACE && labels['deployment'] === deployment);
}

export async function runScenario(
  lab: DemoLab,
  scenario: DemoScenario,
  nextEvaluation: { at: number },
  options: RunOptions = {},
): Promise<ScenarioObservation> {
  const { time, agent, simulator } = lab;
  const progress = options.onProgress ?? (() => undefined);
  const settleTimeout = options.settleTimeoutMilliseconds ?? 300_000;
  const startedAt = time.now();
  const seconds = (at: number) => Math.round((at - startedAt) / 100) / 10;
  const writesBefore = simulator.cluster.writes().length;
  const steps = [...scenario.steps].sort((left, right) => left.atSeconds - right.atSeconds);
  let applied = 0;
  let alert: ScenarioObservation['alert'] = null;
  let alertResolvedAt: number | null = null;
  let recoveredAt: number | null = null;
  const shown = new Map<string, number>();
  const isOurs = (incident: Incident) =>
    incident.target?.name === scenario.target && Date.parse(incident.createdAt) >= startedAt;

  const report = () => {
    for (const incident of agent.store.list().filter(isOurs)) {
      const from = shown.get(incident.id) ?? 0;
      if (from === 0)
        progress({
          seconds: seconds(Date.parse(incident.createdAt)),
          kind: 'incident',
          text: `agent opened incident ${incident.id}`,
        });
      for (const entry of incident.timeline.slice(from)) {
        const kind = SHOWN_EVENTS.get(entry.event);
        if (kind !== undefined) progress({ seconds: seconds(Date.parse(entry.at)), kind, text: entry.message });
      }
      shown.set(incident.id, Math.max(from, incident.timeline.length, 1));
    }
  };

  const finished = (): boolean => {
    if (applied < steps.length) return false;
    const ours = agent.store.list().filter(isOurs);
    if (scenario.expect.status === null) {
      return time.now() - startedAt >= (scenario.observeSeconds ?? 300) * 1000 && recoveredAt !== null;
    }
    const ended =
      ours.length > 0 && ours.every((incident) => isTerminal(incident.status) && incident.postMortemPath !== null);
    return ended && recoveredAt !== null;
  };

  const phaseOf = (): string => {
    const open = agent.store.list().filter((incident) => isOurs(incident) && !isTerminal(incident.status));
    if (open.length > 0) return `agent working on ${open.map((incident) => incident.id).join(', ')}`;
    if (applied < steps.length) return 'next fault step due';
    if (recoveredAt !== null) return 'watching that the recovery holds';
    if (alert === null && scenario.expect.alert !== null) return 'rules evaluated every 15 s; waiting for an alert';
    return 'watching the target';
  };

  let timedOut = false;
  for (;;) {
    await time.settle(settleTimeout);
    while (applied < steps.length && startedAt + (steps[applied]?.atSeconds ?? 0) * 1000 <= time.now()) {
      const step = steps[applied] as ScenarioStep;
      progress({ seconds: seconds(time.now()), kind: 'fault', text: applyStep(lab, step) });
      applied += 1;
    }
    report();
    const healthyNow = shopHealthy(simulator.cluster, scenario.target) && !firingFor(lab, scenario.target);
    if (recoveredAt === null && healthyNow && time.now() > startedAt) {
      const incidentsDone = agent.store
        .list()
        .filter(isOurs)
        .every((incident) => isTerminal(incident.status));
      const faultsOver =
        applied === steps.length &&
        !steps.some((step) => step.kind === 'end-faults' && startedAt + step.atSeconds * 1000 > time.now());
      if (incidentsDone && faultsOver && (alert !== null || scenario.expect.alert === null)) {
        recoveredAt = time.now();
        progress({
          seconds: seconds(recoveredAt),
          kind: 'recovered',
          text: `${scenario.target} healthy, no alert firing`,
        });
      }
    } else if (recoveredAt !== null && !healthyNow) {
      recoveredAt = null; // it broke again: recovery is only counted when it holds
    }
    if (
      time.running === 0 &&
      agent.store
        .list()
        .some((incident) => isOurs(incident) && isTerminal(incident.status) && incident.postMortemPath === null)
    ) {
      await agent.idle(); // post-mortems are written off the workflow; wait for them
      continue;
    }
    if (finished()) break;
    if (time.now() - startedAt >= scenario.maxSeconds * 1000) {
      timedOut = true;
      progress({
        seconds: seconds(time.now()),
        kind: 'timeout',
        text: `gave up after ${scenario.maxSeconds} simulated seconds`,
      });
      break;
    }
    const nextStep =
      applied < steps.length ? startedAt + (steps[applied]?.atSeconds ?? 0) * 1000 : Number.POSITIVE_INFINITY;
    await time.advance(Math.min(nextEvaluation.at, nextStep, time.nextWake() ?? Number.POSITIVE_INFINITY));
    options.onTick?.({ seconds: seconds(time.now()), phase: phaseOf() });
    if (time.now() >= nextEvaluation.at) {
      nextEvaluation.at += EVALUATION_INTERVAL_MILLISECONDS;
      const firingBefore = firingFor(lab, scenario.target);
      const deliveries = await lab.alerts.evaluate(time.now());
      for (const delivery of deliveries) {
        if (delivery.status < 200 || delivery.status >= 300) {
          progress({
            seconds: seconds(time.now()),
            kind: 'webhook',
            text: `webhook delivery failed (${delivery.status} ${delivery.error ?? ''}); retried`,
          });
        }
      }
      const firingAfter = firingFor(lab, scenario.target);
      if (!firingBefore && firingAfter) {
        const labels = lab.alerts.firing().find((item) => item['deployment'] === scenario.target);
        const name = labels?.['alertname'] ?? 'unknown';
        if (alert === null) alert = { name, at: time.now() };
        progress({
          seconds: seconds(time.now()),
          kind: 'alert',
          text: `${name} firing for ${scenario.target} → webhook to the agent`,
        });
      } else if (firingBefore && !firingAfter) {
        alertResolvedAt = time.now();
        progress({ seconds: seconds(time.now()), kind: 'alert', text: `alert for ${scenario.target} resolved` });
      }
    }
  }
  report();
  const writes = simulator.cluster
    .writes()
    .slice(writesBefore)
    .filter((record) => record.status >= 200 && record.status < 300)
    .map((record) => ({ at: Date.parse(record.time), method: record.method, path: record.path }));
  return {
    scenario,
    startedAt,
    endedAt: time.now(),
    alert,
    alertResolvedAt,
    incidents: agent.store.list().filter(isOurs),
    writes,
    recoveredAt,
    timedOut,
  };
}
