/**
 * The incident workflow's public API, called by the incident scheduler (core/intake): resolve target → gather
 * evidence → diagnose → propose → decide → record intent → act → wait for rollout → verify → undo
 * on failure. `persist` is awaited after every state change; the intent (execution record, undo
 * record, status `acting`) is persisted before any write; resuming never repeats an applied write.
 */
import type { Incident } from '../../domain/incident.js';
import type { ActionHistory } from '../../ports/action-history.js';
import type { Clock } from '../../ports/clock.js';
import type { Cluster } from '../../ports/cluster.js';
import type { LogQuery } from '../../ports/log-query.js';
import type { MetricsQuery } from '../../ports/metrics-query.js';
import type { Reasoner } from '../../ports/reasoner.js';
import type { PipelineLogger, PipelineTelemetry } from '../../ports/telemetry.js';
import type { WorkflowConfig } from './config.js';
import { IncidentPipeline } from './incident-pipeline.js';
import type { PersistIncident } from './incident-recorder.js';

export type { PersistIncident } from './incident-recorder.js';

export interface WorkflowDependencies {
  readonly cluster: Cluster;
  /** null: rules only (no model configured). */
  readonly reasoner: Reasoner | null;
  /** null: no Prometheus (verification falls back to workload health). */
  readonly metricsQuery: MetricsQuery | null;
  /** null: no Loki. */
  readonly logQuery: LogQuery | null;
  readonly history: ActionHistory;
  readonly config: WorkflowConfig;
  /** Default: the system clock. */
  readonly clock?: Clock;
  readonly telemetry?: PipelineTelemetry;
  readonly logger?: PipelineLogger;
  /**
   * Whether Alertmanager has sent the resolved notification for every alert of the incident (the
   * intake knows); verification uses it when it cannot evaluate the alert's PromQL.
   */
  readonly alertsResolved?: (incidentId: string) => boolean;
}

export interface IncidentWorkflow {
  /** Works a new (status `open`) incident to a terminal status or `awaiting-approval`. */
  run(incident: Incident, persist: PersistIncident): Promise<Incident>;
  /** Continues an unfinished incident after a restart (never repeats an applied write). */
  resume(incident: Incident, persist: PersistIncident): Promise<Incident>;
  /** Continues an `awaiting-approval` incident: re-checks guardrails, then acts. */
  approve(incident: Incident, persist: PersistIncident): Promise<Incident>;
  /** Ends an `awaiting-approval` incident as `blocked` without writing. */
  reject(incident: Incident, persist: PersistIncident): Promise<Incident>;
}

export function createIncidentWorkflow(dependencies: WorkflowDependencies): IncidentWorkflow {
  const pipeline = new IncidentPipeline(dependencies);
  return {
    run: (incident, persist) => pipeline.run(incident, persist),
    resume: (incident, persist) => pipeline.resume(incident, persist),
    approve: (incident, persist) => pipeline.approve(incident, persist),
    reject: (incident, persist) => pipeline.reject(incident, persist),
  };
}
