/**
 * "ai4all-sre / Demo app SLO": availability and error budget of each Online Boutique Deployment,
 * from the Linkerd proxy's inbound `response_total` and the burn-rate recording rules the alerting
 * construct ships (so the dashboard shows exactly what the alerts evaluate).
 */
import { CustomVariableBuilder, DashboardBuilder, type Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DEMO_APP } from '../catalog/platform-contract.js';
import { BURN_RATE_WINDOWS } from '../constructs/alerting/workload-alert-rules.js';
import { errorRatioRecord } from '../constructs/alerting/workload-queries.js';
import { stat, timeseries } from './panels.js';

/** Availability objective; the same as WorkloadAlertRules' default (a test checks they agree). */
export const SLO_OBJECTIVE = 0.99;
/** Window the error budget is counted over. */
export const SLO_WINDOW = '30d';
/** Dashboard uid. */
export const DEMO_SLO_UID = 'ai4all-sre-demo-slo';

const BUDGET = Number((1 - SLO_OBJECTIVE).toPrecision(6));
const target = `namespace="${DEMO_APP.namespace}", deployment="$deployment"`;
const inbound = `direction="inbound", ${target}`;

function errorRatio(window: string): string {
  return (
    `sum(rate(response_total{${inbound}, classification="failure"}[${window}]))` +
    ` / sum(rate(response_total{${inbound}}[${window}]))`
  );
}

/** Builds the demo SLO dashboard model. */
export function demoSloDashboard(): Dashboard {
  const burnQueries = BURN_RATE_WINDOWS.flatMap((window) => [window.long, window.short]).map((window) => ({
    expr: `max(${errorRatioRecord(window)}{${target}}) / ${BUDGET}`,
    legend: `burn ${window}`,
  }));
  const fastest = BURN_RATE_WINDOWS[0];
  return new DashboardBuilder('ai4all-sre / Demo app SLO')
    .uid(DEMO_SLO_UID)
    .tags(['ai4all-sre', 'slo', DEMO_APP.namespace])
    .refresh('1m')
    .time({ from: 'now-24h', to: 'now' })
    .timezone('browser')
    .withVariable(
      new CustomVariableBuilder('deployment')
        .label('Deployment')
        .values(DEMO_APP.services.filter((service) => service !== 'redis-cart').join(',')),
    )
    .withPanel(
      stat(
        `Availability (${SLO_WINDOW})`,
        `Inbound success ratio over ${SLO_WINDOW}; objective ${SLO_OBJECTIVE * 100}%.`,
        'percentunit',
        `1 - (${errorRatio(SLO_WINDOW)})`,
        { yellowBelow: SLO_OBJECTIVE + BUDGET / 2, redBelow: SLO_OBJECTIVE },
        { x: 0, y: 0, w: 8, h: 5 },
      ),
    )
    .withPanel(
      stat(
        `Error budget remaining (${SLO_WINDOW})`,
        'Share of the error budget not yet spent: 1 - error ratio / (1 - objective).',
        'percentunit',
        `1 - (${errorRatio(SLO_WINDOW)}) / ${BUDGET}`,
        { yellowBelow: 0.5, redBelow: 0.25 },
        { x: 8, y: 0, w: 8, h: 5 },
      ),
    )
    .withPanel(
      stat(
        `Burn rate (${fastest.long})`,
        `Budget burn over ${fastest.long}; the fast alert fires above ${fastest.factor} (with ${fastest.short} confirming).`,
        'none',
        `max(${errorRatioRecord(fastest.long)}{${target}}) / ${BUDGET}`,
        { yellow: 1, red: fastest.factor },
        { x: 16, y: 0, w: 8, h: 5 },
      ),
    )
    .withPanel(
      timeseries(
        'Burn rate by window',
        'Error ratio divided by the budget, for each window the burn-rate alerts evaluate.',
        'none',
        burnQueries,
        { x: 0, y: 5, w: 24, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Requests and failures',
        'Inbound requests per second seen by the Linkerd proxy, and the failed ones.',
        'reqps',
        [
          { expr: `sum(rate(response_total{${inbound}}[$__rate_interval]))`, legend: 'requests' },
          {
            expr: `sum(rate(response_total{${inbound}, classification="failure"}[$__rate_interval]))`,
            legend: 'failures',
          },
        ],
        { x: 0, y: 13, w: 24, h: 8 },
      ),
    )
    .withPanel(
      timeseries(
        'Firing alerts in the demo namespace',
        'Alerts Prometheus is firing for the demo app (its built-in ALERTS series), by alert and Deployment.',
        'short',
        [
          {
            expr: `count by (alertname, deployment) (ALERTS{alertstate="firing", namespace="${DEMO_APP.namespace}"})`,
            legend: '{{alertname}} {{deployment}}',
          },
        ],
        { x: 0, y: 21, w: 24, h: 8 },
      ),
    )
    .build();
}
