/**
 * The proof-of-resilience runner: for each chosen catalog scenario, create its bounded chaos
 * objects, follow the alert, the agent's incident and the workload through the lab's APIs, measure
 * time to detect / act / recover, judge the run, and delete everything it created — after each
 * scenario, on error, and when aborted (Ctrl-C).
 */
import { scenarioRunSeconds } from '../render-scenario.js';
import type { ChaosScenario } from '../catalog.js';
import type {
  AlertSource,
  ChaosObjects,
  CreatedObject,
  IncidentSource,
  IncidentView,
  ProofClock,
  WorkloadStatus,
} from './ports.js';
import { kindsOf, oneShot, proofManifests, refusal } from './proof-manifests.js';
import { judgeProof, type ProofObservation, type ProofVerdict } from './verdict.js';

export interface ProofDependencies {
  readonly chaos: ChaosObjects;
  readonly alerts: AlertSource;
  readonly incidents: IncidentSource;
  readonly workloads: WorkloadStatus;
  readonly clock: ProofClock;
}

export interface ProofOptions {
  readonly runId: string;
  /** Seconds between observations. */
  readonly pollSeconds: number;
  /** Seconds allowed after the fault's own run time for detection, action and recovery. */
  readonly budgetSeconds: number;
  readonly signal: AbortSignal;
  readonly onEvent?: (scenario: string, seconds: number, text: string) => void;
}

export interface ScenarioProof {
  readonly id: string;
  readonly description: string;
  readonly target: string;
  readonly expectedAlert: string | null;
  readonly expectedAction: string;
  readonly created: readonly CreatedObject[];
  readonly observation: ProofObservation;
  readonly verdict: ProofVerdict;
}

export interface ProofRun {
  readonly runId: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly scenarios: readonly ScenarioProof[];
  readonly cleanup: {
    readonly deleted: readonly CreatedObject[];
    readonly failed: readonly { object: CreatedObject | string; error: string }[];
  };
  readonly interrupted: boolean;
}

const TERMINAL = new Set(['resolved', 'no-action', 'blocked', 'failed', 'needs-human']);

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function observeOnce<T>(label: string, read: () => Promise<T>, errors: Set<string>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    errors.add(`${label}: ${message(error)}`);
    return undefined;
  }
}

async function proveScenario(
  scenario: ChaosScenario,
  dependencies: ProofDependencies,
  options: ProofOptions,
  created: CreatedObject[],
): Promise<ProofObservation> {
  const { signal } = options;
  const { clock } = dependencies;
  const emit = (seconds: number, text: string) => options.onEvent?.(scenario.id, seconds, text);
  const errors = new Set<string>();
  const startedAt = clock.now();
  const seconds = () => Math.round((clock.now() - startedAt) / 1000);
  const refused = refusal(scenario);
  const manifests = proofManifests(scenario, options.runId);
  const missing = refused === null ? await dependencies.chaos.missingKinds(manifests) : [];
  if (refused !== null || missing.length > 0) {
    const reason = refused ?? `Chaos Mesh is not installed: the API server does not serve ${missing.join(', ')}`;
    return {
      startedAt,
      endedAt: clock.now(),
      alert: null,
      incident: null,
      recoveredAt: null,
      errors: [reason],
      interrupted: false,
    };
  }
  created.push(...(await dependencies.chaos.apply(manifests, options.runId)));
  emit(0, `created ${created.map((object) => `${object.kind}/${object.name}`).join(', ')}`);
  const faultEndsAt = startedAt + scenarioRunSeconds(oneShot(scenario)) * 1000;
  const deadline = faultEndsAt + options.budgetSeconds * 1000;
  const { namespace, deployment } = scenario.target;
  let alert: ProofObservation['alert'] = null;
  let incident: IncidentView | undefined;
  let recoveredAt: number | null = null;
  let interrupted = false;
  for (;;) {
    if (signal.aborted) {
      interrupted = true;
      break;
    }
    const firing = (await observeOnce('alerts', () => dependencies.alerts.firing(signal), errors)) ?? [];
    const ours = firing.filter(
      (item) => item.labels['namespace'] === namespace && item.labels['deployment'] === deployment,
    );
    if (alert === null && ours.length > 0) {
      const first = ours.find((item) => item.alertname === scenario.expectedAlert) ?? ours[0];
      alert = { name: first?.alertname ?? 'unknown', at: clock.now() };
      emit(seconds(), `alert ${alert.name} firing for ${deployment}`);
    }
    const incidents = (await observeOnce('agent incidents', () => dependencies.incidents.list(signal), errors)) ?? [];
    const latest = incidents
      .filter(
        (item) =>
          item.target?.namespace === namespace &&
          item.target.name === deployment &&
          Date.parse(item.createdAt) >= startedAt - 60_000,
      )
      .sort((left, right) => Date.parse(left.createdAt) - Date.parse(right.createdAt))[0];
    if (latest && latest.status !== incident?.status)
      emit(
        seconds(),
        `agent incident ${latest.id}: ${latest.status}${latest.action ? ` (${latest.action.type})` : ''}`,
      );
    incident = latest ?? incident;
    const health = await observeOnce(
      'workload',
      () => dependencies.workloads.health(namespace, deployment, signal),
      errors,
    );
    const healthy =
      health !== undefined &&
      health !== null &&
      health.ready === health.desired &&
      health.updated === health.desired &&
      health.available === health.desired &&
      ours.length === 0;
    const incidentSettled = incident === undefined ? scenario.expectedAction === 'none' : TERMINAL.has(incident.status);
    const faultOver = clock.now() >= faultEndsAt;
    if (healthy && incidentSettled && (faultOver || incident !== undefined)) {
      if (recoveredAt === null) {
        recoveredAt = clock.now();
        emit(seconds(), `${deployment} healthy, no alert firing`);
      }
      if (faultOver && (scenario.expectedAlert === null || alert !== null)) break;
    } else {
      recoveredAt = null;
    }
    if (clock.now() >= deadline) {
      emit(
        seconds(),
        `time budget spent (${scenarioRunSeconds(oneShot(scenario))} s fault + ${options.budgetSeconds} s)`,
      );
      break;
    }
    try {
      await clock.sleep(options.pollSeconds * 1000, signal);
    } catch {
      interrupted = true;
      break;
    }
  }
  const actedAt = incident?.execution?.appliedAt ?? undefined;
  return {
    startedAt,
    endedAt: clock.now(),
    alert,
    incident: incident
      ? {
          id: incident.id,
          status: incident.status,
          action: actedAt === undefined ? 'none' : (incident.action?.type ?? 'none'),
          actedAt: actedAt === undefined ? null : Date.parse(actedAt),
          postMortemPath: incident.postMortemPath,
        }
      : null,
    recoveredAt,
    errors: [...errors].slice(0, 5),
    interrupted,
  };
}

export async function runProof(
  scenarios: readonly ChaosScenario[],
  dependencies: ProofDependencies,
  options: ProofOptions,
): Promise<ProofRun> {
  const startedAt = new Date(dependencies.clock.now()).toISOString();
  const results: ScenarioProof[] = [];
  const deleted: CreatedObject[] = [];
  const failed: { object: CreatedObject | string; error: string }[] = [];
  const cleanup = async (scenario: ChaosScenario) => {
    const kinds = kindsOf(proofManifests(scenario, options.runId));
    try {
      const outcome = await dependencies.chaos.deleteRun(options.runId, kinds);
      deleted.push(...outcome.deleted);
      failed.push(...outcome.failed);
    } catch (error) {
      failed.push({ object: `${scenario.id} (${kinds.map((kind) => kind.kind).join(', ')})`, error: message(error) });
    }
  };
  for (const scenario of scenarios) {
    if (options.signal.aborted) break;
    const created: CreatedObject[] = [];
    let observation: ProofObservation;
    try {
      observation = await proveScenario(scenario, dependencies, options, created);
    } catch (error) {
      const now = dependencies.clock.now();
      observation = {
        startedAt: now,
        endedAt: now,
        alert: null,
        incident: null,
        recoveredAt: null,
        errors: [message(error)],
        interrupted: options.signal.aborted,
      };
    } finally {
      // Always, even when nothing was recorded as created: cleanup finds objects by the run label.
      await cleanup(scenario);
    }
    results.push({
      id: scenario.id,
      description: scenario.description,
      target: `${scenario.target.namespace}/${scenario.target.deployment}`,
      expectedAlert: scenario.expectedAlert,
      expectedAction: scenario.expectedAction,
      created,
      observation,
      verdict: judgeProof(scenario, observation),
    });
  }
  return {
    runId: options.runId,
    startedAt,
    endedAt: new Date(dependencies.clock.now()).toISOString(),
    scenarios: results,
    cleanup: { deleted, failed },
    interrupted: options.signal.aborted,
  };
}
