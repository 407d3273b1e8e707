/**
 * The shape of one row of the agent's alert knowledge (alert-kinds.ts): what an alert is about, the
 * labels it carries, how its workload is resolved, the evidence read and the decisions possible.
 */

/** What an alert is about. Only `deployment`, `pod` and `container` can lead to a Deployment. */
export type AlertSubject =
  | 'deployment'
  | 'pod'
  | 'container'
  | 'statefulset'
  | 'daemonset'
  | 'job'
  | 'hpa'
  | 'pdb'
  | 'pvc'
  | 'pv'
  | 'quota'
  | 'service'
  | 'namespace'
  | 'cluster'
  | 'none';

/**
 * How the agent finds the Deployment: the `deployment` label; the `pod` label's owner (Pod →
 * ReplicaSet → Deployment through owner references); or not at all (the alert is not about a
 * Deployment, and the incident ends needs-human with the reason).
 */
export type TargetResolution = 'deployment-label' | 'pod-owner' | 'none';

/** Where the incident can end. */
export type AlertDecision = 'rollback' | 'restart' | 'scale' | 'no-action' | 'needs-human';

export interface AlertKind {
  readonly alertname: string;
  /** `kube-prometheus-stack/<rule group>` or `ai4all-sre/<rule group>`. */
  readonly source: string;
  readonly subject: AlertSubject;
  /**
   * Labels the firing alert carries besides `alertname` and `severity` (and `cluster` where a
   * cluster label is configured), as the rendered expression yields them.
   */
  readonly labels: readonly string[];
  /** Label naming the object the alert is about, when that object is not a Deployment or pod. */
  readonly subjectLabel?: string;
  readonly resolution: TargetResolution;
  /** What the agent reads before deciding. */
  readonly evidence: string;
  readonly decisions: readonly AlertDecision[];
  /** Why: what the alert stands for and why those decisions (and no others) are possible. */
  readonly why: string;
}

/** Scrape labels kube-state-metrics adds to every series (ServiceMonitor with honorLabels). */
export const KSM_TARGET_LABELS = ['job', 'instance', 'service', 'endpoint'] as const;
/**
 * kube-state-metrics series about an object other than a pod also carry the exporter's own `pod`
 * and `container` as scrape labels (honorLabels keeps them when the metric has none): on those
 * alerts `pod` names the kube-state-metrics pod, never the workload's.
 */
export const KSM_SHADOW_LABELS = ['pod', 'container'] as const;
