/** Chaos Mesh on k3s' containerd, injection filtered by namespace annotation. */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { chaosMeshValues } from '../values/chaos-mesh-values.js';
import type { ChartSource } from './chart-source.js';
import { pinnedRelease } from './pinned-release.js';

/** Arguments of {@link ChaosMesh}. */
export interface ChaosMeshArgs {
  readonly namespace: k8s.core.v1.Namespace;
  readonly dashboard: boolean;
  readonly highAvailability: boolean;
  /** Public repository or vendored archives (stack setting `charts`). */
  readonly charts: ChartSource;
}

/** The Chaos Mesh installation. */
export class ChaosMesh extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: ChaosMeshArgs, options: pulumi.ComponentResourceOptions) {
    super('ai4all-sre:platform:ChaosMesh', name, {}, options);
    this.release = pinnedRelease(
      'chaosMesh',
      {
        releaseName: 'chaos-mesh',
        namespace: LAB_NAMESPACES.chaosMesh,
        charts: args.charts,
        values: chaosMeshValues({ dashboard: args.dashboard, highAvailability: args.highAvailability }),
      },
      { parent: this, dependsOn: [args.namespace] },
    );
    this.registerOutputs({});
  }
}
