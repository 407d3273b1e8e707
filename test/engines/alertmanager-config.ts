/**
 * The Alertmanager configuration exactly as kube-prometheus-stack renders it: the values the Pulumi
 * program passes to the release (recorded under Pulumi mocks) rendered with the real Helm from the
 * vendored chart archive, and the `alertmanager.yaml` key of the chart's Secret decoded.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CHARTS } from '../../stacks/catalog/chart-catalog.js';
import { parseLabConfig } from '../../stacks/config/parse-lab-config.js';
import { createLab } from '../../stacks/lab.js';
import { rawStackConfig } from '../../stacks/testing/fixtures.js';
import { runUnderMocks } from '../../stacks/testing/mock-run.js';
import { describeRun, REPO_ROOT, runTool } from './ecosystem-tools.js';

const RELEASE_TYPE = 'kubernetes:helm.sh/v3:Release';

/** The kube-prometheus-stack release as the program declares it for a stack file. */
export interface DeclaredRelease {
  readonly name: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
}

/** Runs the Pulumi program under mocks and returns the kube-prometheus-stack release's inputs. */
export async function declaredPrometheusStack(stack: 'lab' | 'prod'): Promise<DeclaredRelease> {
  const config = parseLabConfig(rawStackConfig(stack));
  // The Gateway API CRD files are only named here (prod installs them); mocks never read them.
  const environment = { kubeconfig: '/home/lab/.kube/config', gatewayApiCrdFiles: ['gateway-api-crds.yaml'] };
  const { resources } = await runUnderMocks(() => createLab(config, environment));
  const release = resources.find(
    (resource) =>
      resource.type === RELEASE_TYPE &&
      resource.inputs['chart'] !== undefined &&
      resource.name === 'kube-prometheus-stack',
  );
  if (release === undefined) throw new Error(`stack ${stack}: no kube-prometheus-stack Release was declared`);
  return {
    name: String(release.inputs['name']),
    namespace: String(release.inputs['namespace']),
    values: release.inputs['values'] as Record<string, unknown>,
  };
}

/** Path of the vendored kube-prometheus-stack archive at the catalog's version. */
export function vendoredPrometheusStackChart(): string {
  return join(REPO_ROOT, 'vendor', 'charts', `kube-prometheus-stack-${CHARTS.kubePrometheusStack.version}.tgz`);
}

/**
 * `helm template` of the release with its values, then the decoded `alertmanager.yaml` of the
 * chart's Alertmanager Secret. Writes the values to `<directory>/values.json`.
 */
export function renderAlertmanagerConfig(release: DeclaredRelease, directory: string): string {
  const valuesFile = join(directory, 'values.json');
  writeFileSync(valuesFile, JSON.stringify(release.values));
  const run = runTool('helm', [
    'template',
    release.name,
    vendoredPrometheusStackChart(),
    '--namespace',
    release.namespace,
    '--values',
    valuesFile,
    '--show-only',
    'templates/alertmanager/secret.yaml',
  ]);
  if (run.status !== 0) throw new Error(`helm template failed:\n${describeRun(run)}`);
  for (const document of parseAllDocuments(run.stdout)) {
    const object = document.toJS() as { kind?: string; data?: Record<string, string> } | null;
    const encoded = object?.kind === 'Secret' ? object.data?.['alertmanager.yaml'] : undefined;
    if (encoded !== undefined) return Buffer.from(encoded, 'base64').toString('utf8');
  }
  throw new Error(`helm template rendered no Secret with alertmanager.yaml:\n${run.stdout.slice(0, 2000)}`);
}
