/**
 * The Kubernetes adapter against the simulator with the real client, authorized with exactly the
 * permissions the action catalog grants (what the agent's RBAC is generated from).
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ACTION_CATALOG,
  DIAGNOSIS_READS,
  RESTART_ANNOTATION,
  type PermissionRule,
} from '../../../catalog/action-catalog.js';
import { ClusterError, type Cluster } from '../../ports/cluster.js';
import {
  makeDeployment,
  startKubernetesSimulator,
  type KubernetesSimulator,
} from '../../../simulator/kubernetes/index.js';
import { withoutHash } from '../../core/pipeline/change-plan.js';
import { createKubernetesCluster } from './kubernetes-cluster.js';

const NAMESPACE = 'shop';
const cart = { namespace: NAMESPACE, kind: 'Deployment' as const, name: 'cart' };
const GRANTED: readonly PermissionRule[] = [
  ...DIAGNOSIS_READS,
  ...Object.values(ACTION_CATALOG).flatMap((action) => [...action.writes, ...action.reads]),
];

let simulator: KubernetesSimulator;
let cluster: Cluster;
const denied: string[] = [];

beforeEach(async () => {
  denied.length = 0;
  simulator = await startKubernetesSimulator({
    seed: 11,
    authorize: (request) => {
      const resource = request.subresource ? `${request.resource}/${request.subresource}` : request.resource;
      const allowed = GRANTED.some(
        (rule) =>
          rule.apiGroup === request.group &&
          rule.resource === resource &&
          (rule.verbs as readonly string[]).includes(request.verb),
      );
      if (!allowed) denied.push(`${request.verb} ${request.group}/${resource}`);
      return allowed;
    },
  });
  simulator.cluster.applyDeployment(
    makeDeployment({ namespace: NAMESPACE, name: 'cart', image: 'cart:v1', replicas: 2 }),
  );
  simulator.cluster.advance(30);
  simulator.cluster.applyDeployment(
    makeDeployment({ namespace: NAMESPACE, name: 'cart', image: 'cart:v2', replicas: 2 }),
  );
  simulator.cluster.advance(60);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(simulator.kubeConfigYaml());
  cluster = createKubernetesCluster(kubeConfig, { requestTimeoutMilliseconds: 1000 });
});
afterEach(() => simulator.close());

/** Paths (dot-separated) a merge-patch or JSON-patch body sets, ignoring the resourceVersion precondition. */
function touchedPaths(body: unknown): string[] {
  if (Array.isArray(body)) {
    return (body as { path: string }[])
      .map((operation) => operation.path.slice(1).replaceAll('/', '.'))
      .filter((path) => path !== 'metadata.resourceVersion');
  }
  const paths: string[] = [];
  const walk = (value: unknown, prefix: string) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(child, prefix ? `${prefix}.${key}` : key);
    } else if (prefix !== 'metadata' && prefix !== 'metadata.resourceVersion') paths.push(prefix);
  };
  walk(body, '');
  return paths;
}

describe('Kubernetes adapter', () => {
  it('reads what evidence needs with read-only permissions', async () => {
    const deployment = await cluster.getDeployment(cart);
    expect(deployment).toMatchObject({ replicas: 2, revision: 2, images: ['cart:v2'], restartAnnotation: null });
    const sets = await cluster.listReplicaSets(cart);
    expect(sets.map((set) => set.revision).sort()).toEqual([1, 2]);
    const pods = await cluster.listPods(cart, deployment.selector);
    expect(pods).toHaveLength(2);
    expect(await cluster.resolvePodOwner(NAMESPACE, pods[0]!.name)).toEqual(cart);
    const events = await cluster.listEvents(NAMESPACE, [cart.name], 10);
    expect(events.some((event) => event.reason === 'ScalingReplicaSet')).toBe(true);
    expect(typeof (await cluster.readPodLog(NAMESPACE, pods[0]!.name, { tailLines: 5, limitBytes: 1000 }))).toBe(
      'string',
    );
    expect(denied).toEqual([]);
  });

  it('writes only the catalog paths, with the permissions the catalog grants', async () => {
    let deployment = await cluster.getDeployment(cart);
    await cluster.setRestartAnnotation(cart, '2026-11-24T10:00:00Z', deployment.resourceVersion);
    deployment = await cluster.getDeployment(cart);
    expect(deployment.restartAnnotation).toBe('2026-11-24T10:00:00Z');
    await cluster.setRestartAnnotation(cart, null, deployment.resourceVersion);
    expect((await cluster.getDeployment(cart)).restartAnnotation).toBeNull();
    deployment = await cluster.getDeployment(cart);
    const scaled = await cluster.scaleDeployment(cart, 3, deployment.resourceVersion);
    expect(scaled.generation).toBeGreaterThan(deployment.generation);
    const previous = (await cluster.listReplicaSets(cart)).find((set) => set.revision === 1)!;
    deployment = await cluster.getDeployment(cart);
    await cluster.setPodTemplate(cart, withoutHash(previous.template), deployment.resourceVersion);
    simulator.cluster.advance(60);
    expect((await cluster.getDeployment(cart)).images).toEqual(['cart:v1']);

    expect(denied).toEqual([]);
    const mutable = new Set(Object.values(ACTION_CATALOG).flatMap((action) => action.mutablePaths));
    const writes = simulator.cluster.writes();
    expect(writes.length).toBe(4);
    for (const write of writes) {
      expect(write.method).toBe('PATCH');
      expect(write.path).toMatch(/^\/apis\/apps\/v1\/namespaces\/shop\/deployments\/cart(\/scale)?$/);
      for (const path of touchedPaths(write.body)) {
        const allowed = [...mutable].some(
          (prefix) =>
            path === prefix ||
            path.startsWith(`${prefix}.`) ||
            prefix.startsWith(`${path}.`) ||
            (prefix === `spec.template.metadata.annotations.${RESTART_ANNOTATION}` && path === prefix),
        );
        expect(allowed, `${write.path} touched ${path}`).toBe(true);
      }
    }
  });

  it('maps API failures to typed errors with stable codes', async () => {
    await expect(cluster.getDeployment({ ...cart, name: 'ghost' })).rejects.toMatchObject({
      code: 'not-found',
      operation: 'getDeployment',
    });
    const deployment = await cluster.getDeployment(cart);
    await cluster.scaleDeployment(cart, 2, deployment.resourceVersion).catch(() => undefined);
    await expect(cluster.setRestartAnnotation(cart, 'x', deployment.resourceVersion)).rejects.toMatchObject({
      code: 'conflict',
    });
    simulator.cluster.injectFault({
      kind: 'api',
      path: '/apis/apps/v1/namespaces/shop/deployments/cart',
      times: 1,
      response: { type: 'error', status: 503 },
    });
    await expect(cluster.getDeployment(cart)).rejects.toMatchObject({ code: 'unavailable', status: 503 });
    simulator.cluster.injectFault({
      kind: 'api',
      path: '/apis/apps/v1/namespaces/shop/deployments/cart',
      times: 1,
      response: { type: 'hang' },
    });
    const error: unknown = await cluster.getDeployment(cart).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ClusterError);
    expect(error).toMatchObject({ code: 'timeout' });
    await expect(cluster.listPods({ ...cart, namespace: 'kube-system' }, { app: 'x' })).resolves.toEqual([]);
    await expect(cluster.readPodLog(NAMESPACE, 'nope', { tailLines: 1, limitBytes: 10 })).rejects.toMatchObject({
      code: 'not-found',
    });
    await expect(cluster.scaleDeployment(cart, -1)).rejects.toMatchObject({ code: 'invalid' });
  });

  it('refuses what RBAC does not grant (forbidden)', async () => {
    const kubeConfig = new KubeConfig();
    const locked = await startKubernetesSimulator({ seed: 1, authorize: () => false });
    try {
      kubeConfig.loadFromString(locked.kubeConfigYaml());
      await expect(createKubernetesCluster(kubeConfig).getDeployment(cart)).rejects.toMatchObject({
        code: 'forbidden',
        status: 403,
      });
    } finally {
      await locked.close();
    }
  });
});
