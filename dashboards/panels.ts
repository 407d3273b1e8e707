/**
 * Small builders shared by the dashboards: datasource references by the uids the platform
 * provisions, and the panel shapes the dashboards repeat.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder as LokiQuery } from '@grafana/grafana-foundation-sdk/loki';
import { DataqueryBuilder as PrometheusQuery } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { GRAFANA_DATASOURCES } from '../catalog/platform-contract.js';

/** The Prometheus datasource the stack provisions. */
export const PROMETHEUS: DataSourceRef = { type: 'prometheus', uid: GRAFANA_DATASOURCES.prometheus.uid };
/** The Loki datasource the stack provisions. */
export const LOKI: DataSourceRef = { type: 'loki', uid: GRAFANA_DATASOURCES.loki.uid };

/** A PromQL target on the provisioned Prometheus. */
export function promQuery(expr: string, legend: string, refId = 'A'): PrometheusQuery {
  return new PrometheusQuery().datasource(PROMETHEUS).expr(expr).legendFormat(legend).refId(refId);
}

/** A LogQL target on the provisioned Loki. */
export function lokiQuery(expr: string, refId = 'A'): LokiQuery {
  return new LokiQuery().datasource(LOKI).expr(expr).refId(refId);
}

/** A time series panel of one or more PromQL queries. */
export function timeseries(
  title: string,
  description: string,
  unit: string,
  queries: readonly { expr: string; legend: string }[],
  gridPos: { x: number; y: number; w: number; h: number },
): TimeseriesPanel {
  let panel = new TimeseriesPanel()
    .title(title)
    .description(description)
    .unit(unit)
    .datasource(PROMETHEUS)
    .gridPos(gridPos);
  queries.forEach((query, index) => {
    panel = panel.withTarget(promQuery(query.expr, query.legend, String.fromCharCode(65 + index)));
  });
  return panel;
}

/** A single-value stat panel with green/yellow/red thresholds (ascending). */
export function stat(
  title: string,
  description: string,
  unit: string,
  expr: string,
  thresholds: { yellow: number; red: number } | { yellowBelow: number; redBelow: number },
  gridPos: { x: number; y: number; w: number; h: number },
): StatPanel {
  const steps =
    'yellow' in thresholds
      ? [
          { value: null, color: 'green' },
          { value: thresholds.yellow, color: 'yellow' },
          { value: thresholds.red, color: 'red' },
        ]
      : [
          { value: null, color: 'red' },
          { value: thresholds.redBelow, color: 'yellow' },
          { value: thresholds.yellowBelow, color: 'green' },
        ];
  return new StatPanel()
    .title(title)
    .description(description)
    .unit(unit)
    .datasource(PROMETHEUS)
    .gridPos(gridPos)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .thresholds(new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps))
    .withTarget(promQuery(expr, title));
}
