/**
 * Contract between the simulator and the agent's real Kubernetes adapter (agent/adapters/kubernetes):
 * each catalog write and its exact undo behave as on a real cluster, preconditions on resourceVersion
 * turn into conflicts, and reads return what the controllers produced.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REVISION_ANNOTATION } from '../../catalog/action-catalog.js';
import { createKubernetesCluster } from '../../agent/adapters/kubernetes/kubernetes-cluster.js';
import type { WorkloadRef } from '../../agent/domain/workload.js';
import type { Cluster } from '../../agent/ports/cluster.js';
import { makeDeployment, startKubernetesSimulator, type KubernetesSimulator } from './index.js';

const NS = 'online-boutique';
const ref: WorkloadRef = { namespace: NS, kind: 'Deployment', name: 'cartservice' };
let simulator: KubernetesSimulator;
let cluster: Cluster;

function settled(): boolean {
  const deployment = simulator.cluster.getDeployment(NS, 'cartservice');
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

function revisions(): string[] {
  return simulator.cluster
    .replicaSets(NS, 'cartservice')
    .map((set) => set.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
}

beforeEach(async () => {
  simulator = await startKubernetesSimulator({ seed: 21, startTime: Date.parse('2026-03-01T10:00:00Z') });
  simulator.cluster.applyDeployment(
    makeDeployment({
      namespace: NS,
      name: 'cartservice',
      image: 'cartservice:v0.10.4',
      replicas: 2,
      maxUnavailable: 0,
      maxSurge: 1,
    }),
  );
  simulator.cluster.advanceUntil(settled, 60, 'initial rollout');
  const config = new KubeConfig();
  config.loadFromString(simulator.kubeConfigYaml());
  cluster = createKubernetesCluster(config, { requestTimeoutMilliseconds: 2_000 });
});

afterEach(async () => {
  await simulator.close();
});

describe('the agent Kubernetes adapter against the simulator', () => {
  it('restart then undo (annotation removed) returns to the first ReplicaSet, as on a real cluster', async () => {
    const before = await cluster.getDeployment(ref);
    await cluster.setRestartAnnotation(ref, '2026-03-01T10:05:00Z', before.resourceVersion);
    simulator.cluster.advanceUntil(settled, 60, 'restart rollout');
    expect(revisions()).toEqual(['1', '2']);
    const restarted = await cluster.getDeployment(ref);
    expect(restarted.restartAnnotation).toBe('2026-03-01T10:05:00Z');
    await cluster.setRestartAnnotation(ref, null, restarted.resourceVersion);
    simulator.cluster.advanceUntil(settled, 60, 'undo rollout');
    const undone = await cluster.getDeployment(ref);
    expect(undone.restartAnnotation).toBeNull();
    expect(undone.template).toEqual(before.template);
    // The first ReplicaSet is reused with a new revision; no third ReplicaSet appears.
    expect(revisions()).toEqual(['2', '3']);
    expect(simulator.cluster.replicaSets(NS, 'cartservice')).toHaveLength(2);
  });

  it('scale through the subresource, with a stale resourceVersion refused as a conflict', async () => {
    const before = await cluster.getDeployment(ref);
    const result = await cluster.scaleDeployment(ref, 4, before.resourceVersion);
    expect(result.generation).toBe(before.generation + 1);
    simulator.cluster.advanceUntil(settled, 60, 'scale-out');
    expect((await cluster.listPods(ref, before.selector)).filter((pod) => pod.ready)).toHaveLength(4);
    await expect(cluster.scaleDeployment(ref, 2, before.resourceVersion)).rejects.toMatchObject({
      code: 'conflict',
      status: 409,
    });
    expect(simulator.cluster.getDeployment(NS, 'cartservice').spec.replicas).toBe(4);
  });

  it('rollback: setPodTemplate to the previous revision heals a bad release; a stale precondition is a conflict', async () => {
    simulator.cluster.injectFault({ kind: 'crash-loop', match: { namespace: NS, image: 'cartservice:v0.10.5' } });
    const deployment = simulator.cluster.getDeployment(NS, 'cartservice');
    const template = structuredClone(deployment.spec.template);
    template.spec.containers[0]!.image = 'cartservice:v0.10.5';
    simulator.cluster.applyDeployment({ ...deployment, spec: { ...deployment.spec, template } });
    simulator.cluster.advance(60);

    const current = await cluster.getDeployment(ref);
    expect(current.status.availableReplicas).toBe(2);
    expect(current.status.updatedReplicas).toBe(1);
    const pods = await cluster.listPods(ref, current.selector);
    const crashing = pods.find((pod) => pod.containers[0]?.image === 'cartservice:v0.10.5');
    expect(crashing?.containers[0]).toMatchObject({ lastTerminationReason: 'Error', ready: false });
    const log = await cluster.readPodLog(NS, crashing!.name, { tailLines: 5, limitBytes: 4096, previous: true });
    expect(log).toContain('exiting');
    expect(await cluster.resolvePodOwner(NS, crashing!.name)).toEqual(ref);
    const events = await cluster.listEvents(NS, [crashing!.name], 20);
    expect(events.map((event) => event.reason)).toContain('BackOff');

    const sets = await cluster.listReplicaSets(ref);
    const previous = sets.find((set) => set.revision === 1)!;
    const { ['pod-template-hash']: _hash, ...labels } = (
      previous.template.metadata as { labels: Record<string, string> }
    ).labels;
    const rollbackTemplate = { ...previous.template, metadata: { ...(previous.template.metadata as object), labels } };
    await expect(
      cluster.setPodTemplate(ref, rollbackTemplate, String(Number(current.resourceVersion) - 1)),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await cluster.setPodTemplate(ref, rollbackTemplate, current.resourceVersion);
    simulator.cluster.advanceUntil(settled, 60, 'rollback');
    const healed = await cluster.getDeployment(ref);
    expect(healed.images).toEqual(['cartservice:v0.10.4']);
    expect(healed.revision).toBe(3);
    const writes = simulator.cluster.writeLog.successful();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'PATCH', contentType: 'application/json-patch+json' });
  });

  it('injected API failures and hangs surface as typed, bounded errors', async () => {
    simulator.cluster.injectFault({
      kind: 'api',
      path: `/apis/apps/v1/namespaces/${NS}/deployments/cartservice`,
      times: 1,
      response: { type: 'error', status: 500 },
    });
    await expect(cluster.getDeployment(ref)).rejects.toMatchObject({ code: 'unavailable', status: 500 });
    simulator.cluster.injectFault({
      kind: 'api',
      method: 'PATCH',
      path: /deployments\/cartservice\/scale$/,
      times: 1,
      response: { type: 'hang' },
    });
    await expect(cluster.scaleDeployment(ref, 3)).rejects.toMatchObject({ code: 'timeout' });
    expect(simulator.cluster.getDeployment(NS, 'cartservice').spec.replicas).toBe(2);
    expect(simulator.cluster.writes().map((write) => write.status)).toEqual([0]);
  });
});
