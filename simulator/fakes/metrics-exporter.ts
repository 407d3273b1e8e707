/**
 * A Prometheus scrape target on 127.0.0.1 for the simulated cluster, exposing the series the
 * project's shipped alert rules read, under the names and labels their real exporters use:
 * kube-state-metrics (pod and ReplicaSet owners, container waiting/terminated reasons, restarts,
 * CPU limits, unavailable replicas), cAdvisor (`container_cpu_usage_seconds_total`) and the Linkerd
 * proxy (`response_total`, inbound, by deployment and classification). Counters are integrated
 * over the cluster's clock between scrapes, so a real Prometheus' `rate()` sees the simulated
 * load. Samples carry no timestamps: the scraper stamps them, as with the real exporters.
 */
import type { ContainerStatus, Pod, SimulatedCluster } from '../kubernetes/index.js';
import { sendText, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

type Labels = Record<string, string>;

interface Exposed {
  readonly name: string;
  readonly type: 'gauge' | 'counter';
  readonly samples: { readonly labels: Labels; readonly value: number }[];
}

function escape(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/** The text exposition format (version 0.0.4). */
export function formatExposition(metrics: readonly Exposed[]): string {
  const lines: string[] = [];
  for (const metric of metrics) {
    lines.push(`# TYPE ${metric.name} ${metric.type}`);
    for (const sample of metric.samples) {
      const labels = Object.entries(sample.labels)
        .map(([key, value]) => `${key}="${escape(value)}"`)
        .join(',');
      lines.push(`${metric.name}{${labels}} ${sample.value}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const CPU_UNITS: Record<string, number> = { m: 0.001, '': 1 };

function cpuLimitCores(pod: Pod, container: string): number | undefined {
  const spec = pod.spec.containers.find((item) => item.name === container) as
    { resources?: { limits?: { cpu?: unknown } } } | undefined;
  const limit = spec?.resources?.limits?.cpu;
  const text = typeof limit === 'string' ? limit : typeof limit === 'number' ? String(limit) : '';
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(text);
  return match === null ? undefined : Number(match[1]) * (CPU_UNITS[match[2] ?? ''] ?? 1);
}

/** Exposes a simulated cluster; counters accumulate across scrapes. */
export class ClusterMetrics {
  private readonly counters = new Map<string, number>();
  private lastIntegration: number;

  constructor(private readonly cluster: SimulatedCluster) {
    this.lastIntegration = cluster.clock.now();
  }

  private owner(pod: Pod): { replicaSet: string; deployment: string } | undefined {
    const owner = pod.metadata.ownerReferences?.find((reference) => reference.kind === 'ReplicaSet');
    if (owner === undefined) return undefined;
    const replicaSet = this.cluster.store.find('replicasets', pod.metadata.namespace ?? '', owner.name);
    const deployment = replicaSet?.metadata.ownerReferences?.find((reference) => reference.kind === 'Deployment');
    return { replicaSet: owner.name, deployment: deployment?.name ?? '' };
  }

  private add(key: string, increment: number): number {
    const value = (this.counters.get(key) ?? 0) + increment;
    this.counters.set(key, value);
    return value;
  }

  /** The current exposition; integrates counters over the cluster time since the last call. */
  collect(): Exposed[] {
    const now = this.cluster.clock.now();
    const seconds = Math.max(0, (now - this.lastIntegration) / 1000);
    this.lastIntegration = now;
    const snapshot = this.cluster.snapshot();
    const podOwner: Exposed = { name: 'kube_pod_owner', type: 'gauge', samples: [] };
    const replicaSetOwner: Exposed = { name: 'kube_replicaset_owner', type: 'gauge', samples: [] };
    const unavailable: Exposed = { name: 'kube_deployment_status_replicas_unavailable', type: 'gauge', samples: [] };
    const waiting: Exposed = { name: 'kube_pod_container_status_waiting_reason', type: 'gauge', samples: [] };
    const terminated: Exposed = {
      name: 'kube_pod_container_status_last_terminated_reason',
      type: 'gauge',
      samples: [],
    };
    const restarts: Exposed = { name: 'kube_pod_container_status_restarts_total', type: 'counter', samples: [] };
    const limits: Exposed = { name: 'kube_pod_container_resource_limits', type: 'gauge', samples: [] };
    const cpu: Exposed = { name: 'container_cpu_usage_seconds_total', type: 'counter', samples: [] };
    const responses: Exposed = { name: 'response_total', type: 'counter', samples: [] };

    for (const replicaSet of snapshot.replicaSets) {
      const deployment = replicaSet.metadata.ownerReferences?.find((reference) => reference.kind === 'Deployment');
      if (deployment === undefined) continue;
      replicaSetOwner.samples.push({
        labels: {
          namespace: replicaSet.metadata.namespace ?? '',
          replicaset: replicaSet.metadata.name,
          owner_kind: 'Deployment',
          owner_name: deployment.name,
          owner_is_controller: 'true',
        },
        value: 1,
      });
    }
    for (const deployment of snapshot.deployments) {
      const namespace = deployment.metadata.namespace ?? '';
      const name = deployment.metadata.name;
      unavailable.samples.push({
        labels: { namespace, deployment: name },
        value: deployment.status?.unavailableReplicas ?? 0,
      });
      const load = this.cluster.load(namespace, name);
      for (const [classification, share] of [
        ['success', 1 - load.errorRatio],
        ['failure', load.errorRatio],
      ] as const) {
        const labels = { namespace, deployment: name, direction: 'inbound', classification, tls: 'true' };
        const value = this.add(
          `response:${namespace}/${name}/${classification}`,
          load.requestsPerSecond * share * seconds,
        );
        responses.samples.push({ labels, value: Math.floor(value) });
      }
    }
    for (const pod of this.cluster.pods()) {
      const namespace = pod.metadata.namespace ?? '';
      const owner = this.owner(pod);
      if (owner !== undefined) {
        podOwner.samples.push({
          labels: {
            namespace,
            pod: pod.metadata.name,
            owner_kind: 'ReplicaSet',
            owner_name: owner.replicaSet,
            owner_is_controller: 'true',
          },
          value: 1,
        });
      }
      for (const status of pod.status?.containerStatuses ?? []) {
        this.containerSeries(pod, status, owner?.deployment ?? '', seconds, {
          waiting,
          terminated,
          restarts,
          limits,
          cpu,
        });
      }
    }
    return [podOwner, replicaSetOwner, unavailable, waiting, terminated, restarts, limits, cpu, responses];
  }

  private containerSeries(
    pod: Pod,
    status: ContainerStatus,
    deployment: string,
    seconds: number,
    into: Record<'waiting' | 'terminated' | 'restarts' | 'limits' | 'cpu', Exposed>,
  ): void {
    const labels = { namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name, container: status.name };
    if (status.state.waiting !== undefined) {
      into.waiting.samples.push({ labels: { ...labels, reason: status.state.waiting.reason }, value: 1 });
    }
    if (status.lastState.terminated !== undefined) {
      into.terminated.samples.push({ labels: { ...labels, reason: status.lastState.terminated.reason }, value: 1 });
    }
    into.restarts.samples.push({ labels, value: status.restartCount });
    const limit = cpuLimitCores(pod, status.name);
    if (limit !== undefined) {
      into.limits.samples.push({ labels: { ...labels, resource: 'cpu', unit: 'core' }, value: limit });
    }
    const load = deployment === '' ? undefined : this.cluster.load(labels.namespace, deployment);
    const cores =
      status.state.running === undefined || load === undefined || load.capacityCores === 0
        ? 0
        : Math.min(load.coresPerPod, load.demandCores / (load.capacityCores / load.coresPerPod));
    const used = this.add(`cpu:${labels.namespace}/${labels.pod}/${labels.container}`, cores * seconds);
    into.cpu.samples.push({ labels, value: Number(used.toFixed(6)) });
  }
}

/** A running scrape target. */
export interface MetricsExporter extends LoopbackServer {
  /** `<url>/metrics` without the scheme, for a Prometheus static target. */
  readonly target: string;
}

/** Serves `GET /metrics` for the cluster on 127.0.0.1 (random port). */
export async function startMetricsExporter(cluster: SimulatedCluster): Promise<MetricsExporter> {
  const metrics = new ClusterMetrics(cluster);
  const server = await startLoopbackServer('metrics-exporter', (request, response) => {
    if (request.method !== 'GET' || request.path !== '/metrics') {
      sendText(response, 404, 'not found\n');
      return;
    }
    sendText(response, 200, formatExposition(metrics.collect()), 'text/plain; version=0.0.4; charset=utf-8');
  });
  return { ...server, target: new URL(server.url).host };
}
