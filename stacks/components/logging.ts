/**
 * Loki (monolithic, filesystem) as a helm.v3.Release and Alloy as a helm.v4.Chart: Alloy has
 * no hooks and no template-generated secrets, so per-object state and preview are worth having.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { LAB_NAMESPACES, PLATFORM_ENDPOINTS } from '../../catalog/platform-contract.js';
import { alloyValues } from '../values/alloy-values.js';
import { lokiValues, type LokiValuesInput } from '../values/loki-values.js';
import { chartReference, type ChartSource } from './chart-source.js';
import { pinnedRelease } from './pinned-release.js';

/** The log pipeline. */
export class Logging extends pulumi.ComponentResource {
  readonly loki: k8s.helm.v3.Release;
  readonly alloy: k8s.helm.v4.Chart;

  constructor(
    name: string,
    args: {
      readonly namespace: k8s.core.v1.Namespace;
      readonly loki: LokiValuesInput;
      /** Public repository or vendored archives (stack setting `charts`). */
      readonly charts: ChartSource;
    },
    options: pulumi.ComponentResourceOptions,
  ) {
    super('ai4all-sre:platform:Logging', name, {}, options);
    this.loki = pinnedRelease(
      'loki',
      {
        releaseName: 'loki',
        namespace: LAB_NAMESPACES.logging,
        charts: args.charts,
        values: lokiValues(args.loki),
        timeoutSeconds: 900,
      },
      { parent: this, dependsOn: [args.namespace] },
    );
    this.alloy = new k8s.helm.v4.Chart(
      'alloy',
      {
        name: 'alloy',
        namespace: LAB_NAMESPACES.logging,
        ...chartReference('alloy', args.charts),
        values: alloyValues({ lokiUrl: PLATFORM_ENDPOINTS.loki }),
      },
      { parent: this, dependsOn: [args.namespace, this.loki] },
    );
    this.registerOutputs({});
  }
}
