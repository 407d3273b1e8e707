/**
 * Wires the real incident pipeline (agent/pipeline) to its adapters (Kubernetes, Ollama,
 * Prometheus, Loki) from the configuration. Kept apart from app.ts so the service can be started
 * with any workflow (tests, bench) without loading the pipeline's adapters.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { AgentConfig } from './config/config.js';
import type { IncidentWorkflowPort } from './intake/workflow-port.js';
import type { AgentMetrics } from './metrics/agent-metrics.js';
import type { IncidentStore } from './state/incident-store.js';

export interface WorkflowContext {
  readonly config: AgentConfig;
  /** Loads the Kubernetes configuration on first use. */
  readonly kubeConfig: () => KubeConfig;
  readonly metrics: AgentMetrics;
  readonly logger: Logger;
  readonly store: IncidentStore;
}

export function createDefaultWorkflow(_context: WorkflowContext): IncidentWorkflowPort {
  throw new Error('the incident pipeline (agent/pipeline) is not wired yet; pass overrides.workflow');
}
