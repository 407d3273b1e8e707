/**
 * PromQL building blocks for workload alerts, over metrics that really exist: kube-state-metrics
 * (`kube_pod_owner`, `kube_replicaset_owner`, `kube_pod_container_*`, `kube_deployment_*`),
 * cAdvisor (`container_cpu_usage_seconds_total`) and the Linkerd proxy (`response_total` with
 * `direction`, `classification`, `namespace`, `deployment`). Every alert expression ends in an
 * aggregation `by (namespace, deployment)`, so every alert carries the labels the agent resolves.
 */
import { ALERT_TARGET_LABELS } from '../../catalog/agent-contract.js';

/** The labels every workload alert keeps, in order. */
export const DEPLOYMENT_LABELS = `${ALERT_TARGET_LABELS.namespace}, ${ALERT_TARGET_LABELS.deployment}`;

/** Recording rule: one series per pod with the Deployment that owns it (pod → ReplicaSet → Deployment). */
export const POD_DEPLOYMENT_RECORD = 'ai4all:pod_deployment:info';

/** A label matcher restricting a selector to the watched namespaces. */
export function namespaceMatcher(namespaces: readonly string[]): string {
  return `namespace=~"${namespaces.join('|')}"`;
}

/**
 * Expression of the pod→deployment mapping: kube_pod_owner names the ReplicaSet, kube_replicaset_owner
 * names the Deployment; label_replace copies owner_name into `replicaset` / `deployment` to join on.
 */
export function podDeploymentExpression(namespaces: readonly string[]): string {
  const ns = namespaceMatcher(namespaces);
  return (
    `max by (namespace, pod, deployment) (` +
    `label_replace(kube_pod_owner{${ns}, owner_kind="ReplicaSet"}, "replicaset", "$1", "owner_name", "(.*)")` +
    ` * on (namespace, replicaset) group_left (deployment) ` +
    `max by (namespace, replicaset, deployment) (` +
    `label_replace(kube_replicaset_owner{${ns}, owner_kind="Deployment"}, "deployment", "$1", "owner_name", "(.*)")))`
  );
}

/** Adds the `deployment` label to a per-pod expression (value unchanged: the info series is 1). */
export function withDeployment(perPodExpression: string): string {
  return `(${perPodExpression}) * on (namespace, pod) group_left (deployment) ${POD_DEPLOYMENT_RECORD}`;
}

/** Name of the recorded inbound error ratio of a window, e.g. `ai4all:deployment_error_ratio:rate5m`. */
export function errorRatioRecord(window: string): string {
  return `ai4all:deployment_error_ratio:rate${window}`;
}

/** Inbound error ratio per Deployment over a window, from the Linkerd proxy's response_total. */
export function errorRatioExpression(namespaces: readonly string[], window: string): string {
  const selector = `direction="inbound", ${namespaceMatcher(namespaces)}`;
  return (
    `sum by (${DEPLOYMENT_LABELS}) (rate(response_total{${selector}, classification="failure"}[${window}]))` +
    ` / ` +
    `sum by (${DEPLOYMENT_LABELS}) (rate(response_total{${selector}}[${window}]))`
  );
}

/** Containers that are waiting in CrashLoopBackOff, per Deployment. */
export function crashLoopingExpression(namespaces: readonly string[]): string {
  return `max by (${DEPLOYMENT_LABELS}) (${withDeployment(
    `kube_pod_container_status_waiting_reason{${namespaceMatcher(namespaces)}, reason="CrashLoopBackOff"}`,
  )}) > 0`;
}

/** Containers whose last termination was OOMKilled and that restarted in the window, per Deployment. */
export function oomKilledExpression(namespaces: readonly string[], window: string): string {
  const ns = namespaceMatcher(namespaces);
  const perPod =
    `(kube_pod_container_status_last_terminated_reason{${ns}, reason="OOMKilled"} == 1)` +
    ` and on (namespace, pod, container) ` +
    `(increase(kube_pod_container_status_restarts_total{${ns}}[${window}]) > 0)`;
  return `max by (${DEPLOYMENT_LABELS}) (${withDeployment(perPod)}) > 0`;
}

/** Container restarts of a Deployment's pods within the window. */
export function restartsExpression(namespaces: readonly string[], window: string): string {
  return `sum by (${DEPLOYMENT_LABELS}) (${withDeployment(
    `increase(kube_pod_container_status_restarts_total{${namespaceMatcher(namespaces)}}[${window}])`,
  )})`;
}

/** CPU used by a Deployment's containers as a fraction of their CPU limits. */
export function cpuSaturationExpression(namespaces: readonly string[], window: string): string {
  const ns = namespaceMatcher(namespaces);
  const usage = `sum by (${DEPLOYMENT_LABELS}) (${withDeployment(
    `rate(container_cpu_usage_seconds_total{${ns}, container!="", container!="POD"}[${window}])`,
  )})`;
  const limits = `sum by (${DEPLOYMENT_LABELS}) (${withDeployment(
    `kube_pod_container_resource_limits{${ns}, resource="cpu", unit="core"}`,
  )})`;
  return `${usage} / ${limits}`;
}

/** Unavailable replicas per Deployment (kube-state-metrics labels it `deployment` natively). */
export function replicasUnavailableExpression(namespaces: readonly string[]): string {
  return `max by (${DEPLOYMENT_LABELS}) (kube_deployment_status_replicas_unavailable{${namespaceMatcher(namespaces)}}) > 0`;
}
