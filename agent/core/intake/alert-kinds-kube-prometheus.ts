/**
 * The default alerts of the pinned kube-prometheus-stack chart that can reach the agent (the rule
 * groups kubernetes-apps, kubernetes-resources, kubernetes-storage and general.rules; the routing
 * sends every alert of the agent's namespaces). Labels are what each rendered expression yields:
 * kube-state-metrics series keep their own labels and gain the scrape labels (KSM_TARGET_LABELS);
 * series about objects other than pods also gain the exporter's `pod`/`container` (KSM_SHADOW_LABELS).
 * A test checks these rows against vendor/alert-rules (rendered by Helm from the vendored chart).
 */
import { KSM_SHADOW_LABELS, KSM_TARGET_LABELS, type AlertKind } from './alert-kind.js';

const KSM = [...KSM_TARGET_LABELS];
const KSM_OBJECT = [...KSM_TARGET_LABELS, ...KSM_SHADOW_LABELS];
const apps = 'kube-prometheus-stack/kubernetes-apps';
const resources = 'kube-prometheus-stack/kubernetes-resources';
const storage = 'kube-prometheus-stack/kubernetes-storage';
const general = 'kube-prometheus-stack/general.rules';

const WORKLOAD_EVIDENCE =
  'Deployment (spec, status, conditions, generation), its ReplicaSets (revisions, images), the HorizontalPodAutoscalers targeting it, its pods (phase, readiness, restarts, waiting and termination reasons), Warning events, log tails of unhealthy pods; PromQL and Loki when configured';
const HUMAN_ONLY = 'the alert and its labels only: nothing is read from the cluster';

/** A row for an alert about an object the agent never acts on. */
function humanOnly(
  alertname: string,
  source: string,
  subject: AlertKind['subject'],
  labels: readonly string[],
  subjectLabel: string | undefined,
  why: string,
): AlertKind {
  return {
    alertname,
    source,
    subject,
    labels,
    ...(subjectLabel === undefined ? {} : { subjectLabel }),
    resolution: 'none',
    evidence: HUMAN_ONLY,
    decisions: ['needs-human'],
    why,
  };
}

export const KUBE_PROMETHEUS_ALERT_KINDS: readonly AlertKind[] = [
  {
    alertname: 'KubePodCrashLooping',
    source: apps,
    subject: 'container',
    labels: ['namespace', 'pod', 'container', 'reason', 'uid', ...KSM],
    resolution: 'pod-owner',
    evidence: WORKLOAD_EVIDENCE,
    decisions: ['rollback', 'restart', 'no-action', 'needs-human'],
    why: 'A container in CrashLoopBackOff for 15 min. A new revision crashing after a healthy one → rollback; OOMKilled → restart; log lines about an unreachable dependency → no action (victim); a crash loop without rollout → restart; image or config errors → needs a human.',
  },
  {
    alertname: 'KubePodNotReady',
    source: apps,
    subject: 'pod',
    labels: ['namespace', 'pod', 'job'],
    resolution: 'pod-owner',
    evidence: WORKLOAD_EVIDENCE,
    decisions: ['rollback', 'restart', 'no-action', 'needs-human'],
    why: 'A pod Pending/Unknown or Running but not ready for 15 min (Job pods excluded). A new revision that never gets ready → rollback; Running, not ready, no restarts, no rollout (a hung process) → restart; Pending (unschedulable, node lost, quota) → needs a human; a dependency down → no action.',
  },
  {
    alertname: 'KubeDeploymentGenerationMismatch',
    source: apps,
    subject: 'deployment',
    labels: ['namespace', 'deployment', ...KSM_OBJECT],
    resolution: 'deployment-label',
    evidence: WORKLOAD_EVIDENCE,
    decisions: ['rollback', 'needs-human'],
    why: 'The Deployment controller has not observed the latest spec for 15 min. With a failing new revision beside a healthy one → rollback; otherwise (paused Deployment, controller not running, admission refusing pods) no Deployment write helps → needs a human.',
  },
  {
    alertname: 'KubeDeploymentReplicasMismatch',
    source: apps,
    subject: 'deployment',
    labels: ['namespace', 'deployment', ...KSM_OBJECT],
    resolution: 'deployment-label',
    evidence: WORKLOAD_EVIDENCE,
    decisions: ['rollback', 'restart', 'no-action', 'needs-human'],
    why: 'Fewer available replicas than desired for 15 min with no rollout progress. The pods say why: a bad revision → rollback; crash loop or hung pods → restart; a dependency → no action; Pending pods (scheduling, node, quota) → needs a human.',
  },
  {
    alertname: 'KubeDeploymentRolloutStuck',
    source: apps,
    subject: 'deployment',
    labels: ['namespace', 'deployment', 'condition', 'status', ...KSM_OBJECT],
    resolution: 'deployment-label',
    evidence: WORKLOAD_EVIDENCE,
    decisions: ['rollback', 'needs-human'],
    why: 'Progressing=False (ProgressDeadlineExceeded) for 15 min. With a previous healthy revision → rollback to it; with nothing to roll back to, or new pods Pending for lack of room → needs a human (a restart would stall the same way).',
  },
  humanOnly(
    'KubeStatefulSetReplicasMismatch',
    apps,
    'statefulset',
    ['namespace', 'statefulset', ...KSM_OBJECT],
    'statefulset',
    'StatefulSets are outside the action catalog (RBAC: patch on Deployments only); their pods hold state a restart or rollback could lose.',
  ),
  humanOnly(
    'KubeStatefulSetGenerationMismatch',
    apps,
    'statefulset',
    ['namespace', 'statefulset', ...KSM_OBJECT],
    'statefulset',
    'StatefulSets are outside the action catalog; a failed StatefulSet update needs a human.',
  ),
  humanOnly(
    'KubeStatefulSetUpdateNotRolledOut',
    apps,
    'statefulset',
    ['namespace', 'statefulset', 'job'],
    'statefulset',
    'StatefulSets are outside the action catalog; an update stuck on an ordinal needs a human.',
  ),
  humanOnly(
    'KubeDaemonSetRolloutStuck',
    apps,
    'daemonset',
    ['namespace', 'daemonset', ...KSM_OBJECT],
    'daemonset',
    'DaemonSets are outside the action catalog; they run one pod per node and are not scaled.',
  ),
  {
    alertname: 'KubeContainerWaiting',
    source: apps,
    subject: 'container',
    labels: ['namespace', 'pod', 'container', 'reason', 'uid', ...KSM],
    resolution: 'pod-owner',
    evidence: WORKLOAD_EVIDENCE,
    decisions: ['rollback', 'needs-human'],
    why: 'A container waiting (ImagePullBackOff, ErrImagePull, CreateContainerConfigError, ContainerCreating...) for 1 h. A new revision that cannot start beside a healthy one → rollback; no older revision → needs a human (a restart pulls the same image).',
  },
  humanOnly(
    'KubeDaemonSetNotScheduled',
    apps,
    'daemonset',
    ['namespace', 'daemonset', ...KSM_OBJECT],
    'daemonset',
    'DaemonSet pods not scheduled: node taints or resources, outside the action catalog.',
  ),
  humanOnly(
    'KubeDaemonSetMisScheduled',
    apps,
    'daemonset',
    ['namespace', 'daemonset', ...KSM_OBJECT],
    'daemonset',
    'DaemonSet pods on nodes they should not run on: node selectors or taints, outside the action catalog.',
  ),
  humanOnly(
    'KubeJobNotCompleted',
    apps,
    'job',
    ['namespace', 'job_name'],
    'job_name',
    'A Job running for more than 12 h; Jobs are outside the action catalog.',
  ),
  humanOnly(
    'KubeJobFailed',
    apps,
    'job',
    ['namespace', 'job_name', 'condition', ...KSM_OBJECT],
    'job_name',
    'A failed Job needs its cause fixed and a re-run; Jobs are outside the action catalog.',
  ),
  humanOnly(
    'KubeHpaReplicasMismatch',
    apps,
    'hpa',
    ['namespace', 'horizontalpodautoscaler', ...KSM_OBJECT],
    'horizontalpodautoscaler',
    'The HPA cannot reach its desired replicas (quota, scheduling); scaling the Deployment directly would fight the HPA.',
  ),
  humanOnly(
    'KubeHpaMaxedOut',
    apps,
    'hpa',
    ['namespace', 'horizontalpodautoscaler', ...KSM_OBJECT],
    'horizontalpodautoscaler',
    'The HPA is at maxReplicas: the HPA owns the replica count, so the agent never scales that Deployment itself; a human raises maxReplicas or finds the load.',
  ),
  humanOnly(
    'KubePdbNotEnoughHealthyPods',
    apps,
    'pdb',
    ['namespace', 'poddisruptionbudget', ...KSM_OBJECT],
    'poddisruptionbudget',
    'A PodDisruptionBudget short of healthy pods is a symptom; the alert does not name the pods or their owner.',
  ),
  humanOnly(
    'KubeCPUOvercommit',
    resources,
    'cluster',
    [],
    undefined,
    'Cluster-wide CPU requests exceed what the nodes can give; no namespace, not one workload.',
  ),
  humanOnly(
    'KubeMemoryOvercommit',
    resources,
    'cluster',
    [],
    undefined,
    'Cluster-wide memory requests exceed what the nodes can give; no namespace, not one workload.',
  ),
  humanOnly(
    'KubeCPUQuotaOvercommit',
    resources,
    'cluster',
    [],
    undefined,
    'Quotas promise more CPU than the cluster has; no namespace, not one workload.',
  ),
  humanOnly(
    'KubeMemoryQuotaOvercommit',
    resources,
    'cluster',
    [],
    undefined,
    'Quotas promise more memory than the cluster has; no namespace, not one workload.',
  ),
  humanOnly(
    'KubeQuotaAlmostFull',
    resources,
    'quota',
    ['namespace', 'resource', 'resourcequota', 'service', 'endpoint', ...KSM_SHADOW_LABELS],
    'resourcequota',
    'A namespace quota above 90%: a limit a human sets; scaling up would hit it.',
  ),
  humanOnly(
    'KubeQuotaFullyUsed',
    resources,
    'quota',
    ['namespace', 'resource', 'resourcequota', 'service', 'endpoint', ...KSM_SHADOW_LABELS],
    'resourcequota',
    'A namespace quota at 100%: new pods of any workload will be refused; a human decides.',
  ),
  humanOnly(
    'KubeQuotaExceeded',
    resources,
    'quota',
    ['namespace', 'resource', 'resourcequota', 'service', 'endpoint', ...KSM_SHADOW_LABELS],
    'resourcequota',
    'A namespace quota exceeded: no Deployment action raises a quota.',
  ),
  {
    alertname: 'CPUThrottlingHigh',
    source: resources,
    subject: 'container',
    labels: ['namespace', 'pod', 'container', 'instance', 'service'],
    resolution: 'pod-owner',
    evidence: `${WORKLOAD_EVIDENCE}; with PromQL: CPU used per pod vs the CPU limit, latency, kube-state-metrics' HPA series`,
    decisions: ['scale', 'needs-human'],
    why: 'More than 25% of CFS periods throttled (severity info). Throttling with CPU well below the limit is a limit too tight for bursts (a human raises it, more replicas would be throttled the same); CPU near the limit with high latency is real saturation → scale, unless an HPA owns the replicas. Without PromQL the agent cannot tell the two apart and says so.',
  },
  humanOnly(
    'KubePersistentVolumeFillingUp',
    storage,
    'pvc',
    ['namespace', 'persistentvolumeclaim', 'instance', 'job', 'service', 'endpoint', 'metrics_path', 'node'],
    'persistentvolumeclaim',
    'A volume almost full (two rules: < 3% free, or < 15% and full within 4 days): grow or clean it; no Deployment action frees disk.',
  ),
  humanOnly(
    'KubePersistentVolumeInodesFillingUp',
    storage,
    'pvc',
    ['namespace', 'persistentvolumeclaim', 'instance', 'job', 'service', 'endpoint', 'metrics_path', 'node'],
    'persistentvolumeclaim',
    'A volume running out of inodes (two rules): a storage problem, no Deployment action helps.',
  ),
  humanOnly(
    'KubePersistentVolumeErrors',
    storage,
    'pv',
    ['persistentvolume', 'phase', ...KSM_OBJECT, 'namespace'],
    'persistentvolume',
    "A PersistentVolume Failed or Pending; cluster-scoped (its `namespace` is the exporter's), storage provisioning is for a human.",
  ),
  humanOnly(
    'TargetDown',
    general,
    'service',
    ['namespace', 'job', 'service'],
    'service',
    "More than 10% of a job's scrape targets are down; the alert names a Service, not a workload, and may be a network or monitoring fault.",
  ),
  humanOnly(
    'Watchdog',
    general,
    'none',
    [],
    undefined,
    'Always firing, proves the alert pipeline works; routed to the null receiver, never to the agent.',
  ),
  humanOnly(
    'InfoInhibitor',
    general,
    'namespace',
    ['namespace'],
    undefined,
    'Inhibits info alerts when nothing worse fires; routed to the null receiver, never to the agent.',
  ),
];
