/**
 * A `helm.v3.Release` of a catalog chart: exact version (from its repository or a vendored archive), fixed release name (Service names
 * derive from it), no namespace creation (the stack creates namespaces with their labels),
 * cleanup on failure, bounded history. See docs/adr for why Release is used per chart.
 */
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { ChartKey } from '../catalog/chart-catalog.js';
import { chartReference, type ChartSource } from './chart-source.js';

/** Arguments of {@link pinnedRelease}. */
export interface PinnedReleaseArgs {
  /** Helm release name (also the Pulumi resource name). */
  readonly releaseName: string;
  readonly namespace: pulumi.Input<string>;
  readonly values: pulumi.Input<Record<string, unknown>>;
  /** Public repository or vendored archives (stack setting `charts`). */
  readonly charts: ChartSource;
  /** Seconds Helm waits for readiness. @default 600 */
  readonly timeoutSeconds?: number;
}

/** Create a Release pinned to the catalog entry `chart`. */
export function pinnedRelease(
  chart: ChartKey,
  args: PinnedReleaseArgs,
  options: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    args.releaseName,
    {
      name: args.releaseName,
      namespace: args.namespace,
      ...chartReference(chart, args.charts),
      values: args.values,
      createNamespace: false,
      cleanupOnFail: true,
      maxHistory: 5,
      timeout: args.timeoutSeconds ?? 600,
    },
    options,
  );
}
