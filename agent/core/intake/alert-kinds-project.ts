/**
 * The project's own alerts (constructs/alerting/workload-alert-rules.ts). Their expressions map
 * pods to Deployments through a recording rule, so every one carries `namespace` and `deployment`;
 * some carry `ai4all_action`, a hint the agent never trusts alone. A test checks these rows
 * against `workloadAlerts()`.
 */
import type { AlertKind } from './alert-kind.js';

const source = 'ai4all-sre/ai4all-sre.workload.alerts';
const EVIDENCE =
  "Deployment, ReplicaSets, the HPAs targeting it, pods, Warning events, log tails; with PromQL: CPU, memory, restarts, p99 latency, error ratio, kube-state-metrics' HPA series; Loki error lines when configured";

/** A row for one of the project's alerts: all name their Deployment; some carry an action hint. */
function projectAlert(alertname: string, hinted: boolean, decisions: AlertKind['decisions'], why: string): AlertKind {
  return {
    alertname,
    source,
    subject: 'deployment',
    labels: hinted ? ['namespace', 'deployment', 'ai4all_action'] : ['namespace', 'deployment'],
    resolution: 'deployment-label',
    evidence: EVIDENCE,
    decisions,
    why,
  };
}

export const PROJECT_ALERT_KINDS: readonly AlertKind[] = [
  projectAlert(
    'DeploymentErrorBudgetBurnFast',
    false,
    ['rollback', 'restart', 'scale', 'no-action', 'needs-human'],
    'Errors burn the budget 14.4x too fast (1 h and 5 min windows). The cause decides: a recent bad revision → rollback; a dependency → no action; saturation → scale; nothing structured → a human.',
  ),
  projectAlert(
    'DeploymentErrorBudgetBurnSlow',
    false,
    ['rollback', 'restart', 'scale', 'no-action', 'needs-human'],
    'Errors burn the budget 6x too fast (6 h and 30 min windows); decided like the fast burn.',
  ),
  projectAlert(
    'DeploymentCrashLooping',
    true,
    ['rollback', 'restart', 'no-action', 'needs-human'],
    'A container of the Deployment in CrashLoopBackOff for 2 min (hint: rollback). Rollback only with a recent failing revision and a healthy previous one; otherwise as KubePodCrashLooping.',
  ),
  projectAlert(
    'DeploymentOOMKilled',
    false,
    ['restart', 'rollback', 'needs-human'],
    'A container OOMKilled within 15 min: a rolling restart frees memory while the leak is fixed; a bad revision → rollback.',
  ),
  projectAlert(
    'DeploymentRestartStorm',
    true,
    ['rollback', 'restart', 'no-action', 'needs-human'],
    'More restarts than the threshold within 15 min (hint: rollback); decided from the pods like a crash loop.',
  ),
  projectAlert(
    'DeploymentCPUSaturated',
    true,
    ['scale', 'needs-human'],
    'CPU above 90% of the limits for 10 min (hint: scale). Healthy pods under load → scale (at most double, within the maximum); at the maximum, or an HPA owns the replicas → a human.',
  ),
  projectAlert(
    'DeploymentReplicasUnavailable',
    true,
    ['rollback', 'restart', 'no-action', 'needs-human'],
    'Unavailable replicas for 5 min (hint: restart). The pods decide: bad revision → rollback; hung or crash-looping → restart; Pending → a human; dependency → no action.',
  ),
];
