/**
 * The agent's Prometheus metric names and labels, defined once. The agent registers exactly
 * these (agent/ adapters use prom-client) and the dashboards query exactly these, so no panel
 * can query a metric that does not exist. Tests on both sides import this file.
 */

export interface MetricDefinition {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labels: readonly string[];
  /** Histogram buckets in the metric's unit (seconds). */
  readonly buckets?: readonly number[];
}

export const AGENT_METRICS = {
  alertsReceived: {
    name: 'ai4all_sre_alerts_received_total',
    help: 'Alerts received on the webhook, by alert status and what intake did with them.',
    type: 'counter',
    labels: ['status', 'disposition'],
  },
  incidents: {
    name: 'ai4all_sre_incidents_total',
    help: 'Incidents that reached a terminal status, by outcome.',
    type: 'counter',
    labels: ['outcome'],
  },
  actions: {
    name: 'ai4all_sre_actions_total',
    help: 'Actions the agent attempted, by type and result.',
    type: 'counter',
    labels: ['type', 'result'],
  },
  guardrailDenials: {
    name: 'ai4all_sre_guardrail_denials_total',
    help: 'Actions denied by a guardrail, by reason code.',
    type: 'counter',
    labels: ['reason'],
  },
  timeToRecover: {
    name: 'ai4all_sre_time_to_recover_seconds',
    help: 'Seconds from the first alert of an incident to verified recovery.',
    type: 'histogram',
    labels: ['action'],
    buckets: [5, 10, 20, 30, 60, 120, 300, 600, 1200],
  },
  modelLatency: {
    name: 'ai4all_sre_model_request_duration_seconds',
    help: 'Latency of model requests, by role (specialist or director) and result.',
    type: 'histogram',
    labels: ['role', 'result'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 40, 60],
  },
  modelCallsPerIncident: {
    name: 'ai4all_sre_model_calls_per_incident',
    help: 'Model requests one incident diagnosis made (retries included), by path: decisive (rules decided, the model wrote the narrative) or undecided (one specialist and the director).',
    type: 'histogram',
    labels: ['path'],
    buckets: [0, 1, 2, 3, 4, 6, 8],
  },
  modelFailures: {
    name: 'ai4all_sre_model_failures_total',
    help: 'Model requests that failed, by role and reason (timeout, unreachable, invalid, circuit-open).',
    type: 'counter',
    labels: ['role', 'reason'],
  },
  unauthorizedRequests: {
    name: 'ai4all_sre_http_unauthorized_total',
    help: 'Requests refused with 401 (missing or wrong token), by route (webhook, approval, read); never written to the alert ledger.',
    type: 'counter',
    labels: ['route'],
  },
  journalRecordsLost: {
    name: 'ai4all_sre_journal_records_lost_total',
    help: 'Incident journal records that could not be read back at start (corrupt, oversized, torn) or an expected journal found empty, by reason.',
    type: 'counter',
    labels: ['reason'],
  },
  queueDepth: {
    name: 'ai4all_sre_queue_depth',
    help: 'Alerts waiting in the intake queue.',
    type: 'gauge',
    labels: [],
  },
} as const satisfies Record<string, MetricDefinition>;

export type AgentMetricKey = keyof typeof AGENT_METRICS;

/** Every metric name a dashboard may reference (histograms expose _bucket/_sum/_count). */
export function exposedMetricNames(): readonly string[] {
  return Object.values(AGENT_METRICS).flatMap((metric: MetricDefinition) =>
    metric.type === 'histogram'
      ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`]
      : [metric.name],
  );
}
