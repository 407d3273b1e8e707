/**
 * Wires the real incident pipeline (agent/core/pipeline) to its adapters (Kubernetes, Ollama,
 * Prometheus, Loki) from the configuration, and maps the pipeline's telemetry to the agent's
 * metrics. Kept apart from app.ts so the service can run with any workflow (tests, bench).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { createKubernetesCluster } from './adapters/kubernetes/kubernetes-cluster.js';
import { createLokiQuery } from './adapters/loki/loki-query.js';
import { createOllamaReasoner } from './adapters/ollama/ollama-reasoner.js';
import { createPrometheusQuery } from './adapters/prometheus/prometheus-query.js';
import type { AgentConfig } from './config/config.js';
import type { IncidentWorkflowPort } from './core/intake/workflow-port.js';
import type { AgentMetrics } from './adapters/metrics/agent-metrics.js';
import { historyFromIncidents } from './core/pipeline/action-history.js';
import { createWorkflowConfig, type WorkflowConfigInput } from './core/pipeline/config.js';
import { createIncidentWorkflow } from './core/pipeline/workflow.js';
import type { Clock } from './ports/clock.js';
import type { PipelineTelemetry } from './ports/telemetry.js';
import type { IncidentStore } from './adapters/disk/incident-store.js';

export interface WorkflowContext {
  readonly config: AgentConfig;
  /** Loads the Kubernetes configuration on first use. */
  readonly kubeConfig: () => KubeConfig;
  readonly metrics: AgentMetrics;
  readonly logger: Logger;
  readonly store: IncidentStore;
  /** Resolved notifications seen by the intake, per incident (see WorkflowDependencies.alertsResolved). */
  readonly alertsResolved?: (incidentId: string) => boolean;
}

/** The pipeline's telemetry callbacks, recorded under the catalog's metric names. */
export function metricsTelemetry(metrics: AgentMetrics): PipelineTelemetry {
  return {
    actionResult: (type, result) => metrics.actions.inc({ type, result }),
    guardrailDenied: (reason) => metrics.guardrailDenials.inc({ reason }),
    modelRequest: (role, result, seconds) => metrics.modelLatency.observe({ role, result }, seconds),
    modelFailure: (role, reason) => metrics.modelFailures.inc({ role, reason }),
  };
}

/** Pipeline settings derived from the agent configuration (the rest keep the pipeline's defaults). */
export function workflowSettings(config: AgentConfig): WorkflowConfigInput {
  return {
    mode: config.mode,
    namespaces: [...config.namespaces],
    maxReplicas: config.guardrails.maxReplicas,
    cooldownMilliseconds: config.intake.cooldownMilliseconds,
    hourlyActionBudget: config.guardrails.hourlyActionBudget,
    rollout: { deadlineMilliseconds: config.pipeline.rolloutDeadlineMilliseconds },
    verification: config.pipeline.verification,
    model: { timeoutMilliseconds: config.pipeline.modelTimeoutMilliseconds },
  };
}

export interface WorkflowOverrides {
  /** Pipeline settings beyond the agent configuration (rollout/verification windows...). */
  readonly config?: Partial<WorkflowConfigInput>;
  /** Clock for the pipeline (the demo and tests drive a simulated cluster's time). */
  readonly clock?: Clock;
}

export function createDefaultWorkflow(
  context: WorkflowContext,
  overrides: WorkflowOverrides = {},
): IncidentWorkflowPort {
  const { config, store, metrics, logger } = context;
  return createIncidentWorkflow({
    cluster: createKubernetesCluster(context.kubeConfig()),
    reasoner: createOllamaReasoner({ host: config.ollama.host, model: config.ollama.model }),
    metricsQuery: config.prometheusUrl ? createPrometheusQuery({ url: config.prometheusUrl }) : null,
    logQuery: config.lokiUrl ? createLokiQuery({ url: config.lokiUrl }) : null,
    history: historyFromIncidents(() => store.list()),
    config: createWorkflowConfig({ ...workflowSettings(config), ...overrides.config }),
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    telemetry: metricsTelemetry(metrics),
    logger: logger.child({ component: 'pipeline' }),
    ...(context.alertsResolved ? { alertsResolved: context.alertsResolved } : {}),
  });
}
