/**
 * CPU demand versus capacity of a Deployment. Saturation faults set the demand; capacity grows with
 * ready replicas, so scaling out relieves saturation. The fake Prometheus derives CPU usage and
 * latency from this.
 */
import type { Fault } from './faults.js';
import type { Deployment } from './model/types.js';

export interface WorkloadLoad {
  /** Offered load in CPU cores. */
  readonly demandCores: number;
  /** Cores one pod can serve. */
  readonly coresPerPod: number;
  /** Ready pods times cores per pod. */
  readonly capacityCores: number;
  /** demand / capacity (Infinity when nothing is ready but there is demand). */
  readonly utilisation: number;
  /** utilisation at or above 0.9. */
  readonly saturated: boolean;
  /** Offered requests per second (100 per demanded core). */
  readonly requestsPerSecond: number;
  /** Share of requests answered with an error: injected error rate, shed load past 100 % CPU, or all when nothing is ready. */
  readonly errorRatio: number;
}

/** Baseline utilisation of a healthy workload without a saturation fault. */
const BASELINE_UTILISATION = 0.2;

/** Parses a Kubernetes CPU quantity (`500m`, `1`, `0.25`) into cores. */
export function parseCpu(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string') return undefined;
  const milli = /^(\d+)m$/.exec(quantity);
  if (milli !== null) return Number(milli[1]) / 1000;
  const value = Number(quantity);
  return Number.isFinite(value) ? value : undefined;
}

function containerCores(deployment: Deployment): number | undefined {
  const container = deployment.spec.template.spec.containers[0] as
    { resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> } } | undefined;
  return parseCpu(container?.resources?.limits?.cpu) ?? parseCpu(container?.resources?.requests?.cpu);
}

export function workloadLoad(
  deployment: Deployment,
  saturation: Extract<Fault, { kind: 'cpu-saturation' }> | undefined,
  errors?: Extract<Fault, { kind: 'error-rate' }>,
): WorkloadLoad {
  const coresPerPod = saturation?.coresPerPod ?? containerCores(deployment) ?? 0.5;
  const ready = deployment.status?.readyReplicas ?? 0;
  const capacityCores = ready * coresPerPod;
  const demandCores = saturation?.demandCores ?? BASELINE_UTILISATION * coresPerPod * (deployment.spec.replicas ?? 1);
  const utilisation = capacityCores > 0 ? demandCores / capacityCores : demandCores > 0 ? Number.POSITIVE_INFINITY : 0;
  const shed = utilisation > 1 ? 1 - 1 / utilisation : 0;
  const errorRatio = ready === 0 ? 1 : Math.min(1, Math.max(errors?.ratio ?? 0, shed));
  return {
    demandCores,
    coresPerPod,
    capacityCores,
    utilisation,
    saturated: utilisation >= 0.9,
    requestsPerSecond: demandCores * 100,
    errorRatio,
  };
}
