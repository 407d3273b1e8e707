/**
 * The environment `stacks/index.ts` resolves, as test support: the repository's vendored Gateway
 * API CRD files and chart archives, by absolute path.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GATEWAY_API_CRDS } from '../catalog/chart-catalog.js';
import type { ChartSource } from '../components/chart-source.js';
import type { LabEnvironment } from '../lab.js';

/** The repository root. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Absolute paths of the vendored Gateway API CRDs. */
export const VENDORED_GATEWAY_API_FILES = GATEWAY_API_CRDS.vendoredFiles.map((file) =>
  path.join(REPOSITORY_ROOT, GATEWAY_API_CRDS.vendoredDirectory, file),
);

/** The repository's chart archives (`charts.source: vendored`, default directory). */
export const VENDORED_CHARTS: ChartSource = {
  kind: 'vendored',
  directory: path.join(REPOSITORY_ROOT, 'vendor/charts'),
};

/** What tests pass to `createLab`: a fixed kubeconfig path, public repositories, vendored CRDs. */
export function testEnvironment(overrides: Partial<LabEnvironment> = {}): LabEnvironment {
  return { kubeconfig: '/home/lab/.kube/config', gatewayApiCrdFiles: VENDORED_GATEWAY_API_FILES, ...overrides };
}
