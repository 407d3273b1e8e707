import { ApiObject, App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import type { ApplicationEntry } from './applications.js';
import { APPLICATIONS } from './applications.js';
import { synthesize } from './synthesize.js';

const entry = (name: string, build: ApplicationEntry['build']): ApplicationEntry => ({
  name,
  namespace: 'shop',
  description: name,
  syncWave: 0,
  build,
});
const configMap = (namespace?: string) =>
  entry('shop', (scope) => {
    const chart = new Chart(scope, 'shop', { disableResourceNameHashes: true });
    new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace } });
    return chart;
  });

describe('synthesize', () => {
  it('writes one folder per registered Application plus the app of apps', () => {
    const paths = synthesize().files.map((file) => file.path);
    expect(paths).toEqual(
      [
        ...APPLICATIONS.map((application) => `dist/${application.name}/manifests.yaml`),
        'dist/apps/manifests.yaml',
      ].sort(),
    );
  });

  it('derives the AppProject from what the charts contain', () => {
    const { appOfApps } = synthesize({ applications: [configMap('shop')] });
    const project = appOfApps.find((object) => object.kind === 'AppProject') as unknown as {
      spec: Record<string, unknown>;
    };
    expect(project.spec['namespaceResourceWhitelist']).toEqual([{ group: '', kind: 'ConfigMap' }]);
    expect(project.spec['clusterResourceWhitelist']).toEqual([]);
  });

  it('passes repository URL and revision through to every Application', () => {
    const { appOfApps } = synthesize({
      applications: [configMap('shop')],
      repoUrl: 'https://git.example/fork.git',
      targetRevision: 'v2',
    });
    const application = appOfApps.find((object) => object.kind === 'Application') as unknown as {
      spec: { source: object };
    };
    expect(application.spec.source).toEqual({
      repoURL: 'https://git.example/fork.git',
      targetRevision: 'v2',
      path: 'dist/shop',
    });
  });

  it('refuses a namespaced object without a namespace, naming the application and the fix', () => {
    expect(() => synthesize({ applications: [configMap(undefined)] })).toThrow(
      'synth: application "shop": ConfigMap config has no metadata.namespace; set it explicitly',
    );
  });

  it('refuses the reserved name, duplicate names and builders that return a foreign chart', () => {
    expect(() => synthesize({ applications: [{ ...configMap('shop'), name: 'apps' }] })).toThrow(
      /reserved for the app of apps/,
    );
    expect(() => synthesize({ applications: [configMap('shop'), configMap('shop')] })).toThrow(/registered twice/);
    const foreign = entry('foreign', () => new Chart(new App(), 'elsewhere'));
    expect(() => synthesize({ applications: [foreign] })).toThrow(/must return a Chart created under scope/);
  });
});
