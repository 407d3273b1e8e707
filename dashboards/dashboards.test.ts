import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AGENT_METRICS, exposedMetricNames, type MetricDefinition } from '../catalog/agent-metrics.js';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DATASOURCES, LOKI_STREAM_LABELS } from '../catalog/platform-contract.js';
import { WorkloadAlertRules, workloadRecordingRules } from '../constructs/alerting/workload-alert-rules.js';
import { dashboardQueries, type DashboardQuery } from '../constructs/dashboards/dashboard-queries.js';
import { GrafanaDashboardConfigMap } from '../constructs/dashboards/grafana-dashboard-config-map.js';
import { PropValidationError } from '../constructs/core/prop-validation.js';
import { formatIssues, validateObjects } from '../test/support/manifest-validator.js';
import { allDashboards, buildDashboardsChart } from './dashboards-chart.js';
import { SLO_OBJECTIVE } from './demo-slo.js';
import { promqlReferences } from './testing/promql-references.js';

/** Labels Prometheus adds to every series scraped through the agent's ServiceMonitor. */
const TARGET_LABELS = ['job', 'instance', 'namespace', 'pod', 'service', 'container', 'endpoint'];
const AGENT_PREFIX = 'ai4all_sre_';

const definitions = new Map<string, MetricDefinition>();
for (const metric of Object.values(AGENT_METRICS) as MetricDefinition[]) {
  const names =
    metric.type === 'histogram' ? ['_bucket', '_sum', '_count'].map((suffix) => metric.name + suffix) : [metric.name];
  for (const name of names) definitions.set(name, metric);
}

function labelsOf(metricName: string): string[] {
  const metric = definitions.get(metricName);
  return [...TARGET_LABELS, ...(metric?.labels ?? []), ...(metricName.endsWith('_bucket') ? ['le'] : [])];
}

/** Problems with the agent metrics a PromQL expression references (empty = fine). */
function agentMetricProblems(expr: string): string[] {
  const references = promqlReferences(expr);
  const problems = [...references.errors];
  const exposed = exposedMetricNames();
  for (const selector of references.selectors) {
    if (!selector.metric?.startsWith(AGENT_PREFIX)) continue;
    if (!exposed.includes(selector.metric)) {
      problems.push(`${selector.metric} is not in AGENT_METRICS`);
      continue;
    }
    const allowed = labelsOf(selector.metric);
    for (const label of selector.labels.filter((name) => !allowed.includes(name))) {
      problems.push(`${selector.metric} has no label "${label}"`);
    }
  }
  for (const grouping of references.groupings) {
    if (grouping.metrics.length === 0 || !grouping.metrics.every((metric) => metric.startsWith(AGENT_PREFIX))) continue;
    const allowed = new Set(grouping.metrics.flatMap(labelsOf));
    for (const label of grouping.labels.filter((name) => !allowed.has(name))) {
      problems.push(`by (${label}) over ${grouping.metrics.join(', ')}: no such label`);
    }
  }
  return problems;
}

const dashboards = allDashboards();
const queries: (DashboardQuery & { dashboard: string })[] = dashboards.flatMap((dashboard) =>
  dashboardQueries(dashboard).map((query) => ({ ...query, dashboard: dashboard.uid ?? '' })),
);
const promql = queries.filter((query) => query.datasourceType === 'prometheus');
const logql = queries.filter((query) => query.datasourceType === 'loki');

describe('the PromQL reference check', () => {
  it('accepts real agent metrics and rejects unknown metrics, labels and groupings', () => {
    expect(agentMetricProblems('sum by (type, result) (rate(ai4all_sre_actions_total{result="ok"}[5m]))')).toEqual([]);
    expect(agentMetricProblems('rate(ai4all_sre_actions_totl[5m])')).toEqual([
      'ai4all_sre_actions_totl is not in AGENT_METRICS',
    ]);
    expect(agentMetricProblems('ai4all_sre_queue_depth{priority="high"}')).toEqual([
      'ai4all_sre_queue_depth has no label "priority"',
    ]);
    expect(agentMetricProblems('sum by (model) (rate(ai4all_sre_model_failures_total[5m]))')).toEqual([
      'by (model) over ai4all_sre_model_failures_total: no such label',
    ]);
    // A histogram is exposed as _bucket/_sum/_count, never under its bare name (nor does it have `le` there).
    expect(agentMetricProblems('sum by (le) (rate(ai4all_sre_time_to_recover_seconds[5m]))')).toEqual([
      'ai4all_sre_time_to_recover_seconds is not in AGENT_METRICS',
      'by (le) over ai4all_sre_time_to_recover_seconds: no such label',
    ]);
    expect(agentMetricProblems('sum(rate(ai4all_sre_actions_total[5m]')[0]).toMatch(/syntax error/);
  });
});

describe('dashboards', () => {
  it('ship three dashboards with stable uids, as sidecar ConfigMaps that are schema-valid', () => {
    const objects = App._synthChart(buildDashboardsChart(new App())) as {
      kind: string;
      metadata: { labels: Record<string, string> };
      data: Record<string, string>;
    }[];
    expect(objects.map((object) => object.kind)).toEqual(['ConfigMap', 'ConfigMap', 'ConfigMap']);
    for (const object of objects) {
      expect(object.metadata.labels[GRAFANA_DASHBOARD_LABEL.key]).toBe(GRAFANA_DASHBOARD_LABEL.value);
      const [file, json] = Object.entries(object.data)[0] ?? [];
      expect(JSON.parse(json ?? '{}')).toMatchObject({ uid: file?.replace(/\.json$/, '') });
    }
    const issues = validateObjects(objects);
    expect(issues, formatIssues(issues)).toEqual([]);
  });

  it('query only the datasources the stack provisions, by uid', () => {
    const uids = Object.values(GRAFANA_DATASOURCES).map((source) => source.uid);
    expect(queries.length).toBeGreaterThan(10);
    for (const query of queries) expect(uids, `${query.dashboard} ${query.panelTitle}`).toContain(query.datasourceUid);
  });

  it('every PromQL query parses and references only agent metrics and labels that exist', () => {
    for (const query of promql) {
      expect(agentMetricProblems(query.expr), `${query.dashboard} / ${query.panelTitle}: ${query.expr}`).toEqual([]);
    }
  });

  it('the agent overview covers every agent metric', () => {
    const overview = promql.filter((query) => query.dashboard === 'ai4all-sre-agent-overview');
    const referenced = new Set(
      overview.flatMap((query) => promqlReferences(query.expr).selectors.map((selector) => selector.metric ?? '')),
    );
    for (const metric of exposedMetricNames().filter((name) => !/_(sum|count)$/.test(name))) {
      expect(referenced, metric).toContain(metric);
    }
  });

  it('the SLO dashboard reads recording rules the alerting construct ships, with the same objective', () => {
    const records = new Set(workloadRecordingRules(['online-boutique']).map((rule) => rule.record));
    const used = promql
      .flatMap((query) => promqlReferences(query.expr).selectors.map((selector) => selector.metric ?? ''))
      .filter((metric) => metric.startsWith('ai4all:'));
    expect(used.length).toBeGreaterThan(0);
    for (const metric of used) expect(records, metric).toContain(metric);
    const rules = new WorkloadAlertRules(new Chart(new App(), 'alerts'), 'rules');
    const budget = Number((1 - SLO_OBJECTIVE).toPrecision(6));
    expect(rules.alerts[0]?.expr).toContain(`* ${budget})`);
  });

  it('log queries select only on the stream labels the log pipeline attaches', () => {
    expect(logql.length).toBeGreaterThan(0);
    for (const query of logql) {
      const streams = [...query.expr.matchAll(/\{([^}]*)\}/g)].map((match) => match[1] ?? '');
      expect(streams.length, query.expr).toBeGreaterThan(0);
      for (const stream of streams) {
        for (const [, label] of stream.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)) {
          expect(LOKI_STREAM_LABELS as readonly string[], query.expr).toContain(label);
        }
      }
    }
  });

  it('the ConfigMap construct rejects a panel without a provisioned datasource', () => {
    const dashboard = allDashboards()[0]!;
    const broken = {
      ...dashboard,
      panels: [{ ...dashboard.panels![1]!, datasource: undefined, targets: [{ refId: 'A', expr: 'up' }] }],
    };
    expect(
      () =>
        new GrafanaDashboardConfigMap(new Chart(new App(), 'x'), 'd', {
          dashboard: broken as typeof dashboard,
          namespace: 'monitoring',
        }),
    ).toThrow(PropValidationError);
  });
});
