/**
 * "ai4all-sre / Agent overview": what the agent did and how well. Every metric name comes from
 * AGENT_METRICS, the catalog the agent registers its metrics from.
 */
import { DashboardBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { AGENT_METRICS } from '../catalog/agent-metrics.js';
import { stat, timeseries } from './panels.js';

const M = AGENT_METRICS;
const RATE = '$__rate_interval';

/** Dashboard uid (stable: links and the README refer to it). */
export const AGENT_OVERVIEW_UID = 'ai4all-sre-agent-overview';

/** Builds the agent overview dashboard model. */
export function agentOverviewDashboard(): Dashboard {
  const quantile = (q: number, metric: string, by: string) =>
    `histogram_quantile(${q}, sum by (le${by ? `, ${by}` : ''}) (rate(${metric}_bucket[${RATE}])))`;
  return new DashboardBuilder('ai4all-sre / Agent overview')
    .uid(AGENT_OVERVIEW_UID)
    .tags(['ai4all-sre', 'agent'])
    .refresh('30s')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .withPanel(
      stat(
        'Queue depth',
        M.queueDepth.help,
        'none',
        `max(${M.queueDepth.name})`,
        { yellow: 5, red: 20 },
        { x: 0, y: 0, w: 6, h: 4 },
      ),
    )
    .withPanel(
      stat(
        'Guardrail denials (range)',
        M.guardrailDenials.help,
        'none',
        `sum(increase(${M.guardrailDenials.name}[$__range]))`,
        { yellow: 1, red: 10 },
        { x: 6, y: 0, w: 6, h: 4 },
      ),
    )
    .withPanel(
      stat(
        'Time to recover p50 (range)',
        M.timeToRecover.help,
        's',
        `histogram_quantile(0.5, sum by (le) (increase(${M.timeToRecover.name}_bucket[$__range])))`,
        { yellow: 120, red: 600 },
        { x: 12, y: 0, w: 6, h: 4 },
      ),
    )
    .withPanel(
      stat(
        'Model failures (range)',
        M.modelFailures.help,
        'none',
        `sum(increase(${M.modelFailures.name}[$__range]))`,
        { yellow: 1, red: 10 },
        { x: 18, y: 0, w: 6, h: 4 },
      ),
    )
    .withPanel(
      timeseries(
        'Incidents by outcome',
        M.incidents.help,
        'short',
        [{ expr: `sum by (outcome) (increase(${M.incidents.name}[${RATE}]))`, legend: '{{outcome}}' }],
        { x: 0, y: 4, w: 12, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Actions by type and result',
        M.actions.help,
        'short',
        [{ expr: `sum by (type, result) (increase(${M.actions.name}[${RATE}]))`, legend: '{{type}} {{result}}' }],
        { x: 12, y: 4, w: 12, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Guardrail denials by reason',
        M.guardrailDenials.help,
        'short',
        [{ expr: `sum by (reason) (increase(${M.guardrailDenials.name}[${RATE}]))`, legend: '{{reason}}' }],
        { x: 0, y: 12, w: 12, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Time to recover by action',
        M.timeToRecover.help,
        's',
        [
          { expr: quantile(0.5, M.timeToRecover.name, 'action'), legend: 'p50 {{action}}' },
          { expr: quantile(0.9, M.timeToRecover.name, 'action'), legend: 'p90 {{action}}' },
        ],
        { x: 12, y: 12, w: 12, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Model latency by role',
        M.modelLatency.help,
        's',
        [
          { expr: quantile(0.5, M.modelLatency.name, 'role'), legend: 'p50 {{role}}' },
          { expr: quantile(0.95, M.modelLatency.name, 'role'), legend: 'p95 {{role}}' },
        ],
        { x: 0, y: 20, w: 12, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Model failures by role and reason',
        M.modelFailures.help,
        'short',
        [{ expr: `sum by (role, reason) (increase(${M.modelFailures.name}[${RATE}]))`, legend: '{{role}} {{reason}}' }],
        { x: 12, y: 20, w: 12, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Alerts received by disposition',
        M.alertsReceived.help,
        'reqps',
        [
          {
            expr: `sum by (status, disposition) (rate(${M.alertsReceived.name}[${RATE}]))`,
            legend: '{{status}} {{disposition}}',
          },
        ],
        { x: 0, y: 28, w: 12, h: 8 },
      ),
    )
    .withPanel(
      timeseries('Queue depth', M.queueDepth.help, 'none', [{ expr: `max(${M.queueDepth.name})`, legend: 'queued' }], {
        x: 12,
        y: 28,
        w: 12,
        h: 8,
      }),
    )
    .withPanel(
      timeseries(
        'Model calls per incident',
        M.modelCallsPerIncident.help,
        'short',
        [
          { expr: quantile(0.5, M.modelCallsPerIncident.name, 'path'), legend: 'median {{path}}' },
          { expr: quantile(0.95, M.modelCallsPerIncident.name, 'path'), legend: 'p95 {{path}}' },
        ],
        { x: 0, y: 36, w: 12, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Unauthenticated requests by route',
        M.unauthorizedRequests.help,
        'reqps',
        [{ expr: `sum by (route) (rate(${M.unauthorizedRequests.name}[${RATE}]))`, legend: '{{route}}' }],
        { x: 12, y: 36, w: 12, h: 8 },
      ),
    )
    .withPanel(
      stat(
        'Journal records lost at start (range)',
        M.journalRecordsLost.help,
        'none',
        `sum(increase(${M.journalRecordsLost.name}[$__range]))`,
        { yellow: 1, red: 1 },
        { x: 0, y: 44, w: 6, h: 4 },
      ),
    )
    .build();
}
