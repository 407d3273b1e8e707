/**
 * Confirms that the alert condition cleared after an action. With Prometheus and an alert whose
 * generatorURL carries its expression (`g0.expr`), the expression is evaluated until it returns
 * nothing; otherwise the workload's health is checked (rollout complete, every pod ready, nothing
 * crash-looping or newly restarting), and passes early when Alertmanager's resolved notification
 * has arrived while the workload is healthy. Bounded by the verification window.
 */
import type { AlertSummary, Verification } from '../../domain/incident.js';
import type { WorkloadRef } from '../../domain/workload.js';
import { bounded } from '../evidence/bounded.js';
import type { Clock } from '../../ports/clock.js';
import type { Cluster } from '../../ports/cluster.js';
import type { MetricsQuery } from '../../ports/metrics-query.js';
import { rolloutState } from './rollout-wait.js';

export interface VerificationSettings {
  readonly settleMilliseconds: number;
  readonly windowMilliseconds: number;
  readonly intervalMilliseconds: number;
  /** How long the workload must stay healthy when judged by health (no alert expression). */
  readonly stableMilliseconds: number;
  readonly queryTimeoutMilliseconds: number;
}

/** The PromQL expression of an alert, from Prometheus' generatorURL (`…/graph?g0.expr=…`). */
export function alertExpression(alert: AlertSummary): string | null {
  if (!alert.generatorURL) return null;
  try {
    const expression = new URL(alert.generatorURL).searchParams.get('g0.expr');
    return expression && expression.trim().length > 0 ? expression.trim() : null;
  } catch {
    return null;
  }
}

const BAD_WAITING = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'RunContainerError',
]);

export interface HealthReading {
  /** null when healthy, else why not. */
  readonly problem: string | null;
  /** Container restarts summed over the active pods (must not grow while "healthy"). */
  readonly restarts: number;
}

/** One health check of the workload. */
export async function readWorkloadHealth(cluster: Cluster, target: WorkloadRef): Promise<HealthReading> {
  const deployment = await cluster.getDeployment(target);
  if (rolloutState(deployment, deployment.generation) !== 'complete') {
    return {
      problem: `rollout not complete (available ${deployment.status.availableReplicas}/${deployment.replicas})`,
      restarts: 0,
    };
  }
  const pods = await cluster.listPods(target, deployment.selector);
  const active = pods.filter((pod) => pod.phase !== 'Succeeded' && pod.phase !== 'Failed');
  const restarts = active.reduce(
    (sum, pod) => sum + pod.containers.reduce((count, container) => count + container.restartCount, 0),
    0,
  );
  const unready = active.filter((pod) => !pod.ready);
  if (unready.length > 0) {
    return {
      problem: `${unready.length} pods not ready (${unready
        .slice(0, 3)
        .map((pod) => pod.name)
        .join(', ')})`,
      restarts,
    };
  }
  const crashing = active.filter((pod) =>
    pod.containers.some((container) => container.waitingReason !== null && BAD_WAITING.has(container.waitingReason)),
  );
  if (crashing.length > 0) return { problem: `${crashing.length} pods crash-looping or unable to start`, restarts };
  return { problem: null, restarts };
}

const describeError = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function verifyRecovery(
  dependencies: {
    cluster: Cluster;
    metricsQuery: MetricsQuery | null;
    clock: Clock;
    /** The resolved notification for every alert of the incident has arrived. */
    alertsResolved?: () => boolean;
  },
  alerts: readonly AlertSummary[],
  target: WorkloadRef,
  settings: VerificationSettings,
): Promise<Verification> {
  const { metricsQuery, clock } = dependencies;
  const expression = alerts.map(alertExpression).find((value): value is string => value !== null) ?? null;
  if (settings.settleMilliseconds > 0) await clock.sleep(settings.settleMilliseconds);
  if (metricsQuery !== null && expression !== null) {
    const promql = await verifyByExpression(metricsQuery, clock, expression, settings);
    if (promql !== null) return promql;
    // Prometheus never answered: judge by the workload's health rather than guess.
    const health = await verifyByHealth(dependencies.cluster, clock, target, settings, dependencies.alertsResolved);
    return { ...health, details: `Prometheus did not answer; ${health.details}` };
  }
  const health = await verifyByHealth(dependencies.cluster, clock, target, settings, dependencies.alertsResolved);
  const why = metricsQuery === null ? 'no Prometheus configured' : 'the alert carries no expression';
  return { ...health, details: `${health.details} (${why})` };
}

/** Passes as soon as the alert expression returns nothing; null when Prometheus never answered. */
async function verifyByExpression(
  metricsQuery: MetricsQuery,
  clock: Clock,
  expression: string,
  settings: VerificationSettings,
): Promise<Verification | null> {
  const started = clock.now().getTime();
  let last: string;
  let answered = false;
  for (;;) {
    const result = await bounded(settings.queryTimeoutMilliseconds, (signal) =>
      metricsQuery.instant(expression, signal),
    );
    if (result.ok) {
      answered = true;
      if (result.value.length === 0) {
        return {
          outcome: 'passed',
          method: 'promql',
          details: `the alert expression returns no series: ${expression}`,
        };
      }
      last = `the alert expression still returns ${result.value.length} series (first value ${result.value[0]?.value ?? '?'})`;
    } else {
      last = `query failed: ${result.reason}`;
    }
    if (clock.now().getTime() - started >= settings.windowMilliseconds) break;
    await clock.sleep(settings.intervalMilliseconds);
  }
  return answered
    ? {
        outcome: 'failed',
        method: 'promql',
        details: `not recovered within ${settings.windowMilliseconds} ms: ${last}`,
      }
    : null;
}

/**
 * Passes when the workload stays healthy (rollout complete, pods ready, nothing crash-looping, no
 * new container restarts) for `stableMilliseconds` within the window: a restart that only hides a
 * leak for a minute does not count as recovery.
 */
async function verifyByHealth(
  cluster: Cluster,
  clock: Clock,
  target: WorkloadRef,
  settings: VerificationSettings,
  alertsResolved: () => boolean = () => false,
): Promise<Verification> {
  const started = clock.now().getTime();
  let healthySince: number | null = null;
  let baseline = 0;
  let last = 'not checked';
  for (;;) {
    const now = clock.now().getTime();
    try {
      const reading = await readWorkloadHealth(cluster, target);
      if (reading.problem === null && (healthySince === null || reading.restarts <= baseline)) {
        if (healthySince === null) {
          healthySince = now;
          baseline = reading.restarts;
        }
        if (alertsResolved()) {
          return {
            outcome: 'passed',
            method: 'resolved-notification',
            details:
              'Alertmanager sent the resolved notification and the workload is healthy (rollout complete, every pod ready)',
          };
        }
        if (now - healthySince >= settings.stableMilliseconds) {
          return {
            outcome: 'passed',
            method: 'workload-health',
            details: `rollout complete, every pod ready and no new restarts for ${now - healthySince} ms`,
          };
        }
      } else {
        last = reading.problem ?? `containers restarted again (${baseline} → ${reading.restarts} restarts)`;
        healthySince = null;
      }
    } catch (error) {
      last = `health read failed: ${describeError(error)}`;
      healthySince = null;
    }
    if (now - started >= settings.windowMilliseconds) break;
    await clock.sleep(settings.intervalMilliseconds);
  }
  return {
    outcome: 'failed',
    method: 'workload-health',
    details: `not healthy for ${settings.stableMilliseconds} ms within ${settings.windowMilliseconds} ms: ${last}`,
  };
}
