/**
 * The app of apps: one ArgoCD AppProject restricted to exactly what the synthesized charts
 * contain, and one Application per chart with automated sync (prune + selfHeal),
 * server-side apply, sync waves, and ignoreDifferences for the fields the agent changes on the
 * Deployments it manages (so ArgoCD's self-heal does not undo the agent's fix).
 */
import { Construct } from 'constructs';
import { RESTART_ANNOTATION } from '../../catalog/action-catalog.js';
import { GITOPS_DEFAULTS, LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import {
  PropValidationError,
  requireDnsLabel,
  requireDnsSubdomain,
  requireInteger,
  requireUniqueNonEmpty,
} from '../core/prop-validation.js';
import { AppProject, Application, type ApplicationSpecIgnoreDifferences } from '../imports/argo-cd-argoproj.io.js';

/** Default Git repository ArgoCD syncs from (the Pulumi stack passes its configured one). */
export const DEFAULT_GITOPS_REPO_URL = 'https://github.com/ai4all-sre/ai4all-sre.git';
/** Default Git revision ArgoCD syncs. */
export const DEFAULT_GITOPS_REVISION = 'main';
/** In-cluster API server address, the only destination cluster. */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/** A Kubernetes API group + kind, as AppProject resource lists spell it. */
export interface GroupKind {
  /** API group, `''` for the core group. */
  readonly group: string;
  /** Kind, e.g. `Deployment`. */
  readonly kind: string;
}

/** A Deployment the agent may scale or restart; ArgoCD ignores those fields on it. */
export interface AgentManagedDeployment {
  /** Deployment name. */
  readonly name: string;
  /** Deployment namespace. */
  readonly namespace: string;
}

/** One ArgoCD Application of the app of apps. */
export interface GitOpsApplication {
  /** Application name, also the folder under `dist/`. */
  readonly name: string;
  /** Default destination namespace. */
  readonly namespace: string;
  /** One line, shown as an annotation. */
  readonly description: string;
  /** `argocd.argoproj.io/sync-wave`: lower waves sync first (CRD owners before custom resources). */
  readonly syncWave: number;
  /** Path in the repository, e.g. `dist/agent`. */
  readonly path: string;
  /** Deployments whose `spec.replicas` and restart annotation ArgoCD must not revert. @default [] */
  readonly agentManagedDeployments?: readonly AgentManagedDeployment[];
}

/** Props of {@link AppOfApps}. */
export interface AppOfAppsProps {
  /** The Applications to create, one per synthesized chart. */
  readonly applications: readonly GitOpsApplication[];
  /** Git repository URL ArgoCD pulls from. @default DEFAULT_GITOPS_REPO_URL */
  readonly repoUrl?: string;
  /** Git revision (branch, tag or commit). @default DEFAULT_GITOPS_REVISION */
  readonly targetRevision?: string;
  /** AppProject name. @default GITOPS_DEFAULTS.project */
  readonly project?: string;
  /** Namespace ArgoCD runs in (Applications and the AppProject live there). @default LAB_NAMESPACES.argocd */
  readonly argocdNamespace?: string;
  /** Namespaces the project may deploy to. @default every Application's namespace */
  readonly destinationNamespaces?: readonly string[];
  /** Cluster-scoped kinds the project may create (everything else is denied). @default [] */
  readonly clusterResources?: readonly GroupKind[];
  /** Namespaced kinds the project may create (everything else is denied). */
  readonly namespacedResources: readonly GroupKind[];
}

const CONSTRUCT = 'AppOfApps';

/** JSON pointer of the restart annotation inside a Deployment (`/` in the key escaped as `~1`). */
export const RESTART_ANNOTATION_POINTER = `/spec/template/metadata/annotations/${RESTART_ANNOTATION.replaceAll('~', '~0').replaceAll('/', '~1')}`;

function sortGroupKinds(list: readonly GroupKind[]): GroupKind[] {
  const unique = new Map(list.map((entry) => [`${entry.group}/${entry.kind}`, entry]));
  return [...unique.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, entry]) => ({ group: entry.group, kind: entry.kind }));
}

/** The AppProject and the Applications of the app of apps. */
export class AppOfApps extends Construct {
  /** The project every Application belongs to. */
  readonly project: AppProject;
  /** The Applications, in the order given. */
  readonly applications: readonly Application[];

  constructor(scope: Construct, id: string, props: AppOfAppsProps) {
    super(scope, id);
    const repoUrl = props.repoUrl ?? DEFAULT_GITOPS_REPO_URL;
    if (!/^(https:\/\/|ssh:\/\/|git@)\S+$/.test(repoUrl)) {
      throw new PropValidationError(CONSTRUCT, 'repoUrl', repoUrl, 'use an https://, ssh:// or git@ Git URL');
    }
    const targetRevision = props.targetRevision ?? DEFAULT_GITOPS_REVISION;
    if (!/^[\w./-]+$/.test(targetRevision)) {
      throw new PropValidationError(CONSTRUCT, 'targetRevision', targetRevision, 'use a branch, tag or commit SHA');
    }
    const projectName = requireDnsSubdomain(CONSTRUCT, 'project', props.project ?? GITOPS_DEFAULTS.project);
    const argocdNamespace = requireDnsLabel(
      CONSTRUCT,
      'argocdNamespace',
      props.argocdNamespace ?? LAB_NAMESPACES.argocd,
    );
    requireUniqueNonEmpty(
      CONSTRUCT,
      'applications[].name',
      props.applications.map((application) => application.name),
    );
    for (const application of props.applications) {
      requireDnsLabel(CONSTRUCT, 'applications[].name', application.name);
      requireDnsLabel(CONSTRUCT, 'applications[].namespace', application.namespace);
      requireInteger(CONSTRUCT, 'applications[].syncWave', application.syncWave, -100, 100);
      if (!/^[\w./-]+$/.test(application.path) || application.path.includes('..')) {
        throw new PropValidationError(
          CONSTRUCT,
          'applications[].path',
          application.path,
          'use a relative folder path without ".."',
        );
      }
    }
    const destinations = [
      ...new Set(props.destinationNamespaces ?? props.applications.map((application) => application.namespace)),
    ].sort();
    for (const namespace of destinations) requireDnsLabel(CONSTRUCT, 'destinationNamespaces', namespace);

    this.project = new AppProject(this, 'project', {
      metadata: { name: projectName, namespace: argocdNamespace },
      spec: {
        description: 'Everything ai4all-sre synthesizes into dist/; nothing else may be deployed through it.',
        sourceRepos: [repoUrl],
        destinations: destinations.map((namespace) => ({ server: IN_CLUSTER_SERVER, namespace })),
        clusterResourceWhitelist: sortGroupKinds(props.clusterResources ?? []),
        namespaceResourceWhitelist: sortGroupKinds(props.namespacedResources),
        orphanedResources: { warn: true },
      },
    });

    this.applications = props.applications.map(
      (application) =>
        new Application(this, application.name, {
          metadata: {
            name: application.name,
            namespace: argocdNamespace,
            annotations: {
              'argocd.argoproj.io/sync-wave': String(application.syncWave),
              'ai4all-sre.io/description': application.description,
            },
            labels: { 'app.kubernetes.io/part-of': 'ai4all-sre' },
            finalizers: ['resources-finalizer.argocd.argoproj.io'],
          },
          spec: {
            project: projectName,
            source: { repoUrl, targetRevision, path: application.path },
            destination: { server: IN_CLUSTER_SERVER, namespace: application.namespace },
            syncPolicy: {
              automated: { prune: true, selfHeal: true },
              // RespectIgnoreDifferences: a sync keeps the live value of ignored fields (the agent's fix).
              syncOptions: ['ServerSideApply=true', 'RespectIgnoreDifferences=true', 'PruneLast=true'],
              retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
            },
            ignoreDifferences: agentIgnoreDifferences(application.agentManagedDeployments ?? []),
          },
        }),
    );
  }
}

/** ignoreDifferences entries for agent-managed Deployments (replicas + restart annotation). */
export function agentIgnoreDifferences(
  deployments: readonly AgentManagedDeployment[],
): ApplicationSpecIgnoreDifferences[] | undefined {
  if (deployments.length === 0) return undefined;
  return [...deployments]
    .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`))
    .map((deployment) => ({
      group: 'apps',
      kind: 'Deployment',
      name: deployment.name,
      namespace: deployment.namespace,
      jsonPointers: ['/spec/replicas', RESTART_ANNOTATION_POINTER],
    }));
}
