/**
 * The composition root of the incident pipeline: wires agent/core/pipeline to its adapters
 * (Kubernetes, Ollama, Prometheus, Loki) from the configuration, and maps the pipeline's telemetry
 * to the agent's metrics. The agent, the demo, eval, the bench and the tests all build their
 * pipeline here, substituting only the adapters they fake (`adapters`) and their clock. Kept apart
 * from app.ts so the service can run with any workflow.
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
import { createIncidentWorkflow, type IncidentWorkflow } from './core/pipeline/workflow.js';
import type { ActionHistory } from './ports/action-history.js';
import type { Clock } from './ports/clock.js';
import type { Cluster } from './ports/cluster.js';
import type { LogQuery } from './ports/log-query.js';
import type { MetricsQuery } from './ports/metrics-query.js';
import type { Reasoner } from './ports/reasoner.js';
import type { PipelineLogger, PipelineTelemetry } from './ports/telemetry.js';
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
    modelCalls: (path, count) => metrics.modelCallsPerIncident.observe({ path }, count),
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

/** Adapters a caller substitutes for the ones the configuration would build (null: none). */
export interface WorkflowAdapters {
  readonly cluster?: Cluster;
  /** null: rules only. Default: Ollama at the configured host and model. */
  readonly reasoner?: Reasoner | null;
  /** null: no Prometheus. Default: PROMETHEUS_URL when set. */
  readonly metricsQuery?: MetricsQuery | null;
  /** null: no Loki. Default: LOKI_URL when set. */
  readonly logQuery?: LogQuery | null;
}

export interface WorkflowOverrides {
  /** Pipeline settings beyond the agent configuration (rollout/verification windows...). */
  readonly config?: Partial<WorkflowConfigInput>;
  /** Clock for the pipeline (the demo and tests drive a simulated cluster's time). */
  readonly clock?: Clock;
  readonly adapters?: WorkflowAdapters;
}

/** What the pipeline needs besides the configuration and the adapters. */
export interface WorkflowParts {
  /** Loads the Kubernetes configuration on first use (not called when `adapters.cluster` is given). */
  readonly kubeConfig: () => KubeConfig;
  readonly history: ActionHistory;
  readonly telemetry?: PipelineTelemetry;
  readonly logger?: PipelineLogger;
  readonly alertsResolved?: (incidentId: string) => boolean;
}

/** The incident pipeline for `config`: the adapters it names, unless `overrides.adapters` replaces them. */
export function createWorkflow(
  config: AgentConfig,
  parts: WorkflowParts,
  overrides: WorkflowOverrides = {},
): IncidentWorkflow {
  const adapters = overrides.adapters ?? {};
  const pick = <T>(key: keyof WorkflowAdapters, build: () => T): T =>
    key in adapters ? (adapters[key] as T) : build();
  return createIncidentWorkflow({
    cluster: adapters.cluster ?? createKubernetesCluster(parts.kubeConfig()),
    reasoner: pick('reasoner', () => createOllamaReasoner({ host: config.ollama.host, model: config.ollama.model })),
    metricsQuery: pick('metricsQuery', () =>
      config.prometheusUrl ? createPrometheusQuery({ url: config.prometheusUrl }) : null,
    ),
    logQuery: pick('logQuery', () => (config.lokiUrl ? createLokiQuery({ url: config.lokiUrl }) : null)),
    history: parts.history,
    config: createWorkflowConfig({ ...workflowSettings(config), ...overrides.config }),
    ...(overrides.clock ? { clock: overrides.clock } : {}),
    ...(parts.telemetry ? { telemetry: parts.telemetry } : {}),
    ...(parts.logger ? { logger: parts.logger } : {}),
    ...(parts.alertsResolved ? { alertsResolved: parts.alertsResolved } : {}),
  });
}

/** The agent's pipeline: history from the incident store, telemetry into the agent's metrics. */
export function createDefaultWorkflow(
  context: WorkflowContext,
  overrides: WorkflowOverrides = {},
): IncidentWorkflowPort {
  const { config, store, metrics, logger } = context;
  return createWorkflow(
    config,
    {
      kubeConfig: context.kubeConfig,
      history: historyFromIncidents(() => store.list()),
      telemetry: metricsTelemetry(metrics),
      logger: logger.child({ component: 'pipeline' }),
      ...(context.alertsResolved ? { alertsResolved: context.alertsResolved } : {}),
    },
    overrides,
  );
}
