/**
 * What the real engine found (issue 11), pinned under mocks: charts from vendored archives,
 * Gateway API CRDs from vendored files, the GPU RuntimeClass read at preview, and the bootstrap
 * Application's finalizer as an explicit setting.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHARTS, GATEWAY_API_CRDS, type ChartKey } from './catalog/chart-catalog.js';
import { ARGOCD_RESOURCES_FINALIZER } from './components/gitops-bootstrap.js';
import { archiveName, chartReference, missingArchives } from './components/chart-source.js';
import { parseLabConfig } from './config/parse-lab-config.js';
import { createLab, type LabEnvironment } from './lab.js';
import { rawStackConfig } from './testing/fixtures.js';
import { testEnvironment, VENDORED_CHARTS, VENDORED_GATEWAY_API_FILES } from './testing/lab-environment.js';
import { runUnderMocks, type RecordedResource } from './testing/mock-run.js';

const HELM_TYPES = ['kubernetes:helm.sh/v3:Release', 'kubernetes:helm.sh/v4:Chart'];

async function run(raw: Record<string, unknown>, environment: Partial<LabEnvironment> = {}) {
  const config = parseLabConfig(raw);
  return (await runUnderMocks(() => createLab(config, testEnvironment(environment)))).resources;
}

function named(resources: readonly RecordedResource[], name: string): RecordedResource {
  const found = resources.find((resource) => resource.name === name);
  if (!found) throw new Error(`resource ${name} was not declared`);
  return found;
}

describe('charts.source', () => {
  it('defaults to the public repositories', () => {
    expect(parseLabConfig(rawStackConfig('lab')).charts).toEqual({ source: 'repository', directory: 'vendor/charts' });
  });

  it('vendored: every release takes its chart from the archive of the pinned version, never a repository', async () => {
    const resources = await run(rawStackConfig('lab'), { charts: VENDORED_CHARTS });
    const helm = resources.filter((resource) => HELM_TYPES.includes(resource.type));
    expect(helm).toHaveLength(Object.keys(CHARTS).length);
    for (const release of helm) {
      const chart = String(release.inputs.chart);
      expect(chart, release.name).toMatch(/^\/.*\/vendor\/charts\/[a-z-]+-\d+\.\d+\.\d+\.tgz$/);
      expect(existsSync(chart), chart).toBe(true);
      expect(release.inputs.repositoryOpts, release.name).toBeUndefined();
    }
  });

  it('names each archive <chart>-<version>.tgz and reports the missing ones', () => {
    expect(chartReference('argocd', VENDORED_CHARTS).chart).toMatch(/\/argo-cd-10\.1\.1\.tgz$/);
    expect(chartReference('argocd', { kind: 'repository' })).toEqual({
      chart: 'argo-cd',
      version: CHARTS.argocd.version,
      repositoryOpts: { repo: CHARTS.argocd.repo },
    });
    const keys = Object.keys(CHARTS) as ChartKey[];
    expect(missingArchives(VENDORED_CHARTS, keys, existsSync)).toEqual([]);
    expect(missingArchives(VENDORED_CHARTS, ['loki'], () => false)).toEqual([
      `${VENDORED_CHARTS.kind === 'vendored' ? VENDORED_CHARTS.directory : ''}/${archiveName(CHARTS.loki)}`,
    ]);
    expect(() => parseLabConfig({ ...rawStackConfig('lab'), charts: { source: 'oci' } })).toThrow(
      /ai4all-sre:charts\.source: got "oci"; allowed values: "repository", "vendored"/,
    );
  });
});

describe('linkerd.gatewayApi: install', () => {
  it('applies the vendored standard-channel CRDs of the pinned Gateway API version', () => {
    expect(VENDORED_GATEWAY_API_FILES).toHaveLength(GATEWAY_API_CRDS.vendoredFiles.length);
    const names = VENDORED_GATEWAY_API_FILES.map((file) => {
      const crd = parse(readFileSync(file, 'utf8')) as {
        kind: string;
        metadata: { name: string; annotations: Record<string, string> };
      };
      expect(crd.kind).toBe('CustomResourceDefinition');
      expect(crd.metadata.annotations['gateway.networking.k8s.io/bundle-version']).toBe(GATEWAY_API_CRDS.version);
      return crd.metadata.name;
    });
    expect(names).toEqual(expect.arrayContaining([...GATEWAY_API_CRDS.requiredCrds]));
  });

  it('refuses to declare an install without files', async () => {
    await expect(run(rawStackConfig('prod'), { gatewayApiCrdFiles: [] })).rejects.toThrow(/no Gateway API CRD files/);
  });
});

describe('ollama.gpu with type nvidia', () => {
  it('reads the nvidia RuntimeClass before the release (a missing one fails the preview by name)', async () => {
    const prod = await run(rawStackConfig('prod'));
    const runtimeClass = named(prod, 'ollama-runtime-class-nvidia');
    expect(runtimeClass).toMatchObject({ type: 'kubernetes:node.k8s.io/v1:RuntimeClass', operation: 'read' });
    const release = prod.find((resource) => resource.name === 'ollama' && HELM_TYPES.includes(resource.type));
    expect(release?.dependencies).toContain(runtimeClass.urn);
    const lab = await run(rawStackConfig('lab'));
    expect(lab.some((resource) => resource.type === 'kubernetes:node.k8s.io/v1:RuntimeClass')).toBe(false);
  });
});

describe('gitops.pruneOnDestroy', () => {
  it('sets Argo CD’s resources finalizer by default and leaves it out when false', async () => {
    const byDefault = named(await run(rawStackConfig('lab')), 'gitops-bootstrap-application');
    expect(byDefault.inputs.metadata.finalizers).toEqual([ARGOCD_RESOURCES_FINALIZER]);
    const raw = rawStackConfig('lab');
    const off = { ...raw, gitops: { ...(raw.gitops as object), pruneOnDestroy: false } };
    const without = named(await run(off), 'gitops-bootstrap-application');
    expect(without.inputs.metadata.finalizers).toBeUndefined();
  });
});
