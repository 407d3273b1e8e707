/**
 * Gathers the evidence for one Deployment: each source in parallel, each bounded in time and
 * size, failures recorded as gaps. Reads only.
 */
import type { WorkloadRef } from '../../domain/workload.js';
import type { Clock } from '../../ports/clock.js';
import type { Cluster, PodSnapshot } from '../../ports/cluster.js';
import type { LogQuery } from '../../ports/log-query.js';
import type { MetricsQuery } from '../../ports/metrics-query.js';
import { bounded, keepTail } from './bounded.js';
import type { Evidence, EvidenceSource, MetricReading, PodLogTail } from './evidence.js';
import { errorLinesQuery, evidenceQueries } from './promql-queries.js';

export interface EvidenceLimits {
  readonly timeoutMilliseconds: number;
  readonly maxPods: number;
  readonly maxEvents: number;
  readonly maxLogPods: number;
  readonly logTailLines: number;
  readonly logBytes: number;
  readonly lokiLimit: number;
  readonly lookbackMinutes: number;
}

export interface EvidenceSources {
  readonly cluster: Cluster;
  readonly metricsQuery: MetricsQuery | null;
  readonly logQuery: LogQuery | null;
  readonly clock: Clock;
}

const MESSAGE_LIMIT = 500;
/** Upper bound on the namespace's events read (the adapter's own list limit applies too). */
const NAMESPACE_EVENT_LIMIT = 1000;

/** Unhealthy pods first (most restarts, then not ready), so bounded lists keep what matters. */
function unhealthiness(pod: PodSnapshot): number {
  const restarts = pod.containers.reduce((sum, container) => sum + container.restartCount, 0);
  const waiting = pod.containers.some((container) => container.waitingReason !== null) ? 1000 : 0;
  return waiting + restarts * 10 + (pod.ready ? 0 : 5) + (pod.phase === 'Running' ? 0 : 3);
}

export async function gatherEvidence(
  sources: EvidenceSources,
  target: WorkloadRef,
  limits: EvidenceLimits,
): Promise<Evidence> {
  const { cluster, clock } = sources;
  const gaps: { source: EvidenceSource; reason: string }[] = [];
  const timeout = limits.timeoutMilliseconds;
  // Events start at once, alongside the Deployment read, and are filtered by the ReplicaSet and pod
  // names here: the namespace's Warning events (what diagnosis reads; a busy namespace's routine
  // Normal events — scheduled, pulled, started — are not transferred) plus every event of the
  // Deployment itself (scaling, rollout progress).
  const eventsPending = Promise.all([
    bounded(timeout, () => cluster.listEvents(target.namespace, [], NAMESPACE_EVENT_LIMIT, 'warnings')),
    bounded(timeout, () => cluster.listEvents(target.namespace, [target.name], NAMESPACE_EVENT_LIMIT)),
  ]).then(([warnings, own]) => {
    if (warnings.ok && own.ok) {
      return {
        ok: true as const,
        value: [...warnings.value, ...own.value.filter((event) => event.type !== 'Warning')],
      };
    }
    if (warnings.ok || own.ok) {
      const failed = warnings.ok ? own : warnings;
      if (!failed.ok) gaps.push({ source: 'events', reason: `partly read: ${failed.reason}` });
    }
    return warnings.ok ? warnings : own;
  });
  const deploymentRead = await bounded(timeout, () => cluster.getDeployment(target));
  if (!deploymentRead.ok) gaps.push({ source: 'deployment', reason: deploymentRead.reason });
  const deployment = deploymentRead.ok ? deploymentRead.value : null;

  const [replicaSetsRead, autoscalersRead, podsRead, metrics, logLines] = await Promise.all([
    bounded(timeout, () => cluster.listReplicaSets(target, deployment ?? undefined)),
    bounded(timeout, () => cluster.listAutoscalers(target)),
    deployment
      ? bounded(timeout, () => cluster.listPods(target, deployment.selector))
      : Promise.resolve({ ok: false as const, reason: 'no Deployment to select pods by' }),
    gatherMetrics(sources.metricsQuery, target, timeout, gaps),
    gatherLokiLines(sources, target, limits, gaps),
  ]);
  if (!replicaSetsRead.ok) gaps.push({ source: 'replicasets', reason: replicaSetsRead.reason });
  if (!autoscalersRead.ok) gaps.push({ source: 'autoscalers', reason: autoscalersRead.reason });
  if (!podsRead.ok) gaps.push({ source: 'pods', reason: podsRead.reason });
  const replicaSets = replicaSetsRead.ok
    ? [...replicaSetsRead.value].sort((left, right) => (right.revision ?? 0) - (left.revision ?? 0)).slice(0, 10)
    : [];
  const pods = podsRead.ok
    ? [...podsRead.value].sort((left, right) => unhealthiness(right) - unhealthiness(left)).slice(0, limits.maxPods)
    : [];

  const names = new Set([target.name, ...replicaSets.map((set) => set.name), ...pods.map((pod) => pod.name)]);
  const [eventsRead, logs] = await Promise.all([eventsPending, gatherPodLogs(cluster, pods, limits, gaps)]);
  if (!eventsRead.ok) gaps.push({ source: 'events', reason: eventsRead.reason });
  const events = eventsRead.ok
    ? eventsRead.value
        .filter((event) => names.has(event.involvedName))
        .sort((left, right) => (right.lastSeen ?? '').localeCompare(left.lastSeen ?? ''))
        .slice(0, limits.maxEvents)
        .map((event) => ({ ...event, message: keepTail(event.message, MESSAGE_LIMIT) }))
    : [];

  return {
    target,
    collectedAt: clock.now().toISOString(),
    deployment,
    replicaSets,
    autoscalers: autoscalersRead.ok ? autoscalersRead.value.slice(0, 5) : [],
    pods,
    events,
    logs,
    metrics,
    logLines,
    gaps,
  };
}

async function gatherPodLogs(
  cluster: Cluster,
  pods: readonly PodSnapshot[],
  limits: EvidenceLimits,
  gaps: { source: EvidenceSource; reason: string }[],
): Promise<PodLogTail[]> {
  const unhealthy = pods.filter((pod) => !pod.ready || pod.containers.some((container) => container.restartCount > 0));
  // With every pod healthy, one pod's log still shows errors it answers with (e.g. a failing dependency).
  const wanted = (unhealthy.length > 0 ? unhealthy : pods.slice(0, 1)).slice(0, limits.maxLogPods).flatMap((pod) => {
    const container = [...pod.containers].sort((left, right) => right.restartCount - left.restartCount)[0];
    return container ? [{ pod: pod.name, container: container.name, previous: container.restartCount > 0 }] : [];
  });
  const tails = await Promise.all(
    wanted.map(async (item) => {
      const read = await bounded(limits.timeoutMilliseconds, () =>
        cluster.readPodLog(pods[0]?.namespace ?? '', item.pod, {
          container: item.container,
          tailLines: limits.logTailLines,
          limitBytes: limits.logBytes,
          previous: item.previous,
        }),
      );
      if (!read.ok) {
        gaps.push({ source: 'pod-logs', reason: `${item.pod}/${item.container}: ${read.reason}` });
        return null;
      }
      return { ...item, text: keepTail(read.value, limits.logBytes) };
    }),
  );
  return tails.filter((tail): tail is PodLogTail => tail !== null);
}

async function gatherMetrics(
  metricsQuery: MetricsQuery | null,
  target: WorkloadRef,
  timeout: number,
  gaps: { source: EvidenceSource; reason: string }[],
): Promise<MetricReading[]> {
  if (!metricsQuery) return [];
  const readings = await Promise.all(
    evidenceQueries(target).map(async ({ name, query }) => {
      const read = await bounded(timeout, (signal) => metricsQuery.instant(query, signal));
      if (!read.ok) {
        gaps.push({ source: 'prometheus', reason: `${name}: ${read.reason}` });
        return null;
      }
      const reading: MetricReading = { name, query, samples: read.value.slice(0, 20) };
      return reading;
    }),
  );
  return readings.filter((reading): reading is MetricReading => reading !== null);
}

async function gatherLokiLines(
  sources: EvidenceSources,
  target: WorkloadRef,
  limits: EvidenceLimits,
  gaps: { source: EvidenceSource; reason: string }[],
) {
  const { logQuery, clock } = sources;
  if (!logQuery) return [];
  const end = clock.now();
  const start = new Date(end.getTime() - limits.lookbackMinutes * 60_000);
  const read = await bounded(limits.timeoutMilliseconds, (signal) =>
    logQuery.range(errorLinesQuery(target), { start, end, limit: limits.lokiLimit }, signal),
  );
  if (!read.ok) {
    gaps.push({ source: 'loki', reason: read.reason });
    return [];
  }
  return read.value.slice(0, limits.lokiLimit).map((line) => ({ ...line, line: keepTail(line.line, MESSAGE_LIMIT) }));
}
