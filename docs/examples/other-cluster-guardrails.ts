/**
 * Example: another cluster reuses the policy, chaos and dashboard constructs for its own
 * application ("checkout" in namespace `shop`): the workload baseline and the agent's admission
 * guardrails for `shop`, one bounded chaos experiment, and the agent overview dashboard.
 *
 * In another repository, import from the package instead: `import { ... } from 'ai4all-sre';`
 * Run it: `npx tsx docs/examples/other-cluster-guardrails.ts > /tmp/other-cluster-guardrails.yaml`
 */
import { App, Chart, Yaml } from 'cdk8s';
import {
  AgentGuardrailPolicy,
  ChaosExperimentResource,
  GrafanaDashboardConfigMap,
  WorkloadBaselinePolicies,
} from '../../constructs/index.js';
import { agentOverviewDashboard } from '../../dashboards/agent-overview.js';

/** The other cluster's names. */
export const GUARDRAIL_EXAMPLE = {
  appNamespace: 'shop',
  agentNamespace: 'sre-agent',
  serviceAccountName: 'healer',
  grafanaNamespace: 'grafana',
} as const;

/** Synthesizes the example into plain objects. */
export function synthesizeGuardrailExample(): Record<string, unknown>[] {
  const app = new App();
  const chart = new Chart(app, 'guardrails', { disableResourceNameHashes: true });
  const names = GUARDRAIL_EXAMPLE;
  new WorkloadBaselinePolicies(chart, 'baseline', {
    namespaces: [names.appNamespace, names.agentNamespace],
    agentNamespaces: [names.appNamespace],
    namePrefix: 'shop',
  });
  new AgentGuardrailPolicy(chart, 'agent', {
    allowlistedNamespaces: [names.appNamespace],
    agentNamespace: names.agentNamespace,
    serviceAccountName: names.serviceAccountName,
    replicaMaximum: 6,
    name: 'shop-agent-guardrails',
  });
  new ChaosExperimentResource(chart, 'checkout-kill', {
    experiment: {
      name: 'checkout-pod-kill',
      target: { namespace: names.appNamespace, labels: { app: 'checkout' }, mode: { mode: 'one' } },
      fault: { kind: 'pod-kill' },
      duration: '30s',
    },
  });
  new GrafanaDashboardConfigMap(chart, 'overview', {
    dashboard: agentOverviewDashboard(),
    namespace: names.grafanaNamespace,
  });
  return App._synthChart(chart) as Record<string, unknown>[];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(
    synthesizeGuardrailExample()
      .map((object) => Yaml.stringify(object))
      .join('---\n'),
  );
}
