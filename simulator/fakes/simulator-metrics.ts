/**
 * Prometheus series derived from the Kubernetes simulator's state, named like kube-state-metrics and
 * cAdvisor export them, plus HTTP request rate, error codes and a latency quantile derived from the
 * simulated load. Queries are evaluated by the small PromQL evaluator in promql-eval.ts.
 */
import type { ContainerStatus, Pod, SimulatedCluster } from '../kubernetes/index.js';
import { evaluatePromql } from './promql-eval.js';

export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

/** Answers a query at a time (seconds), or undefined when the resolver does not know the query. */
export type QueryResolver = (query: string, time: number) => Sample[] | undefined;

type Series = (cluster: SimulatedCluster) => Sample[];

const MEBIBYTE = 1024 * 1024;

function deploymentSeries(
  pick: (status: Record<string, number | undefined>, replicas: number) => number | undefined,
): Series {
  return (cluster) =>
    cluster.snapshot().deployments.map((deployment) => ({
      metric: {
        namespace: deployment.metadata.namespace ?? '',
        deployment: deployment.metadata.name,
        job: 'kube-state-metrics',
      },
      value: pick((deployment.status ?? {}) as Record<string, number | undefined>, deployment.spec.replicas ?? 1) ?? 0,
    }));
}

function ownerDeployment(cluster: SimulatedCluster, namespace: string, replicaSetName: string | undefined): string {
  if (replicaSetName === undefined) return '';
  const replicaSet = cluster.store.find('replicasets', namespace, replicaSetName);
  return replicaSet?.metadata.ownerReferences?.find((owner) => owner.kind === 'Deployment')?.name ?? '';
}

/** One sample per container, with namespace/pod/container (and deployment, for convenience) labels. */
function containerSeries(
  pick: (
    status: ContainerStatus,
    context: { cluster: SimulatedCluster; namespace: string; deployment: string; pod: Pod },
  ) => Sample['value'] | Sample[] | undefined,
): Series {
  return (cluster) => {
    const samples: Sample[] = [];
    for (const pod of cluster.pods()) {
      const namespace = pod.metadata.namespace ?? '';
      const deployment = ownerDeployment(cluster, namespace, pod.metadata.ownerReferences?.[0]?.name);
      for (const status of pod.status?.containerStatuses ?? []) {
        const base = {
          namespace,
          pod: pod.metadata.name,
          container: status.name,
          deployment,
          job: 'kube-state-metrics',
        };
        const picked = pick(status, { cluster, namespace, deployment, pod });
        if (picked === undefined) continue;
        if (typeof picked === 'number') samples.push({ metric: base, value: picked });
        else for (const sample of picked) samples.push({ metric: { ...base, ...sample.metric }, value: sample.value });
      }
    }
    return samples;
  };
}

function cpuPerPod(cluster: SimulatedCluster, namespace: string, deployment: string): number {
  if (deployment === '') return 0.01;
  const load = cluster.load(namespace, deployment);
  if (load.capacityCores === 0) return 0;
  return Math.min(load.coresPerPod, load.demandCores / (load.capacityCores / load.coresPerPod));
}

const UNITS: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, K: 1e3, M: 1e6, G: 1e9, '': 1 };

/** The container's memory limit in bytes (default 128 Mi). */
function memoryLimitBytes(pod: Pod, container: string): number {
  const spec = pod.spec.containers.find((item) => item.name === container) as
    { resources?: { limits?: { memory?: unknown } } } | undefined;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|K|M|G|)$/.exec(
    typeof spec?.resources?.limits?.memory === 'string' ? spec.resources.limits.memory : '',
  );
  return match === null ? 128 * MEBIBYTE : Number(match[1]) * (UNITS[match[2] ?? ''] ?? 1);
}

/** p99 latency in seconds: flat while CPU has headroom, then climbing steeply past 80 % utilisation. */
export function latencySeconds(utilisation: number): number {
  if (!Number.isFinite(utilisation)) return 10;
  return Math.min(10, 0.12 * (1 + Math.max(0, utilisation - 0.8) * 20));
}

const SERIES: Record<string, Series> = {
  kube_deployment_spec_replicas: deploymentSeries((_status, replicas) => replicas),
  kube_deployment_status_replicas: deploymentSeries((status) => status.replicas),
  kube_deployment_status_replicas_available: deploymentSeries((status) => status.availableReplicas),
  kube_deployment_status_replicas_unavailable: deploymentSeries((status) => status.unavailableReplicas),
  kube_deployment_status_replicas_updated: deploymentSeries((status) => status.updatedReplicas),
  kube_deployment_status_replicas_ready: deploymentSeries((status) => status.readyReplicas),
  kube_deployment_status_observed_generation: deploymentSeries((status) => status.observedGeneration),
  kube_pod_container_status_restarts_total: containerSeries((status) => status.restartCount),
  kube_pod_container_status_ready: containerSeries((status) => (status.ready ? 1 : 0)),
  kube_pod_container_status_waiting_reason: containerSeries((status) =>
    status.state.waiting === undefined ? undefined : [{ metric: { reason: status.state.waiting.reason }, value: 1 }],
  ),
  kube_pod_container_status_last_terminated_reason: containerSeries((status) =>
    status.lastState.terminated === undefined
      ? undefined
      : [{ metric: { reason: status.lastState.terminated.reason }, value: 1 }],
  ),
  container_cpu_usage_seconds_total: containerSeries((status, { cluster, namespace, deployment }) =>
    status.state.running === undefined ? undefined : cpuPerPod(cluster, namespace, deployment),
  ),
  container_memory_working_set_bytes: containerSeries((status, { cluster, deployment, pod }) => {
    if (status.state.running === undefined) return undefined;
    const uptime = (cluster.clock.now() - Date.parse(status.state.running.startedAt)) / 1000;
    const limit = memoryLimitBytes(pod, status.name);
    const leak = cluster.faults.forContainer('memory-leak', { pod, deployment }, status.image)[0];
    // Steady at 35 % of the limit; a leak climbs linearly to the limit at its OOM time.
    const share = leak === undefined ? 0.35 : 0.35 + 0.65 * Math.min(1, uptime / leak.oomAfterSeconds);
    return Math.round(limit * share);
  }),
  http_request_duration_seconds_bucket: (cluster) =>
    cluster.snapshot().deployments.map((deployment) => {
      const namespace = deployment.metadata.namespace ?? '';
      return {
        metric: { namespace, deployment: deployment.metadata.name },
        value: latencySeconds(cluster.load(namespace, deployment.metadata.name).utilisation),
      };
    }),
};
SERIES.http_requests_total = (cluster) =>
  cluster.snapshot().deployments.flatMap((deployment) => {
    const namespace = deployment.metadata.namespace ?? '';
    const load = cluster.load(namespace, deployment.metadata.name);
    const labels = { namespace, deployment: deployment.metadata.name, job: deployment.metadata.name };
    return [
      { metric: { ...labels, code: '200' }, value: load.requestsPerSecond * (1 - load.errorRatio) },
      { metric: { ...labels, code: '503' }, value: load.requestsPerSecond * load.errorRatio },
    ];
  });
SERIES.http_request_duration_seconds = SERIES.http_request_duration_seconds_bucket as Series;
SERIES.kube_deployment_status_replicas_unavailable_total = SERIES.kube_deployment_status_replicas_unavailable as Series;

/** Metric names the simulator resolver answers. */
export const SIMULATED_METRICS = Object.keys(SERIES);

/** A resolver answering queries over the SIMULATED_METRICS from the cluster's current state. */
export function simulatorMetrics(cluster: SimulatedCluster): QueryResolver {
  return (query) => evaluatePromql(query, (metric) => SERIES[metric]?.(cluster));
}
