/**
 * Fault injection and healing semantics of the simulator, checked in-process and through the real
 * @kubernetes/client-node: which faults a restart, a rollback or a scale-out heals, and which it does not.
 */
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { RESTART_ANNOTATION } from '../../catalog/action-catalog.js';
import {
  SimulatedCluster,
  makeDeployment,
  startKubernetesSimulator,
  type Deployment,
  type KubernetesSimulator,
} from './index.js';

const NS = 'online-boutique';
const START = Date.parse('2026-03-01T10:00:00Z');

function cluster(options: ConstructorParameters<typeof SimulatedCluster>[0] = {}): SimulatedCluster {
  const created = new SimulatedCluster({ seed: 11, startTime: START, ...options });
  created.applyDeployment(
    makeDeployment({ namespace: NS, name: 'cart', image: 'cart:v1', replicas: 2, maxUnavailable: 0, maxSurge: 1 }),
  );
  created.advance(10);
  return created;
}

function available(target: SimulatedCluster, name = 'cart'): number {
  return target.getDeployment(NS, name).status?.availableReplicas ?? 0;
}

function restart(target: SimulatedCluster, name = 'cart', at = 'now'): void {
  const deployment = target.getDeployment(NS, name);
  const template = structuredClone(deployment.spec.template);
  template.metadata = {
    ...template.metadata,
    annotations: { ...template.metadata?.annotations, [RESTART_ANNOTATION]: at },
  };
  target.applyDeployment({ ...deployment, spec: { ...deployment.spec, template } });
}

function setImage(target: SimulatedCluster, image: string): Deployment {
  const deployment = target.getDeployment(NS, 'cart');
  const template = structuredClone(deployment.spec.template);
  template.spec.containers[0]!.image = image;
  return target.applyDeployment({ ...deployment, spec: { ...deployment.spec, template } });
}

describe('workload faults and healing', () => {
  it('a restart heals a transient crash loop but not a bad image', () => {
    const transient = cluster();
    transient.injectFault({ kind: 'crash-loop', match: { namespace: NS, deployment: 'cart' }, transient: true });
    transient.advance(30);
    expect(available(transient)).toBe(0);
    restart(transient);
    transient.advanceUntil((target) => available(target) === 2, 120, 'restart heals transient fault');

    const bad = cluster();
    bad.injectFault({ kind: 'crash-loop', match: { namespace: NS, image: 'cart:v1' } });
    bad.advance(30);
    restart(bad);
    bad.advance(120);
    expect(available(bad)).toBe(0);
    const status = bad.podsOf(NS, 'cart')[0]?.status?.containerStatuses?.[0];
    expect(status?.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
  });

  it('image pull failures keep new pods Pending in ImagePullBackOff; the old revision stays available', () => {
    const target = cluster();
    target.injectFault({ kind: 'image-pull', match: { namespace: NS, image: 'cart:v2-typo' } });
    setImage(target, 'cart:v2-typo');
    target.advance(60);
    const pending = target.podsOf(NS, 'cart').filter((pod) => pod.spec.containers[0]?.image === 'cart:v2-typo');
    expect(pending).toHaveLength(1);
    expect(pending[0]?.status?.phase).toBe('Pending');
    expect(pending[0]?.status?.containerStatuses?.[0]?.state.waiting?.reason).toMatch(/ImagePullBackOff|ErrImagePull/);
    expect(available(target)).toBe(2);
    const reasons = target
      .events(NS)
      .filter((event) => event.involvedObject.name === pending[0]?.metadata.name)
      .map((event) => event.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Failed', 'BackOff']));
    expect(target.podLogs(NS, pending[0]!.metadata.name, 'server')).toBeUndefined();
  });

  it('a bad rollout reports ProgressDeadlineExceeded', () => {
    const target = new SimulatedCluster({ seed: 2, startTime: START });
    target.applyDeployment(
      makeDeployment({ namespace: NS, name: 'cart', image: 'cart:v1', replicas: 2, progressDeadlineSeconds: 30 }),
    );
    target.advance(10);
    target.injectFault({ kind: 'never-ready', match: { namespace: NS, image: 'cart:v2' } });
    setImage(target, 'cart:v2');
    target.advance(60);
    const progressing = target
      .getDeployment(NS, 'cart')
      .status?.conditions?.find((condition) => condition.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(target.events(NS).some((event) => event.reason === 'Unhealthy')).toBe(true);
  });

  it('a memory leak is OOMKilled repeatedly and reported on the node', () => {
    const target = cluster();
    target.injectFault({ kind: 'memory-leak', match: { namespace: NS, deployment: 'cart' }, oomAfterSeconds: 20 });
    target.advance(90);
    const statuses = target.podsOf(NS, 'cart').map((pod) => pod.status?.containerStatuses?.[0]);
    expect(statuses.every((status) => (status?.restartCount ?? 0) >= 2)).toBe(true);
    expect(statuses[0]?.lastState.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 });
    expect(target.events().some((event) => event.reason === 'OOMKilling' && event.involvedObject.kind === 'Node')).toBe(
      true,
    );
    const pod = target.podsOf(NS, 'cart')[0]!;
    const previous = target.podLogs(NS, pod.metadata.name, 'server', true) ?? [];
    expect(previous.map((line) => line.text)).toContain(
      'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
    );
  });

  it('scaling out relieves CPU saturation', () => {
    const target = cluster();
    target.injectFault({ kind: 'cpu-saturation', namespace: NS, deployment: 'cart', demandCores: 0.95 });
    expect(target.load(NS, 'cart').saturated).toBe(true);
    const deployment = target.getDeployment(NS, 'cart');
    target.applyDeployment({ ...deployment, spec: { ...deployment.spec, replicas: 4 } });
    target.advanceUntil((current) => available(current) === 4, 60, 'scale-out');
    expect(target.load(NS, 'cart')).toMatchObject({ saturated: false, capacityCores: 2 });
  });

  it('a killed pod is replaced by its ReplicaSet', () => {
    const target = cluster();
    const victim = target.podsOf(NS, 'cart')[0]!.metadata.name;
    target.killPod(NS, victim);
    expect(target.podsOf(NS, 'cart').map((pod) => pod.metadata.name)).not.toContain(victim);
    expect(target.podsOf(NS, 'cart')).toHaveLength(2);
    target.advanceUntil((current) => available(current) === 2, 30, 'replacement ready');
    expect(target.events(NS).some((event) => event.reason === 'Killing' && event.involvedObject.name === victim)).toBe(
      true,
    );
  });

  it('a NotReady node makes its pods unready, then evicts them to another node', () => {
    const target = cluster({ nodes: ['node-a', 'node-b'], timings: { nodeEvictionSeconds: 30 } });
    const onA = target.podsOf(NS, 'cart').filter((pod) => pod.spec.nodeName === 'node-a');
    expect(onA.length).toBeGreaterThan(0);
    target.injectFault({ kind: 'node-not-ready', node: 'node-a' });
    target.advance(5);
    expect(available(target)).toBe(2 - onA.length);
    target.advanceUntil((current) => available(current) === 2, 90, 'pods rescheduled');
    expect(target.podsOf(NS, 'cart').every((pod) => pod.spec.nodeName === 'node-b')).toBe(true);
  });

  it('unschedulable pods stay Pending with FailedScheduling until the fault clears', () => {
    const target = cluster();
    const id = target.injectFault({ kind: 'unschedulable', match: { namespace: NS, deployment: 'cart' } });
    target.killPod(NS, target.podsOf(NS, 'cart')[0]!.metadata.name);
    target.advance(20);
    const pending = target.podsOf(NS, 'cart').filter((pod) => pod.spec.nodeName === undefined);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.status?.conditions?.[0]).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
    });
    const failed = target.events(NS).find((event) => event.reason === 'FailedScheduling');
    expect(failed?.count).toBeGreaterThan(1);
    target.clearFault(id);
    target.advanceUntil((current) => available(current) === 2, 30, 'scheduled after fault cleared');
  });

  it('expires events after the event TTL', () => {
    const target = cluster({ timings: { eventTtlSeconds: 120 } });
    const startup = target.events(NS).length;
    expect(startup).toBeGreaterThan(0);
    target.advance(200);
    expect(target.events(NS)).toHaveLength(0);
    target.killPod(NS, target.podsOf(NS, 'cart')[0]!.metadata.name);
    expect(target.events(NS).some((event) => event.reason === 'Killing')).toBe(true);
  });

  it('rejects faults that would hit a whole namespace by accident', () => {
    const target = cluster();
    expect(() => target.injectFault({ kind: 'crash-loop', match: { namespace: NS } })).toThrow(
      /deployment or an image/,
    );
    expect(() =>
      target.injectFault({ kind: 'memory-leak', match: { namespace: NS, deployment: 'cart' }, oomAfterSeconds: 0 }),
    ).toThrow(/oomAfterSeconds/);
  });
});

describe('API surface through the real client', () => {
  let simulator: KubernetesSimulator | undefined;
  afterEach(async () => {
    await simulator?.close();
    simulator = undefined;
  });

  async function start(options: Parameters<typeof startKubernetesSimulator>[0] = {}) {
    simulator = await startKubernetesSimulator({ seed: 5, startTime: START, ...options });
    simulator.cluster.applyDeployment(makeDeployment({ namespace: NS, name: 'cart', image: 'cart:v1', replicas: 2 }));
    simulator.cluster.advance(10);
    const config = new KubeConfig();
    config.loadFromString(simulator.kubeConfigYaml());
    return { apps: config.makeApiClient(AppsV1Api), core: config.makeApiClient(CoreV1Api), config, simulator };
  }

  it('serves events by involvedObject field selector, pod logs with tailLines, and nodes', async () => {
    const { core, simulator: sim } = await start();
    const pod = sim.cluster.podsOf(NS, 'cart')[0]!.metadata.name;
    const events = await core.listNamespacedEvent({
      namespace: NS,
      fieldSelector: `involvedObject.name=${pod},involvedObject.namespace=${NS}`,
    });
    expect(events.items.map((event) => event.reason)).toEqual(
      expect.arrayContaining(['Scheduled', 'Pulled', 'Created', 'Started']),
    );
    expect(events.items.every((event) => event.involvedObject.name === pod)).toBe(true);
    sim.cluster.appendLog(NS, pod, 'server', 'line three');
    const log = await core.readNamespacedPodLog({ namespace: NS, name: pod, container: 'server', tailLines: 1 });
    expect(log).toBe('line three\n');
    await expect(
      core.readNamespacedPodLog({ namespace: NS, name: pod, container: 'server', previous: true }),
    ).rejects.toMatchObject({ code: 400 });
    const nodes = await core.listNode();
    expect(nodes.items[0]?.status?.conditions?.find((condition) => condition.type === 'Ready')?.status).toBe('True');
    await expect(core.readNamespacedPod({ namespace: NS, name: 'nope' })).rejects.toMatchObject({ code: 404 });
  });

  it('enforces the authorization hook with 403 and answers SelfSubjectAccessReview from it', async () => {
    const { apps, config } = await start({
      authorize: ({ verb, resource }) => !(verb === 'patch' && resource === 'deployments'),
    });
    await expect(
      apps.patchNamespacedDeployment({
        namespace: NS,
        name: 'cart',
        body: [{ op: 'replace', path: '/spec/replicas', value: 3 }],
      }),
    ).rejects.toMatchObject({ code: 403 });
    const { AuthorizationV1Api } = await import('@kubernetes/client-node');
    const review = await config.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { group: 'apps', resource: 'deployments', verb: 'patch', namespace: NS } } },
    });
    expect(review.status?.allowed).toBe(false);
  });

  it('leases: update with optimistic concurrency; create refused unless allowed', async () => {
    const { config, simulator: sim } = await start();
    const { CoordinationV1Api } = await import('@kubernetes/client-node');
    const leases = config.makeApiClient(CoordinationV1Api);
    const body = { metadata: { name: 'leader', namespace: 'ai4all-sre' }, spec: { leaseDurationSeconds: 15 } };
    await expect(leases.createNamespacedLease({ namespace: 'ai4all-sre', body })).rejects.toMatchObject({ code: 403 });
    sim.setLeaseCreateAllowed(true);
    const created = await leases.createNamespacedLease({ namespace: 'ai4all-sre', body });
    const mine = { ...created, spec: { ...created.spec, holderIdentity: 'replica-a' } };
    await leases.replaceNamespacedLease({ namespace: 'ai4all-sre', name: 'leader', body: mine });
    await expect(
      leases.replaceNamespacedLease({
        namespace: 'ai4all-sre',
        name: 'leader',
        body: { ...created, spec: { ...created.spec, holderIdentity: 'replica-b' } },
      }),
    ).rejects.toMatchObject({ code: 409 });
    expect(sim.cluster.store.get('leases', 'ai4all-sre', 'leader').spec.holderIdentity).toBe('replica-a');
  });

  it('rejects invalid writes: selector mismatch (422) and an unknown patch type (415)', async () => {
    const { apps, simulator: sim } = await start();
    await expect(
      apps.patchNamespacedDeployment({
        namespace: NS,
        name: 'cart',
        body: [{ op: 'replace', path: '/spec/template/metadata/labels/app', value: 'other' }],
      }),
    ).rejects.toMatchObject({ code: 422 });
    const response = await fetch(`${sim.url}/apis/apps/v1/namespaces/${NS}/deployments/cart`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/yaml' },
      body: '{}',
    });
    expect(response.status).toBe(415);
    expect((await response.json()) as { kind: string; reason: string }).toMatchObject({
      kind: 'Status',
      reason: 'UnsupportedMediaType',
    });
  });

  it('streams watch events the client Watch understands', async () => {
    const { config, simulator: sim } = await start();
    const { Watch } = await import('@kubernetes/client-node');
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      void new Watch(config)
        .watch(
          `/apis/apps/v1/namespaces/${NS}/deployments`,
          {},
          (type: string, object: { metadata?: { name?: string } }) => {
            seen.push(`${type}:${object.metadata?.name}`);
            if (type === 'MODIFIED') resolve();
          },
          () => undefined,
        )
        .then((controller) => {
          setTimeout(() => {
            const deployment = sim.cluster.getDeployment(NS, 'cart');
            sim.cluster.applyDeployment({ ...deployment, spec: { ...deployment.spec, replicas: 3 } });
          }, 20);
          void done.then(() => controller.abort());
        });
    });
    await done;
    expect(seen[0]).toBe('ADDED:cart');
    expect(seen).toContain('MODIFIED:cart');
  });

  it('runs controllers on a real-time clock with a speed factor', async () => {
    const { apps } = await start({ clock: { mode: 'realtime', speed: 40, tickMilliseconds: 20 } });
    await apps.patchNamespacedDeployment({
      namespace: NS,
      name: 'cart',
      body: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
    });
    let availableReplicas = 0;
    for (let attempt = 0; attempt < 100 && availableReplicas !== 4; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      availableReplicas =
        (await apps.readNamespacedDeployment({ namespace: NS, name: 'cart' })).status?.availableReplicas ?? 0;
    }
    expect(availableReplicas).toBe(4);
    expect(simulator?.controllerErrors()).toEqual([]);
  });

  it('injected delays and conflicts reach the client', async () => {
    const { apps, simulator: sim } = await start();
    sim.cluster.injectFault({
      kind: 'api',
      method: 'PATCH',
      path: /\/deployments\/cart$/,
      times: 1,
      response: { type: 'conflict' },
    });
    const patch = { namespace: NS, name: 'cart', body: [{ op: 'replace', path: '/spec/replicas', value: 3 }] };
    await expect(apps.patchNamespacedDeployment(patch)).rejects.toMatchObject({ code: 409 });
    sim.cluster.injectFault({
      kind: 'api',
      path: '/apis/apps/v1/namespaces',
      times: 1,
      response: { type: 'delay', milliseconds: 50 },
    });
    const patched = await apps.patchNamespacedDeployment(patch);
    expect(patched.spec?.replicas).toBe(3);
    expect(sim.cluster.writeLog.successful()).toHaveLength(1);
  });
});
