/** ArgoCD from its chart, with a generated admin password (bcrypt hash in values). */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { argocdValues } from '../values/argocd-values.js';
import type { ChartSource } from './chart-source.js';
import { pinnedRelease } from './pinned-release.js';

/** Arguments of {@link ArgoCd}. */
export interface ArgoCdArgs {
  readonly namespace: k8s.core.v1.Namespace;
  readonly highAvailability: boolean;
  /** Public repository or vendored archives (stack setting `charts`). */
  readonly charts: ChartSource;
}

/** The ArgoCD installation. */
export class ArgoCd extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;
  /** Generated admin password (secret); user `admin`. */
  readonly adminPassword: pulumi.Output<string>;

  constructor(name: string, args: ArgoCdArgs, options: pulumi.ComponentResourceOptions) {
    super('ai4all-sre:platform:ArgoCd', name, {}, options);
    const password = new random.RandomPassword(`${name}-admin`, { length: 24, special: false }, { parent: this });
    this.release = pinnedRelease(
      'argocd',
      {
        releaseName: 'argocd',
        namespace: LAB_NAMESPACES.argocd,
        charts: args.charts,
        values: argocdValues({
          adminPasswordBcrypt: pulumi.secret(password.bcryptHash),
          highAvailability: args.highAvailability,
        }),
      },
      { parent: this, dependsOn: [args.namespace] },
    );
    this.adminPassword = pulumi.secret(password.result);
    this.registerOutputs({ adminPassword: this.adminPassword });
  }
}
