/**
 * Confirms that the alert condition cleared after an action. With Prometheus and an alert whose
 * generatorURL carries its expression (`g0.expr`), the expression is evaluated until it returns
 * nothing; otherwise the workload's health is checked (rollout complete, every pod ready, nothing
 * crash-looping or newly restarting). Bounded by the verification window.
 */
import type { AlertSummary, Verification } from '../domain/incident.js';
import type { WorkloadRef } from '../domain/workload.js';
import { bounded } from '../evidence/bounded.js';
import type { Clock } from '../ports/clock.js';
import type { Cluster } from '../ports/cluster.js';
import type { MetricsQuery } from '../ports/metrics-query.js';
import { rolloutState } from './rollout-wait.js';

export interface VerificationSettings {
  readonly settleMilliseconds: number;
  readonly windowMilliseconds: number;
  readonly intervalMilliseconds: number;
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

/** One health check of the workload; null = healthy, else why not. */
export async function workloadProblem(cluster: Cluster, target: WorkloadRef): Promise<string | null> {
  const deployment = await cluster.getDeployment(target);
  if (rolloutState(deployment, deployment.generation) !== 'complete') {
    return `rollout not complete (available ${deployment.status.availableReplicas}/${deployment.replicas})`;
  }
  const pods = await cluster.listPods(target, deployment.selector);
  const active = pods.filter((pod) => pod.phase !== 'Succeeded' && pod.phase !== 'Failed');
  const unready = active.filter((pod) => !pod.ready);
  if (unready.length > 0)
    return `${unready.length} pods not ready (${unready
      .slice(0, 3)
      .map((pod) => pod.name)
      .join(', ')})`;
  const crashing = active.filter((pod) =>
    pod.containers.some((container) => container.waitingReason !== null && BAD_WAITING.has(container.waitingReason)),
  );
  if (crashing.length > 0) return `${crashing.length} pods crash-looping or unable to start`;
  return null;
}

export async function verifyRecovery(
  dependencies: { cluster: Cluster; metricsQuery: MetricsQuery | null; clock: Clock },
  alerts: readonly AlertSummary[],
  target: WorkloadRef,
  settings: VerificationSettings,
): Promise<Verification> {
  const { cluster, metricsQuery, clock } = dependencies;
  const expression = alerts.map(alertExpression).find((value): value is string => value !== null) ?? null;
  const usePromql = metricsQuery !== null && expression !== null;
  if (settings.settleMilliseconds > 0) await clock.sleep(settings.settleMilliseconds);
  const started = clock.now().getTime();
  let last: string;
  let queried = false;
  for (;;) {
    if (usePromql) {
      const result = await bounded(settings.queryTimeoutMilliseconds, (signal) =>
        metricsQuery.instant(expression, signal),
      );
      if (result.ok) {
        queried = true;
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
    } else {
      try {
        const problem = await workloadProblem(cluster, target);
        if (problem === null) {
          return {
            outcome: 'passed',
            method: 'workload-health',
            details: `rollout complete and every pod ready${metricsQuery === null ? ' (no Prometheus configured)' : ' (the alert carries no expression)'}`,
          };
        }
        last = problem;
      } catch (error) {
        last = `health read failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (clock.now().getTime() - started >= settings.windowMilliseconds) break;
    await clock.sleep(settings.intervalMilliseconds);
  }
  if (usePromql && !queried) {
    // Prometheus never answered: fall back to the workload's health rather than guess.
    const problem = await workloadProblem(cluster, target).catch((error: unknown) =>
      error instanceof Error ? error.message : String(error),
    );
    return problem === null
      ? {
          outcome: 'passed',
          method: 'workload-health',
          details: `Prometheus did not answer (${last}); the workload is healthy`,
        }
      : { outcome: 'failed', method: 'workload-health', details: `Prometheus did not answer (${last}); ${problem}` };
  }
  return {
    outcome: 'failed',
    method: usePromql ? 'promql' : 'workload-health',
    details: `not recovered within ${settings.windowMilliseconds} ms: ${last}`,
  };
}
