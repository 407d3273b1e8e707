/**
 * Where each Helm chart comes from: its public repository (the default) or a folder of
 * vendored archives named `<chart>-<version>.tgz` (air-gapped hosts and CI; the repository's
 * own `vendor/charts` holds the nine pinned charts). Pure: the composition root checks that
 * the archives exist before anything is declared.
 */
import * as path from 'node:path';
import { CHARTS, type ChartKey, type PinnedChart } from '../catalog/chart-catalog.js';

/** How the stack locates charts; `directory` is absolute. */
export type ChartSource = { readonly kind: 'repository' } | { readonly kind: 'vendored'; readonly directory: string };

/** The public repositories (`ai4all-sre:charts.source: repository`). */
export const REPOSITORY_CHARTS: ChartSource = { kind: 'repository' };

/** The chart arguments shared by `helm.v3.Release` and `helm.v4.Chart`. */
export interface ChartReference {
  readonly chart: string;
  readonly version?: string;
  readonly repositoryOpts?: { readonly repo: string };
}

/** File name of a chart's archive in a vendored folder. */
export function archiveName(chart: PinnedChart): string {
  return `${chart.chart}-${chart.version}.tgz`;
}

/**
 * The chart arguments for catalog entry `key`. A vendored archive carries its version in its
 * name and in its Chart.yaml (Helm ignores `version` for a local path), so none is passed.
 */
export function chartReference(key: ChartKey, source: ChartSource): ChartReference {
  const pinned = CHARTS[key];
  if (source.kind === 'vendored') {
    return { chart: path.join(source.directory, archiveName(pinned)) };
  }
  return { chart: pinned.chart, version: pinned.version, repositoryOpts: { repo: pinned.repo } };
}

/** Archives of `keys` missing from a vendored folder (`exists` is the file check). */
export function missingArchives(
  source: ChartSource,
  keys: readonly ChartKey[],
  exists: (file: string) => boolean,
): string[] {
  if (source.kind !== 'vendored') return [];
  return keys.map((key) => path.join(source.directory, archiveName(CHARTS[key]))).filter((file) => !exists(file));
}
