/**
 * The agent's Prometheus registry, built from the shared catalog (catalog/agent-metrics.ts)
 * so the names the dashboards query are exactly the names exposed. One registry per agent instance
 * (no global default registry), so tests and in-process demos never collide.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AGENT_METRICS, type MetricDefinition } from '../../../catalog/agent-metrics.js';

export type AlertDisposition = 'handled' | 'deduplicated' | 'rejected';

export interface AgentMetrics {
  readonly registry: Registry;
  readonly alertsReceived: Counter<'status' | 'disposition'>;
  readonly incidents: Counter<'outcome'>;
  readonly actions: Counter<'type' | 'result'>;
  readonly guardrailDenials: Counter<'reason'>;
  readonly timeToRecover: Histogram<'action'>;
  readonly modelLatency: Histogram<'role' | 'result'>;
  readonly modelCallsPerIncident: Histogram<'path'>;
  readonly modelFailures: Counter<'role' | 'reason'>;
  readonly unauthorizedRequests: Counter<'route'>;
  readonly journalRecordsLost: Counter<'reason'>;
  readonly queueDepth: Gauge;
}

function counter<L extends string>(registry: Registry, definition: MetricDefinition): Counter<L> {
  return new Counter<L>({
    name: definition.name,
    help: definition.help,
    labelNames: definition.labels as L[],
    registers: [registry],
  });
}

function histogram<L extends string>(registry: Registry, definition: MetricDefinition): Histogram<L> {
  return new Histogram<L>({
    name: definition.name,
    help: definition.help,
    labelNames: definition.labels as L[],
    buckets: [...(definition.buckets ?? [])],
    registers: [registry],
  });
}

/** Creates a fresh registry holding exactly the catalog's metrics. */
export function createAgentMetrics(): AgentMetrics {
  const registry = new Registry();
  return {
    registry,
    alertsReceived: counter(registry, AGENT_METRICS.alertsReceived),
    incidents: counter(registry, AGENT_METRICS.incidents),
    actions: counter(registry, AGENT_METRICS.actions),
    guardrailDenials: counter(registry, AGENT_METRICS.guardrailDenials),
    timeToRecover: histogram(registry, AGENT_METRICS.timeToRecover),
    modelLatency: histogram(registry, AGENT_METRICS.modelLatency),
    modelCallsPerIncident: histogram(registry, AGENT_METRICS.modelCallsPerIncident),
    modelFailures: counter(registry, AGENT_METRICS.modelFailures),
    unauthorizedRequests: counter(registry, AGENT_METRICS.unauthorizedRequests),
    journalRecordsLost: counter(registry, AGENT_METRICS.journalRecordsLost),
    queueDepth: new Gauge({
      name: AGENT_METRICS.queueDepth.name,
      help: AGENT_METRICS.queueDepth.help,
      registers: [registry],
    }),
  };
}
