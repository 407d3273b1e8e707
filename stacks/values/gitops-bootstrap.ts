/**
 * The bootstrap AppProject and app-of-apps Application (pure specs). The AppProject only allows
 * ArgoCD's own objects (AppProject, Application) in the argocd namespace from the configured
 * repository; the app of apps in `dist/apps` then defines the narrower `ai4all-sre` project for
 * everything else.
 */
import { GITOPS_DEFAULTS, LAB_NAMESPACES } from '../../catalog/platform-contract.js';

/** In-cluster API server address, the only destination. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** Name of the AppProject the bootstrap Application belongs to. */
export const BOOTSTRAP_PROJECT = `${GITOPS_DEFAULTS.bootstrapApplicationName}`;

/** Inputs of the bootstrap specs. */
export interface GitOpsBootstrapInput {
  readonly repoUrl: string;
  readonly revision: string;
  readonly path: string;
}

/** `spec` of the bootstrap AppProject. */
export function bootstrapProjectSpec(input: GitOpsBootstrapInput): Record<string, unknown> {
  return {
    description: 'Bootstrap: syncs the ai4all-sre app of apps (AppProject + Applications) and nothing else.',
    sourceRepos: [input.repoUrl],
    destinations: [{ server: IN_CLUSTER_SERVER, namespace: LAB_NAMESPACES.argocd }],
    clusterResourceWhitelist: [],
    namespaceResourceWhitelist: [
      { group: 'argoproj.io', kind: 'AppProject' },
      { group: 'argoproj.io', kind: 'Application' },
    ],
  };
}

/** `spec` of the bootstrap (app-of-apps) Application. */
export function bootstrapApplicationSpec(input: GitOpsBootstrapInput): Record<string, unknown> {
  return {
    project: BOOTSTRAP_PROJECT,
    source: { repoURL: input.repoUrl, targetRevision: input.revision, path: input.path },
    destination: { server: IN_CLUSTER_SERVER, namespace: LAB_NAMESPACES.argocd },
    syncPolicy: {
      automated: { prune: true, selfHeal: true },
      syncOptions: ['ServerSideApply=true'],
      retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
    },
  };
}
