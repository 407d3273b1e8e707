/**
 * The cluster the other cluster tests rely on behaves like Kubernetes: stamped version, Ready
 * nodes, admission of pods with ServiceAccount tokens, Deployments that roll out, and a bad
 * revision that gets stuck until its template is rolled back.
 */
import { AppsV1Api, CoreV1Api, type KubeConfig, VersionApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CLUSTER_ENV } from '../layout.js';
import { CreatedObjects, eventually, testKubeConfig } from './support/kube.js';
import { Workloads, revisionOf } from './support/workloads.js';

const NAMESPACE = 'ai4all-sre-cluster-check';
const local = process.env[LOCAL_CLUSTER_ENV] === '1';

describe('the cluster under test', () => {
  let config: KubeConfig;
  let tracker: CreatedObjects;
  let workloads: Workloads;

  beforeAll(async () => {
    config = testKubeConfig();
    tracker = new CreatedObjects(config);
    workloads = new Workloads(config);
    await tracker.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
    await eventually(
      `the default ServiceAccount in ${NAMESPACE}`,
      () => config.makeApiClient(CoreV1Api).readNamespacedServiceAccount({ namespace: NAMESPACE, name: 'default' }),
      () => true,
    );
  });

  afterAll(async () => {
    await tracker?.deleteAll();
  });

  it.runIf(local)('reports the version it was built as, and its nodes are kwok nodes that are Ready', async () => {
    const version = await config.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
    const nodes = await config.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.length).toBeGreaterThan(0);
    for (const node of nodes.items) {
      expect(node.metadata?.annotations?.['kwok.x-k8s.io/node']).toBe('fake');
      expect(node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
    }
  });

  it('rolls a Deployment out: scheduled, admitted with a ServiceAccount token, Ready', async () => {
    await workloads.create(NAMESPACE, 'cartservice', 2);
    const pods = await config
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=cartservice' });
    expect(pods.items).toHaveLength(2);
    for (const pod of pods.items) {
      expect(pod.spec?.nodeName).toBeTruthy();
      expect(pod.spec?.serviceAccountName).toBe('default');
      // The ServiceAccount admission plugin mounted a projected token.
      expect(
        pod.spec?.volumes?.some((volume) => volume.projected?.sources?.some((source) => source.serviceAccountToken)),
      ).toBe(true);
      expect(pod.status?.phase).toBe('Running');
    }
  });

  it('gets stuck on a bad revision and completes again once the previous template is restored', async () => {
    const good = await workloads.read(NAMESPACE, 'cartservice');
    const stuck = await workloads.shipBadRevision(NAMESPACE, 'cartservice');
    expect(revisionOf(stuck)).toBe(revisionOf(good) + 1);
    // The old pods keep serving (maxUnavailable 0); the new one never becomes ready.
    expect(stuck.status?.availableReplicas).toBe(2);
    expect(stuck.status?.unavailableReplicas).toBeGreaterThan(0);

    // What `kubectl rollout undo` does: put the previous revision's template back.
    await config.makeApiClient(AppsV1Api).patchNamespacedDeployment({
      namespace: NAMESPACE,
      name: 'cartservice',
      body: [{ op: 'replace', path: '/spec/template', value: good.spec?.template }],
    });
    const restored = await workloads.waitForRollout(NAMESPACE, 'cartservice');
    expect(restored.spec?.template.spec?.containers[0]?.image).toBe(good.spec?.template.spec?.containers[0]?.image);
    expect(revisionOf(restored)).toBe(revisionOf(stuck) + 1);
  });
});
