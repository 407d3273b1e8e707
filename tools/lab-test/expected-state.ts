/**
 * What the lab stack must leave in the cluster, derived from the stack's own catalog and plan
 * (never from the engine's output): releases and their pinned versions, CRD groups, namespaces
 * with their labels, the agent's settings and token, Linkerd's identity, the bootstrap Application.
 */
import { GITOPS_DEFAULTS, LAB_NAMESPACES, PROMETHEUS_STACK_RELEASE } from '../../catalog/platform-contract.js';
import { CHARTS, GATEWAY_API_CRDS, type ChartKey } from '../../stacks/catalog/chart-catalog.js';
import { namespacePlan, type NamespaceSpec } from '../../stacks/components/namespace-plan.js';
import type { LabConfig } from '../../stacks/config/lab-config.js';

/** A Helm release the stack installs, with the chart version the catalog pins. */
export interface ExpectedRelease {
  readonly key: ChartKey;
  readonly name: string;
  readonly namespace: string;
  readonly chart: string;
  readonly version: string;
}

const RELEASES: ReadonlyArray<{ key: ChartKey; name: string; namespace: string; when: keyof LabConfig['components'] }> =
  [
    { key: 'argocd', name: 'argocd', namespace: LAB_NAMESPACES.argocd, when: 'argocd' },
    { key: 'linkerdCrds', name: 'linkerd-crds', namespace: LAB_NAMESPACES.linkerd, when: 'linkerd' },
    { key: 'linkerdControlPlane', name: 'linkerd-control-plane', namespace: LAB_NAMESPACES.linkerd, when: 'linkerd' },
    { key: 'kyverno', name: 'kyverno', namespace: LAB_NAMESPACES.kyverno, when: 'kyverno' },
    { key: 'chaosMesh', name: 'chaos-mesh', namespace: LAB_NAMESPACES.chaosMesh, when: 'chaosMesh' },
    {
      key: 'kubePrometheusStack',
      name: PROMETHEUS_STACK_RELEASE,
      namespace: LAB_NAMESPACES.monitoring,
      when: 'monitoring',
    },
    { key: 'loki', name: 'loki', namespace: LAB_NAMESPACES.logging, when: 'logging' },
    { key: 'ollama', name: 'ollama', namespace: LAB_NAMESPACES.ollama, when: 'ollama' },
  ];

/** The helm.v3.Release resources of an enabled component set (Alloy is a helm.v4.Chart: no release). */
export function expectedReleases(config: LabConfig): ExpectedRelease[] {
  return RELEASES.filter((release) => config.components[release.when]).map((release) => ({
    key: release.key,
    name: release.name,
    namespace: release.namespace,
    chart: CHARTS[release.key].chart,
    version: CHARTS[release.key].version,
  }));
}

/** Label Helm puts on every object of a chart (`<chart>-<version>`), used for the helm.v4 Alloy chart. */
export function chartLabel(key: ChartKey): string {
  return `${CHARTS[key].chart}-${CHARTS[key].version.replace(/\+/g, '_')}`;
}

/** CRD groups the enabled components bring (each must have at least one CRD). */
export function expectedCrdGroups(config: LabConfig): string[] {
  const groups: string[] = [];
  if (config.components.argocd) groups.push('argoproj.io');
  if (config.components.linkerd)
    groups.push('policy.linkerd.io', GATEWAY_API_CRDS.requiredCrds[0].split('.').slice(1).join('.'));
  if (config.components.kyverno) groups.push('kyverno.io');
  if (config.components.chaosMesh) groups.push('chaos-mesh.org');
  if (config.components.monitoring) groups.push('monitoring.coreos.com');
  return groups;
}

/** The namespaces the stack creates, with labels and annotations (the stack's own plan). */
export function expectedNamespaces(config: LabConfig): NamespaceSpec[] {
  return namespacePlan(config);
}

/** The bootstrap Application's identity and source. */
export function expectedBootstrap(config: LabConfig): {
  name: string;
  namespace: string;
  source: { repoURL: string; targetRevision: string; path: string };
} {
  return {
    name: GITOPS_DEFAULTS.bootstrapApplicationName,
    namespace: LAB_NAMESPACES.argocd,
    source: { repoURL: config.gitops.repoUrl, targetRevision: config.gitops.revision, path: config.gitops.path },
  };
}
