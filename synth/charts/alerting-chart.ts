import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { LinkerdProxyMonitor } from '../../constructs/alerting/linkerd-proxy-monitor.js';
import { WorkloadAlertRules } from '../../constructs/alerting/workload-alert-rules.js';
import { DEMO_APP } from '../../catalog/platform-contract.js';

/** The alerting Application: PrometheusRules for the demo workloads the agent acts on. */
export function buildAlertingChart(scope: Construct): Chart {
  const chart = new Chart(scope, 'alerting', { disableResourceNameHashes: true });
  new WorkloadAlertRules(chart, 'workload-alerts', { targetNamespaces: [DEMO_APP.namespace] });
  new LinkerdProxyMonitor(chart, 'linkerd-proxy', { targetNamespaces: [DEMO_APP.namespace] });
  return chart;
}
