/**
 * The `dashboards` Application: the three dashboards as Grafana sidecar ConfigMaps in the
 * monitoring namespace.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { LAB_NAMESPACES } from '../catalog/platform-contract.js';
import { GrafanaDashboardConfigMap } from '../constructs/dashboards/grafana-dashboard-config-map.js';
import { agentOverviewDashboard } from './agent-overview.js';
import { demoSloDashboard } from './demo-slo.js';
import { logsDashboard } from './logs.js';

/** Every dashboard model, in a stable order (tests iterate it). */
export function allDashboards() {
  return [agentOverviewDashboard(), demoSloDashboard(), logsDashboard()];
}

/** Builds the `dashboards` chart. */
export function buildDashboardsChart(scope: Construct): Chart {
  const chart = new Chart(scope, 'dashboards', { disableResourceNameHashes: true });
  for (const dashboard of allDashboards()) {
    new GrafanaDashboardConfigMap(chart, dashboard.uid ?? 'dashboard', {
      dashboard,
      namespace: LAB_NAMESPACES.monitoring,
    });
  }
  return chart;
}
