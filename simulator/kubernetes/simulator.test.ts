/**
 * The simulator through the REAL @kubernetes/client-node 2.x over loopback HTTP: rollouts create
 * ReplicaSet revisions, restarts roll pods, scale goes through the subresource, conflicts and injected
 * errors surface as client errors, bad releases never become available, rollback recovers, and every
 * write is recorded.
 */
import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESTART_ANNOTATION, REVISION_ANNOTATION } from '../../catalog/action-catalog.js';
import { makeDeployment, startKubernetesSimulator, type KubernetesSimulator } from './index.js';

const NS = 'shop';
const GOOD = 'registry.example/cart:1.4.2';
const BAD = 'registry.example/cart:1.5.0';

let simulator: KubernetesSimulator;
let apps: AppsV1Api;
let core: CoreV1Api;

function rolledOut(namespace: string, name: string): boolean {
  const deployment = simulator.cluster.getDeployment(namespace, name);
  const want = deployment.spec.replicas ?? 1;
  const status = deployment.status;
  return (
    status !== undefined &&
    status.observedGeneration === deployment.metadata.generation &&
    status.updatedReplicas === want &&
    status.availableReplicas === want &&
    status.replicas === want
  );
}

async function expectApiError(promise: Promise<unknown>, code: number): Promise<ApiException<unknown>> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiException);
  expect((error as ApiException<unknown>).code).toBe(code);
  return error as ApiException<unknown>;
}

beforeEach(async () => {
  simulator = await startKubernetesSimulator({
    seed: 7,
    startTime: Date.parse('2026-03-01T10:00:00Z'),
    token: 'sim-token',
  });
  const config = new KubeConfig();
  config.loadFromString(simulator.kubeConfigYaml());
  apps = config.makeApiClient(AppsV1Api);
  core = config.makeApiClient(CoreV1Api);
  simulator.cluster.applyDeployment(
    makeDeployment({ namespace: NS, name: 'cart', image: GOOD, replicas: 3, maxUnavailable: 0, maxSurge: 1 }),
  );
  simulator.cluster.advanceUntil(() => rolledOut(NS, 'cart'), 120, 'initial rollout');
});

afterEach(async () => {
  await simulator.close();
});

describe('Kubernetes simulator with the real client', () => {
  it('serves a rolled-out Deployment, its ReplicaSet revision and ready pods', async () => {
    const deployment = await apps.readNamespacedDeployment({ namespace: NS, name: 'cart' });
    expect(deployment.status?.availableReplicas).toBe(3);
    expect(deployment.metadata?.annotations?.[REVISION_ANNOTATION]).toBe('1');
    expect(
      deployment.status?.conditions?.map((condition) => [condition.type, condition.status, condition.reason]),
    ).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable'],
      ['Progressing', 'True', 'NewReplicaSetAvailable'],
    ]);
    const replicaSets = await apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: 'app=cart' });
    expect(replicaSets.items).toHaveLength(1);
    const pods = await core.listNamespacedPod({ namespace: NS, labelSelector: 'app=cart' });
    expect(pods.items).toHaveLength(3);
    expect(pods.items.every((pod) => pod.status?.phase === 'Running')).toBe(true);
    expect(pods.items[0]?.metadata?.ownerReferences?.[0]?.name).toBe(replicaSets.items[0]?.metadata?.name);
  });

  it('writes a kubeconfig file the client loads (mode 0600, token included)', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'simulator-'));
    try {
      const path = join(directory, 'kubeconfig');
      await simulator.writeKubeConfig(path);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      const config = new KubeConfig();
      config.loadFromFile(path);
      const list = await config.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: NS });
      expect(list.items.map((item) => item.metadata?.name)).toEqual(['cart']);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('rejects requests without the bearer token', async () => {
    const config = new KubeConfig();
    config.loadFromString(simulator.kubeConfigYaml().replace('sim-token', 'wrong'));
    await expectApiError(config.makeApiClient(AppsV1Api).listNamespacedDeployment({ namespace: NS }), 401);
  });

  it('restart annotation patch (JSON patch, the client default) rolls every pod to a new revision', async () => {
    const before = simulator.cluster.podsOf(NS, 'cart').map((pod) => pod.metadata.name);
    await apps.patchNamespacedDeployment({
      namespace: NS,
      name: 'cart',
      body: [
        {
          op: 'add',
          path: `/spec/template/metadata/annotations`,
          value: { [RESTART_ANNOTATION]: '2026-03-01T10:05:00Z' },
        },
      ],
    });
    simulator.cluster.advanceUntil(() => rolledOut(NS, 'cart'), 120, 'restart rollout');
    const after = simulator.cluster.podsOf(NS, 'cart');
    expect(after).toHaveLength(3);
    expect(after.some((pod) => before.includes(pod.metadata.name))).toBe(false);
    const deployment = await apps.readNamespacedDeployment({ namespace: NS, name: 'cart' });
    expect(deployment.metadata?.generation).toBe(2);
    expect(deployment.status?.observedGeneration).toBe(2);
    expect(deployment.metadata?.annotations?.[REVISION_ANNOTATION]).toBe('2');
    const scaled = simulator.cluster.events(NS).filter((event) => event.reason === 'ScalingReplicaSet');
    expect(scaled.map((event) => event.message)).toContain(
      `Scaled down replica set ${simulator.cluster.replicaSets(NS, 'cart')[0]?.metadata.name} from 1 to 0`,
    );
  });

  it("runs a write's controllers after the reply, yet before anything can observe the cluster", async () => {
    const deployment = simulator.cluster.store.getView('deployments', NS, 'cart');
    simulator.cluster.store.update(
      'deployments',
      {
        ...deployment,
        spec: {
          ...deployment.spec,
          template: {
            ...deployment.spec.template,
            metadata: { labels: { app: 'cart' }, annotations: { [RESTART_ANNOTATION]: 'now' } },
          },
        },
      },
      { bumpGeneration: true },
    );
    simulator.cluster.reconcileSoon();
    // Not yet: the deployment controller has not seen the new template.
    expect(simulator.cluster.store.view('replicasets', NS)).toHaveLength(1);
    // A read helper settles first, in the same tick (no chance for the deferred run to happen).
    expect(simulator.cluster.replicaSets(NS, 'cart')).toHaveLength(2);
    // And the API serves the same state.
    const replicaSets = await apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: 'app=cart' });
    expect(replicaSets.items).toHaveLength(2);
  });

  it('accepts strategic merge and merge patches when the client asks for them', async () => {
    await apps.patchNamespacedDeployment(
      {
        namespace: NS,
        name: 'cart',
        body: { spec: { template: { metadata: { annotations: { [RESTART_ANNOTATION]: 'a' } } } } },
      },
      setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
    );
    await apps.patchNamespacedDeployment(
      { namespace: NS, name: 'cart', body: { metadata: { labels: { team: 'payments' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    const deployment = simulator.cluster.getDeployment(NS, 'cart');
    expect(deployment.spec.template.metadata?.annotations?.[RESTART_ANNOTATION]).toBe('a');
    expect(deployment.spec.template.spec.containers).toHaveLength(1);
    expect(deployment.metadata.labels?.team).toBe('payments');
    expect(simulator.cluster.writes().map((write) => write.contentType)).toEqual([
      'application/strategic-merge-patch+json',
      'application/merge-patch+json',
    ]);
  });

  it('scales through the scale subresource and rejects negative replicas with 422', async () => {
    const scale = await apps.readNamespacedDeploymentScale({ namespace: NS, name: 'cart' });
    expect(scale.spec?.replicas).toBe(3);
    expect(scale.status?.selector).toBe('app=cart');
    await apps.patchNamespacedDeploymentScale({
      namespace: NS,
      name: 'cart',
      body: [{ op: 'replace', path: '/spec/replicas', value: 5 }],
    });
    simulator.cluster.advanceUntil(() => rolledOut(NS, 'cart'), 60, 'scale-out');
    expect(simulator.cluster.podsOf(NS, 'cart')).toHaveLength(5);
    expect(simulator.cluster.replicaSets(NS, 'cart')).toHaveLength(1);
    const error = await expectApiError(
      apps.replaceNamespacedDeploymentScale({
        namespace: NS,
        name: 'cart',
        body: { spec: { replicas: -1 }, metadata: { name: 'cart' } },
      }),
      422,
    );
    expect(String(error.body)).toContain('spec.replicas');
    expect(simulator.cluster.getDeployment(NS, 'cart').spec.replicas).toBe(5);
  });

  it('answers 409 Conflict to a replace with a stale resourceVersion', async () => {
    const stale = await apps.readNamespacedDeployment({ namespace: NS, name: 'cart' });
    await apps.patchNamespacedDeployment({
      namespace: NS,
      name: 'cart',
      body: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
    });
    stale.spec!.replicas = 2;
    const error = await expectApiError(
      apps.replaceNamespacedDeployment({ namespace: NS, name: 'cart', body: stale }),
      409,
    );
    expect(String(error.body)).toContain('the object has been modified');
    expect(simulator.cluster.getDeployment(NS, 'cart').spec.replicas).toBe(4);
  });

  it('surfaces injected 500s as client errors, then recovers', async () => {
    simulator.cluster.injectFault({
      kind: 'api',
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${NS}/deployments/cart`,
      times: 1,
      response: { type: 'error', status: 500 },
    });
    const patch = { namespace: NS, name: 'cart', body: [{ op: 'replace', path: '/spec/replicas', value: 2 }] };
    await expectApiError(apps.patchNamespacedDeployment(patch), 500);
    expect(simulator.cluster.getDeployment(NS, 'cart').spec.replicas).toBe(3);
    await apps.patchNamespacedDeployment(patch);
    expect(simulator.cluster.getDeployment(NS, 'cart').spec.replicas).toBe(2);
    expect(simulator.cluster.writes().map((write) => write.status)).toEqual([500, 200]);
  });

  it('a crash-looping release never becomes available; rollback to the previous template recovers', async () => {
    simulator.cluster.injectFault({ kind: 'crash-loop', match: { namespace: NS, image: BAD } });
    await apps.patchNamespacedDeployment({
      namespace: NS,
      name: 'cart',
      body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: BAD }],
    });
    simulator.cluster.advance(180);
    const stuck = await apps.readNamespacedDeployment({ namespace: NS, name: 'cart' });
    expect(stuck.status?.updatedReplicas).toBe(1);
    expect(stuck.status?.availableReplicas).toBe(3);
    const badPods = simulator.cluster.podsOf(NS, 'cart').filter((pod) => pod.spec.containers[0]?.image === BAD);
    expect(badPods).toHaveLength(1);
    const status = badPods[0]?.status?.containerStatuses?.[0];
    expect(status?.restartCount).toBeGreaterThan(1);
    expect(status?.lastState.terminated?.reason).toBe('Error');
    expect(['CrashLoopBackOff', undefined]).toContain(status?.state.waiting?.reason);
    const logs = await core.readNamespacedPodLog({
      namespace: NS,
      name: badPods[0]!.metadata.name,
      container: 'server',
      previous: true,
      tailLines: 1,
    });
    expect(logs).toContain('exiting');

    // `kubectl rollout undo`: put back the template of the previous revision.
    const replicaSets = await apps.listNamespacedReplicaSet({ namespace: NS, labelSelector: 'app=cart' });
    const previous = replicaSets.items.find((item) => item.metadata?.annotations?.[REVISION_ANNOTATION] === '1');
    const template = structuredClone(previous!.spec!.template!);
    delete template.metadata!.labels!['pod-template-hash'];
    await apps.patchNamespacedDeployment({
      namespace: NS,
      name: 'cart',
      body: [{ op: 'replace', path: '/spec/template', value: template }],
    });
    simulator.cluster.advanceUntil(() => rolledOut(NS, 'cart'), 120, 'rollback');
    const recovered = await apps.readNamespacedDeployment({ namespace: NS, name: 'cart' });
    expect(recovered.metadata?.annotations?.[REVISION_ANNOTATION]).toBe('3');
    expect(simulator.cluster.podsOf(NS, 'cart').every((pod) => pod.spec.containers[0]?.image === GOOD)).toBe(true);
    expect(
      simulator.cluster.replicaSets(NS, 'cart').map((item) => item.metadata.annotations?.[REVISION_ANNOTATION]),
    ).toEqual(['2', '3']);
  });

  it('records every write so a test can prove nothing was written', async () => {
    await apps.readNamespacedDeployment({ namespace: NS, name: 'cart' });
    await core.listNamespacedEvent({ namespace: NS, fieldSelector: 'involvedObject.name=cart' });
    expect(simulator.cluster.writes()).toEqual([]);
    await apps.patchNamespacedDeploymentScale({
      namespace: NS,
      name: 'cart',
      body: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
    });
    const writes = simulator.cluster.writes();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${NS}/deployments/cart/scale`,
      contentType: 'application/json-patch+json',
      body: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
      status: 200,
    });
  });
});
