/** Kyverno (lab-sized); its policies arrive from dist/ through ArgoCD. */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { kyvernoValues } from '../values/kyverno-values.js';
import type { ChartSource } from './chart-source.js';
import { pinnedRelease } from './pinned-release.js';

/** The Kyverno installation. */
export class Kyverno extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;

  constructor(
    name: string,
    args: {
      readonly namespace: k8s.core.v1.Namespace;
      readonly highAvailability: boolean;
      readonly charts: ChartSource;
    },
    options: pulumi.ComponentResourceOptions,
  ) {
    super('ai4all-sre:platform:Kyverno', name, {}, options);
    this.release = pinnedRelease(
      'kyverno',
      {
        releaseName: 'kyverno',
        namespace: LAB_NAMESPACES.kyverno,
        charts: args.charts,
        values: kyvernoValues({ highAvailability: args.highAvailability }),
      },
      { parent: this, dependsOn: [args.namespace] },
    );
    this.registerOutputs({});
  }
}
