/**
 * The evidence gathered for one incident. Every source is optional: a source that failed or timed
 * out is listed in `gaps` with why, and the rest is still used. Everything is size-bounded.
 */
import type { WorkloadRef } from '../../domain/workload.js';
import type {
  AutoscalerSnapshot,
  DeploymentSnapshot,
  EventSnapshot,
  PodSnapshot,
  ReplicaSetSnapshot,
} from '../../ports/cluster.js';
import type { LogLine } from '../../ports/log-query.js';
import type { MetricSample } from '../../ports/metrics-query.js';

export type EvidenceSource =
  'deployment' | 'replicasets' | 'autoscalers' | 'pods' | 'events' | 'pod-logs' | 'prometheus' | 'loki';

export interface PodLogTail {
  readonly pod: string;
  readonly container: string;
  readonly previous: boolean;
  readonly text: string;
}

export interface MetricReading {
  /** saturation-cpu, memory, error-rate, latency-p99, restarts. */
  readonly name: string;
  readonly query: string;
  readonly samples: readonly MetricSample[];
}

export interface Evidence {
  readonly target: WorkloadRef;
  readonly collectedAt: string;
  readonly deployment: DeploymentSnapshot | null;
  /** Newest revision first. */
  readonly replicaSets: readonly ReplicaSetSnapshot[];
  /** HorizontalPodAutoscalers targeting the Deployment (read from the API; a failed read is a gap). */
  readonly autoscalers: readonly AutoscalerSnapshot[];
  readonly pods: readonly PodSnapshot[];
  /** Newest first. */
  readonly events: readonly EventSnapshot[];
  readonly logs: readonly PodLogTail[];
  readonly metrics: readonly MetricReading[];
  readonly logLines: readonly LogLine[];
  readonly gaps: readonly { readonly source: EvidenceSource; readonly reason: string }[];
}
