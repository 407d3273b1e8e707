/**
 * The registry of ArgoCD Applications: one entry = one cdk8s Chart = one folder `dist/<name>/`
 * and one Application in the app of apps (`dist/apps/`). To add an Application, append an entry
 * (see synth/README.md); `npm run synth` does the rest.
 */
import type { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { LAB_NAMESPACES } from '../catalog/platform-contract.js';
import { DEFAULT_GITOPS_REPO_URL, DEFAULT_GITOPS_REVISION } from '../constructs/gitops/app-of-apps.js';
import { buildAgentChart } from './charts/agent-chart.js';
import { buildAlertingChart } from './charts/alerting-chart.js';
import { buildOnlineBoutiqueChart } from './charts/online-boutique-chart.js';
import { buildPoliciesChart } from '../policies/policies-chart.js';
import { buildChaosChart } from '../chaos/chaos-chart.js';
import { buildDashboardsChart } from '../dashboards/dashboards-chart.js';

/** One ArgoCD Application and the chart it syncs. */
export interface ApplicationEntry {
  /** Application name and folder under dist/ (a DNS label; `apps` is reserved for the app of apps). */
  readonly name: string;
  /** Default destination namespace of the Application. */
  readonly namespace: string;
  /** One line for humans (becomes an annotation on the Application). */
  readonly description: string;
  /** ArgoCD sync wave; see {@link SYNC_WAVES}. */
  readonly syncWave: number;
  /** Builds exactly one Chart under `scope` (a fresh cdk8s App per entry). */
  readonly build: (scope: Construct) => Chart;
}

/**
 * Where the Applications in dist/apps sync from. A fork changes these two values, runs
 * `npm run synth`, commits dist/, and sets the same URL/revision in the Pulumi stack config
 * (`gitops.repoUrl`, `gitops.revision`), which points the bootstrap Application at dist/apps.
 */
export const GITOPS_SOURCE = {
  repoUrl: DEFAULT_GITOPS_REPO_URL,
  targetRevision: DEFAULT_GITOPS_REVISION,
} as const;

/**
 * Sync waves. The CRDs themselves are installed by the Pulumi stack's Helm releases before ArgoCD
 * starts, so waves order what depends on what inside dist/: admission policies before the workloads
 * they check, the workloads before the alert rules, dashboards and chaos experiments that target them.
 */
export const SYNC_WAVES = {
  policies: -10,
  platform: 0,
  workloads: 10,
  observability: 20,
  chaos: 30,
} as const;

/** Every Application, in the order they appear in the app of apps. */
export const APPLICATIONS: readonly ApplicationEntry[] = [
  {
    name: 'agent',
    namespace: LAB_NAMESPACES.agent,
    description: 'The ai4all-sre agent: identity (RBAC from the action catalog), workload, network policy, monitoring.',
    syncWave: SYNC_WAVES.platform,
    build: buildAgentChart,
  },
  {
    name: 'online-boutique',
    namespace: LAB_NAMESPACES.demo,
    description: 'Online Boutique, the demo application the lab breaks and heals, with its load generator.',
    syncWave: SYNC_WAVES.workloads,
    build: buildOnlineBoutiqueChart,
  },
  {
    name: 'alerting',
    namespace: LAB_NAMESPACES.demo,
    description: 'PrometheusRules for the demo workloads that the agent acts on.',
    syncWave: SYNC_WAVES.observability,
    build: buildAlertingChart,
  },
  {
    name: 'policies',
    namespace: LAB_NAMESPACES.kyverno,
    description:
      'Kyverno ValidatingPolicies: workload baseline in the demo and agent namespaces, agent admission guardrails.',
    syncWave: SYNC_WAVES.policies,
    build: buildPoliciesChart,
  },
  {
    name: 'dashboards',
    namespace: LAB_NAMESPACES.monitoring,
    description: 'Grafana dashboards (agent overview, demo app SLO, logs) as sidecar ConfigMaps.',
    syncWave: SYNC_WAVES.observability,
    build: buildDashboardsChart,
  },
  {
    name: 'chaos',
    namespace: LAB_NAMESPACES.demo,
    description:
      'Recurring chaos scenarios of the catalog as paused Chaos Mesh Schedules (one-shot runs come from the proof runner).',
    syncWave: SYNC_WAVES.chaos,
    build: buildChaosChart,
  },
];
