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

export const PROJECT_ALERT_KINDS: readonly AlertKind[] = [
  {
    alertname: 'DeploymentErrorBudgetBurnFast',
    source,
    subject: 'deployment',
    labels: ['namespace', 'deployment'],
    resolution: 'deployment-label',
    evidence: EVIDENCE,
    decisions: ['rollback', 'restart', 'scale', 'no-action', 'needs-human'],
    why: 'Errors burn the budget 14.4x too fast (1 h and 5 min windows). The cause decides: a recent bad revision → rollback; a dependency → no action; saturation → scale; nothing structured → a human.',
  },
  {
    alertname: 'DeploymentErrorBudgetBurnSlow',
    source,
    subject: 'deployment',
    labels: ['namespace', 'deployment'],
    resolution: 'deployment-label',
    evidence: EVIDENCE,
    decisions: ['rollback', 'restart', 'scale', 'no-action', 'needs-human'],
    why: 'Errors burn the budget 6x too fast (6 h and 30 min windows); decided like the fast burn.',
  },
  {
    alertname: 'DeploymentCrashLooping',
    source,
    subject: 'deployment',
    labels: ['namespace', 'deployment', 'ai4all_action'],
    resolution: 'deployment-label',
    evidence: EVIDENCE,
    decisions: ['rollback', 'restart', 'no-action', 'needs-human'],
    why: 'A container of the Deployment in CrashLoopBackOff for 2 min (hint: rollback). Rollback only with a recent failing revision and a healthy previous one; otherwise as KubePodCrashLooping.',
  },
  {
    alertname: 'DeploymentOOMKilled',
    source,
    subject: 'deployment',
    labels: ['namespace', 'deployment'],
    resolution: 'deployment-label',
    evidence: EVIDENCE,
    decisions: ['restart', 'rollback', 'needs-human'],
    why: 'A container OOMKilled within 15 min: a rolling restart frees memory while the leak is fixed; a bad revision → rollback.',
  },
  {
    alertname: 'DeploymentRestartStorm',
    source,
    subject: 'deployment',
    labels: ['namespace', 'deployment', 'ai4all_action'],
    resolution: 'deployment-label',
    evidence: EVIDENCE,
    decisions: ['rollback', 'restart', 'no-action', 'needs-human'],
    why: 'More restarts than the threshold within 15 min (hint: rollback); decided from the pods like a crash loop.',
  },
  {
    alertname: 'DeploymentCPUSaturated',
    source,
    subject: 'deployment',
    labels: ['namespace', 'deployment', 'ai4all_action'],
    resolution: 'deployment-label',
    evidence: EVIDENCE,
    decisions: ['scale', 'needs-human'],
    why: 'CPU above 90% of the limits for 10 min (hint: scale). Healthy pods under load → scale (at most double, within the maximum); at the maximum, or an HPA owns the replicas → a human.',
  },
  {
    alertname: 'DeploymentReplicasUnavailable',
    source,
    subject: 'deployment',
    labels: ['namespace', 'deployment', 'ai4all_action'],
    resolution: 'deployment-label',
    evidence: EVIDENCE,
    decisions: ['rollback', 'restart', 'no-action', 'needs-human'],
    why: 'Unavailable replicas for 5 min (hint: restart). The pods decide: bad revision → rollback; hung or crash-looping → restart; Pending → a human; dependency → no action.',
  },
];
