/**
 * Example: another cluster adopts the ai4all-sre construct library for its own application.
 * "payments" runs a `checkout` service in namespace `shop`; the agent may act there only.
 *
 * In another repository, import from the package instead: `import { ... } from 'ai4all-sre';`
 * Run it: `npx tsx docs/examples/other-cluster.ts > /tmp/other-cluster.yaml`
 */
import { App, Chart, Yaml } from 'cdk8s';
import type { Construct } from 'constructs';
import {
  AgentIdentity,
  AgentNetworkPolicy,
  AgentWorkload,
  AppOfApps,
  LinkerdProxyMonitor,
  ManagedWorkload,
  WorkloadAlertRules,
  agentAlertmanagerRouting,
} from '../../constructs/index.js';

/** What differs in the other cluster. */
export interface OtherClusterOptions {
  /** Namespace of the application the agent may heal. */
  readonly appNamespace: string;
  /** Agent image (pinned). */
  readonly agentImage: string;
  /** Git repository ArgoCD syncs this cluster's manifests from. */
  readonly repoUrl: string;
}

export const EXAMPLE_OPTIONS: OtherClusterOptions = {
  appNamespace: 'shop',
  agentImage: 'ghcr.io/ai4all-sre/ai4all-sre-agent:0.1.0',
  repoUrl: 'https://git.example.com/payments/cluster-config.git',
};

/** The application chart: the team's own service, hardened and labelled for the agent. */
function applicationChart(scope: Construct, options: OtherClusterOptions): Chart {
  const chart = new Chart(scope, 'shop', { disableResourceNameHashes: true });
  new ManagedWorkload(chart, 'checkout', {
    namespace: options.appNamespace,
    image: 'registry.example.com/payments/checkout:3.4.1',
    containerPort: 8080,
    probe: { kind: 'http', port: 8080, path: '/healthz' },
    resources: { cpuRequestMillis: 200, cpuLimitMillis: 1000, memoryRequestMebibytes: 256, memoryLimitMebibytes: 512 },
    replicas: 3,
    writablePaths: ['/tmp'],
  });
  new WorkloadAlertRules(chart, 'alerts', { targetNamespaces: [options.appNamespace], sloObjective: 0.995 });
  new LinkerdProxyMonitor(chart, 'mesh-metrics', { targetNamespaces: [options.appNamespace] });
  return chart;
}

/** The agent chart: identity (RBAC only in the app namespace), workload, network policy. */
function agentChart(scope: Construct, options: OtherClusterOptions): Chart {
  const chart = new Chart(scope, 'agent', { disableResourceNameHashes: true });
  const allowlistedNamespaces = [options.appNamespace];
  const identity = new AgentIdentity(chart, 'identity', { allowlistedNamespaces, actions: ['restart', 'scale'] });
  const workload = new AgentWorkload(chart, 'workload', {
    image: options.agentImage,
    serviceAccount: identity.serviceAccount,
    allowlistedNamespaces,
    mode: 'approval',
    replicas: 1,
  });
  new AgentNetworkPolicy(chart, 'network', {
    podSelectorLabels: workload.selectorLabels,
    apiServerCidrs: ['10.0.0.1/32'],
  });
  return chart;
}

/** Synthesizes the example: one YAML string per chart, plus the Alertmanager snippet for the agent. */
export function synthesizeOtherCluster(options: OtherClusterOptions = EXAMPLE_OPTIONS) {
  const app = new App();
  const charts = [applicationChart(app, options), agentChart(app, options)];
  const gitops = new Chart(app, 'apps', { disableResourceNameHashes: true });
  new AppOfApps(gitops, 'apps', {
    repoUrl: options.repoUrl,
    project: 'payments',
    applications: [
      { name: 'agent', namespace: 'ai4all-sre', description: 'SRE agent', syncWave: 0, path: 'manifests/agent' },
      {
        name: 'shop',
        namespace: options.appNamespace,
        description: 'Checkout service',
        syncWave: 10,
        path: 'manifests/shop',
        agentManagedDeployments: [{ name: 'checkout', namespace: options.appNamespace }],
      },
    ],
    namespacedResources: [
      { group: 'apps', kind: 'Deployment' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
      { group: 'coordination.k8s.io', kind: 'Lease' },
      { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'monitoring.coreos.com', kind: 'PodMonitor' },
      { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
    ],
    clusterResources: [
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
  });
  const manifests = Object.fromEntries(
    [...charts, gitops].map((chart) => [chart.node.id, Yaml.stringify(...(chart.toJson() as unknown[]))]),
  );
  return { manifests, alertmanager: agentAlertmanagerRouting({ namespaces: [options.appNamespace] }) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { manifests } = synthesizeOtherCluster();
  for (const [name, yaml] of Object.entries(manifests)) console.log(`# --- ${name}\n${yaml}`);
}
