/**
 * The demo's alert rules: the construct library's workload alerts (names, `for` durations,
 * severities, action hints and summaries come from `workloadAlerts()`, the same data the lab's
 * PrometheusRule is synthesized from) with each expression restated over the series the simulator
 * exposes. The fake evaluator has no recording rules, `label_replace` or `group_left` joins, and
 * the simulated series already carry a `deployment` label, so the joins the real rules need to map
 * pods to Deployments are unnecessary here; thresholds are the same. `alert-rules.engine.test.ts`
 * compares them with the shipped rules on promtool, scenario by scenario (docs/adr/0013).
 */
import { ALERT_TARGET_LABELS } from '../catalog/agent-contract.js';
import { workloadAlerts } from '../constructs/alerting/workload-alert-rules.js';
import type { AlertRule } from '../simulator/fakes/index.js';

const DEFAULTS = { sloObjective: 0.99, restartStormThreshold: 5, cpuSaturationRatio: 0.9 } as const;

function seconds(duration: string): number {
  const match = /^(\d+)([smh])$/.exec(duration);
  if (match === null) throw new Error(`alert duration "${duration}" is not <number><s|m|h>`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
}

/** PromQL over the simulator's series, per alert name; an alert without one is not simulated. */
function simulatedExpressions(namespace: string, cpuCoresPerPod: number): Record<string, string> {
  const selector = (extra = '') => `{namespace="${namespace}"${extra}}`;
  const by = `by (${ALERT_TARGET_LABELS.namespace}, ${ALERT_TARGET_LABELS.deployment})`;
  const budget = 1 - DEFAULTS.sloObjective;
  const errorRatio = (window: string) =>
    `sum ${by} (rate(http_requests_total${selector(', code=~"5.."')}[${window}])) / ` +
    `sum ${by} (rate(http_requests_total${selector()}[${window}]))`;
  return {
    // The simulated series hold current rates, so the long and short windows read the same value:
    // the fast burn alert is the short-window condition with the same factor.
    DeploymentErrorBudgetBurnFast: `${errorRatio('5m')} > ${Number((14.4 * budget).toFixed(4))}`,
    DeploymentCrashLooping: `max ${by} (kube_pod_container_status_waiting_reason${selector(', reason="CrashLoopBackOff"')}) > 0`,
    DeploymentOOMKilled: `max ${by} (kube_pod_container_status_last_terminated_reason${selector(', reason="OOMKilled"')}) > 0`,
    DeploymentRestartStorm: `sum ${by} (increase(kube_pod_container_status_restarts_total${selector()}[15m])) > ${DEFAULTS.restartStormThreshold}`,
    // CPU used per ready pod against the per-pod limit every demo service sets alike.
    DeploymentCPUSaturated:
      `sum ${by} (rate(container_cpu_usage_seconds_total${selector()}[5m])) / ` +
      `sum ${by} (kube_deployment_status_replicas_ready${selector()}) > ${Number((cpuCoresPerPod * DEFAULTS.cpuSaturationRatio).toPrecision(6))}`,
    DeploymentReplicasUnavailable: `max ${by} (kube_deployment_status_replicas_unavailable${selector()}) > 0`,
  };
}

/**
 * The rules the demo's alert engine evaluates. `cpuLimits` maps a Deployment to its per-pod CPU
 * limit in cores (the saturation rule is per Deployment, as the real one divides by its limits).
 */
export function demoAlertRules(namespace: string, cpuLimits: Readonly<Record<string, number>>): AlertRule[] {
  const rules: AlertRule[] = [];
  for (const alert of workloadAlerts([namespace], DEFAULTS)) {
    const common = {
      alert: alert.alert,
      forSeconds: seconds(alert.for),
      labels: { severity: alert.severity, ...(alert.actionHint ? { ai4all_action: alert.actionHint } : {}) },
      annotations: { summary: alert.summary },
    };
    if (alert.alert === 'DeploymentCPUSaturated') {
      // One rule per distinct limit, each restricted to the Deployments with that limit.
      const byLimit = new Map<number, string[]>();
      for (const [deployment, cores] of Object.entries(cpuLimits))
        byLimit.set(cores, [...(byLimit.get(cores) ?? []), deployment]);
      for (const [cores, deployments] of [...byLimit].sort(([left], [right]) => left - right)) {
        const only = `, deployment=~"${deployments.sort().join('|')}"`;
        const expr = simulatedExpressions(namespace, cores)[alert.alert]?.replaceAll(
          `{namespace="${namespace}"}`,
          `{namespace="${namespace}"${only}}`,
        );
        if (expr !== undefined) rules.push({ ...common, expr });
      }
      continue;
    }
    const expr = simulatedExpressions(namespace, 0)[alert.alert];
    if (expr !== undefined) rules.push({ ...common, expr });
  }
  return rules;
}
