/**
 * What the agent knows about every alert it can receive: the pinned kube-prometheus-stack chart's
 * default rules (alert-kinds-kube-prometheus.ts) and the project's own (alert-kinds-project.ts).
 * For each: what it is about, the labels it actually carries, how the workload is resolved, which
 * evidence is read and which decisions are possible, and why. Intake reads it to refuse alerts
 * about objects the agent never acts on (StatefulSets, DaemonSets, Jobs, HPAs, PVCs, quotas...)
 * with a reason naming the alert and what was missing, instead of guessing from a stray `pod`
 * label. docs/alerts.md is generated from these rows (alert-table.ts) and checked for staleness.
 */
import { KUBE_PROMETHEUS_ALERT_KINDS } from './alert-kinds-kube-prometheus.js';
import { PROJECT_ALERT_KINDS } from './alert-kinds-project.js';
import type { AlertKind, AlertSubject } from './alert-kind.js';

/** Every known alert, chart defaults first. */
export const ALERT_KINDS: readonly AlertKind[] = [...KUBE_PROMETHEUS_ALERT_KINDS, ...PROJECT_ALERT_KINDS];

const BY_NAME = new Map(ALERT_KINDS.map((kind) => [kind.alertname, kind]));

/** Labels that name an object the agent never acts on, in the order they are checked. */
const OTHER_SUBJECT_LABELS: readonly { label: string; subject: AlertSubject; kind: string }[] = [
  { label: 'statefulset', subject: 'statefulset', kind: 'StatefulSet' },
  { label: 'daemonset', subject: 'daemonset', kind: 'DaemonSet' },
  { label: 'job_name', subject: 'job', kind: 'Job' },
  { label: 'horizontalpodautoscaler', subject: 'hpa', kind: 'HorizontalPodAutoscaler' },
  { label: 'poddisruptionbudget', subject: 'pdb', kind: 'PodDisruptionBudget' },
  { label: 'persistentvolumeclaim', subject: 'pvc', kind: 'PersistentVolumeClaim' },
  { label: 'persistentvolume', subject: 'pv', kind: 'PersistentVolume' },
  { label: 'resourcequota', subject: 'quota', kind: 'ResourceQuota' },
];

const KIND_NAMES: Partial<Record<AlertSubject, string>> = Object.fromEntries(
  OTHER_SUBJECT_LABELS.map((entry) => [entry.subject, entry.kind]),
);

/** The known alert of this name, if any. */
export function alertKindOf(alertname: string | undefined): AlertKind | undefined {
  return alertname === undefined ? undefined : BY_NAME.get(alertname);
}

/** Why an alert about something other than a Deployment gets no action, per subject. */
const NOT_ACTIONABLE: Partial<Record<AlertSubject, string>> = {
  statefulset: 'the agent acts only on Deployments; a StatefulSet holds state a restart or rollback could lose',
  daemonset: 'the agent acts only on Deployments; a DaemonSet runs per node and is not scaled',
  job: 'the agent acts only on Deployments; a failed Job needs its cause fixed and a re-run by a human',
  hpa: 'scaling the Deployment directly would fight the HorizontalPodAutoscaler that owns its replica count; raise maxReplicas or reduce the load',
  pdb: 'a PodDisruptionBudget short of healthy pods is a symptom; the pods behind it need a look',
  pvc: 'storage filling up is not fixed by a Deployment action; the volume must be grown or cleaned',
  pv: 'a PersistentVolume failing to provision is a storage problem, not a Deployment one',
  quota: 'a ResourceQuota is a namespace limit a human sets; no Deployment action raises it',
  service: 'a down scrape target names a Service, not a Deployment; its pods must be found by a human',
  namespace: 'the alert names only a namespace',
  cluster: 'the alert is about the whole cluster (capacity or overcommit), not one workload',
  none: 'the alert is not about a workload',
};

/**
 * Why this alert cannot lead to a Deployment, or null when it can: a known alert whose subject is
 * not a Deployment or pod, or any alert labelled with another kind of object (statefulset,
 * daemonset, job_name, horizontalpodautoscaler, persistentvolumeclaim, ...). The reason names the
 * alert, the object and what was missing.
 */
export function notActionableReason(labels: Readonly<Record<string, string>>): string | null {
  const alertname = labels['alertname'] ?? 'the alert';
  const known = alertKindOf(labels['alertname']);
  const namespace = labels['namespace'];
  const where = (name: string | undefined) => (name === undefined ? '' : ` ${namespace ? `${namespace}/` : ''}${name}`);
  if (known && known.resolution === 'none') {
    const object = known.subjectLabel ? labels[known.subjectLabel] : undefined;
    const kindName = KIND_NAMES[known.subject] ?? known.subject;
    return `${alertname} is about ${kindName}${where(object)}, not a Deployment: ${NOT_ACTIONABLE[known.subject] ?? 'no workload to act on'}`;
  }
  if (known) return null;
  // An alert the agent does not know: a label naming another kind of object decides, before any
  // `pod` label (on kube-state-metrics series that is the exporter's own pod).
  if (labels['deployment'] !== undefined) return null;
  for (const entry of OTHER_SUBJECT_LABELS) {
    const object = labels[entry.label];
    if (object === undefined) continue;
    return `${alertname} is about ${entry.kind}${where(object)} (label "${entry.label}"), not a Deployment: ${NOT_ACTIONABLE[entry.subject] ?? ''}`;
  }
  return null;
}
