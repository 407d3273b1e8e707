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
  /** ArgoCD (owner of the Application/AppProject CRDs) and everything the synced manifests need first. */
  readonly after: readonly pulumi.Resource[];
}

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
          // Deleting the bootstrap Application (pulumi destroy) cascades to what it synced.
          finalizers: ['resources-finalizer.argocd.argoproj.io'],
        },
        spec: bootstrapApplicationSpec(args),
      },
      { parent: this, dependsOn: [project, ...args.after] },
    );
    this.registerOutputs({});
  }
}
