import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AppOfApps, RESTART_ANNOTATION_POINTER, type AppOfAppsProps } from './app-of-apps.js';

const chart = () => new Chart(new App(), 'test', { disableResourceNameHashes: true });
const props: AppOfAppsProps = {
  applications: [
    {
      name: 'shop',
      namespace: 'shop',
      description: 'Shop',
      syncWave: 10,
      path: 'dist/shop',
      agentManagedDeployments: [{ name: 'web', namespace: 'shop' }],
    },
    { name: 'rules', namespace: 'shop', description: 'Rules', syncWave: 20, path: 'dist/rules' },
  ],
  namespacedResources: [
    { group: 'apps', kind: 'Deployment' },
    { group: '', kind: 'Service' },
    { group: 'apps', kind: 'Deployment' },
  ],
  clusterResources: [{ group: '', kind: 'Namespace' }],
  repoUrl: 'https://git.example/fork.git',
  targetRevision: 'v1.2.3',
};

describe('AppOfApps', () => {
  const scope = chart();
  new AppOfApps(scope, 'apps', props);
  const [project, shop, rules] = Testing.synth(scope);

  it('restricts the project to the given repo, namespaces and kinds (deduplicated)', () => {
    expect(project.spec.sourceRepos).toEqual(['https://git.example/fork.git']);
    expect(project.spec.destinations).toEqual([{ namespace: 'shop', server: 'https://kubernetes.default.svc' }]);
    expect(project.spec.namespaceResourceWhitelist).toEqual([
      { group: '', kind: 'Service' },
      { group: 'apps', kind: 'Deployment' },
    ]);
    expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
  });

  it('syncs each Application automatically at its wave from the given revision', () => {
    expect(shop.metadata.annotations['argocd.argoproj.io/sync-wave']).toBe('10');
    expect(shop.spec.source).toEqual({
      repoURL: 'https://git.example/fork.git',
      targetRevision: 'v1.2.3',
      path: 'dist/shop',
    });
    expect(shop.spec.syncPolicy.syncOptions).toEqual(
      expect.arrayContaining(['ServerSideApply=true', 'RespectIgnoreDifferences=true']),
    );
  });

  it('ignores replicas and the restart annotation only on agent-managed Deployments', () => {
    expect(RESTART_ANNOTATION_POINTER).toBe('/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt');
    expect(shop.spec.ignoreDifferences).toEqual([
      {
        group: 'apps',
        kind: 'Deployment',
        name: 'web',
        namespace: 'shop',
        jsonPointers: ['/spec/replicas', RESTART_ANNOTATION_POINTER],
      },
    ]);
    expect(rules.spec.ignoreDifferences).toBeUndefined();
  });

  it.each([
    [{ repoUrl: 'ftp://x' }, /repoUrl.*"ftp:\/\/x".*Git URL/],
    [{ targetRevision: 'main branch' }, /targetRevision/],
    [{ applications: [] }, /applications\[\]\.name.*at least one/],
    [{ applications: [props.applications[0]!, props.applications[0]!] }, /duplicates/],
    [{ applications: [{ ...props.applications[0]!, path: '../etc' }] }, /path.*without "\.\."/],
    [{ applications: [{ ...props.applications[0]!, syncWave: 1.5 }] }, /syncWave.*integer/],
  ])('refuses bad props %#', (override, message) => {
    expect(() => new AppOfApps(chart(), 'apps', { ...props, ...override })).toThrow(message);
  });
});
