/**
 * The hand-off to GitOps: an AppProject and the app-of-apps Application pointing at
 * `dist/apps` in the configured repository. Created after ArgoCD (its CRDs) and after every
 * platform component whose CRDs or webhooks the synced manifests need.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { GITOPS_DEFAULTS, LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import {
  BOOTSTRAP_PROJECT,
  bootstrapApplicationSpec,
  bootstrapProjectSpec,
  type GitOpsBootstrapInput,
} from '../values/gitops-bootstrap.js';

/** Arguments of {@link GitOpsBootstrap}. */
export interface GitOpsBootstrapArgs extends GitOpsBootstrapInput {
  /** Set Argo CD's resources finalizer on the Application (stack setting `gitops.pruneOnDestroy`). */
  readonly pruneOnDestroy: boolean;
  /** ArgoCD (owner of the Application/AppProject CRDs) and everything the synced manifests need first. */
  readonly after: readonly pulumi.Resource[];
}

/** Argo CD's cascading-delete finalizer. */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** The bootstrap AppProject and Application. */
export class GitOpsBootstrap extends pulumi.ComponentResource {
  readonly application: k8s.apiextensions.CustomResource;

  constructor(name: string, args: GitOpsBootstrapArgs, options: pulumi.ComponentResourceOptions) {
    super('ai4all-sre:platform:GitOpsBootstrap', name, {}, options);
    const project = new k8s.apiextensions.CustomResource(
      `${name}-project`,
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: BOOTSTRAP_PROJECT, namespace: LAB_NAMESPACES.argocd },
        spec: bootstrapProjectSpec(args),
      },
      { parent: this, dependsOn: [...args.after] },
    );
    this.application = new k8s.apiextensions.CustomResource(
      `${name}-application`,
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: GITOPS_DEFAULTS.bootstrapApplicationName,
          namespace: LAB_NAMESPACES.argocd,
          // With the finalizer, deleting the Application (pulumi destroy) waits until Argo CD has
          // deleted what it synced; without a running Argo CD controller it would never finish.
          ...(args.pruneOnDestroy ? { finalizers: [ARGOCD_RESOURCES_FINALIZER] } : {}),
        },
        spec: bootstrapApplicationSpec(args),
      },
      { parent: this, dependsOn: [project, ...args.after] },
    );
    this.registerOutputs({});
  }
}
