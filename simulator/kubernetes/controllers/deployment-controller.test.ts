/**
 * The deployment controller's rollout invariants, checked at every simulated step: never more pods
 * than replicas + maxSurge, never fewer available than replicas - maxUnavailable, and Recreate stops
 * every old pod before starting new ones.
 */
import { describe, expect, it } from 'vitest';
import { REVISION_ANNOTATION } from '../../../catalog/action-catalog.js';
import { SimulatedCluster } from '../cluster.js';
import { makeDeployment, type DeploymentSpecInput } from '../manifests.js';

const NS = 'shop';

function rollout(
  input: Partial<DeploymentSpecInput>,
  check: (cluster: SimulatedCluster, step: number) => void,
): SimulatedCluster {
  const cluster = new SimulatedCluster({ seed: 9, startTime: Date.parse('2026-03-01T10:00:00Z') });
  cluster.applyDeployment(makeDeployment({ namespace: NS, name: 'web', image: 'web:1', replicas: 4, ...input }));
  cluster.advance(20);
  const deployment = cluster.getDeployment(NS, 'web');
  const template = structuredClone(deployment.spec.template);
  template.spec.containers[0]!.image = 'web:2';
  cluster.applyDeployment({ ...deployment, spec: { ...deployment.spec, template } });
  for (let step = 0; step < 240; step += 1) {
    cluster.tick();
    check(cluster, step);
  }
  return cluster;
}

function images(cluster: SimulatedCluster): string[] {
  return cluster.podsOf(NS, 'web').map((pod) => pod.spec.containers[0]?.image ?? '');
}

function availablePods(cluster: SimulatedCluster): number {
  return cluster
    .podsOf(NS, 'web')
    .filter((pod) =>
      pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True'),
    ).length;
}

describe('rolling update invariants', () => {
  it.each([
    { maxSurge: 1, maxUnavailable: 0 },
    { maxSurge: 0, maxUnavailable: 1 },
    { maxSurge: '50%', maxUnavailable: '25%' },
  ])('maxSurge $maxSurge, maxUnavailable $maxUnavailable', ({ maxSurge, maxUnavailable }) => {
    const surge = typeof maxSurge === 'number' ? maxSurge : 2;
    const unavailable = typeof maxUnavailable === 'number' ? maxUnavailable : 1;
    let sawMixed = false;
    const cluster = rollout({ maxSurge, maxUnavailable }, (current, step) => {
      expect(current.podsOf(NS, 'web').length, `step ${step}`).toBeLessThanOrEqual(4 + surge);
      expect(availablePods(current), `step ${step}`).toBeGreaterThanOrEqual(4 - unavailable);
      if (new Set(images(current)).size > 1) sawMixed = true;
    });
    expect(sawMixed).toBe(true);
    expect(images(cluster)).toEqual(['web:2', 'web:2', 'web:2', 'web:2']);
    const status = cluster.getDeployment(NS, 'web').status;
    expect(status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4, unavailableReplicas: 0 });
    expect(
      cluster.replicaSets(NS, 'web').map((set) => [set.metadata.annotations?.[REVISION_ANNOTATION], set.spec.replicas]),
    ).toEqual([
      ['1', 0],
      ['2', 4],
    ]);
  });
});

describe('Recreate', () => {
  it('never runs old and new pods together', () => {
    const cluster = rollout({ strategy: 'Recreate' }, (current, step) => {
      expect(new Set(images(current)).size, `step ${step}`).toBeLessThanOrEqual(1);
    });
    expect(images(cluster)).toEqual(['web:2', 'web:2', 'web:2', 'web:2']);
  });
});

describe('revision history', () => {
  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const cluster = new SimulatedCluster({ seed: 1, startTime: Date.parse('2026-03-01T10:00:00Z') });
    cluster.applyDeployment(
      makeDeployment({ namespace: NS, name: 'web', image: 'web:0', replicas: 1, revisionHistoryLimit: 2 }),
    );
    for (let version = 1; version <= 5; version += 1) {
      const deployment = cluster.getDeployment(NS, 'web');
      const template = structuredClone(deployment.spec.template);
      template.spec.containers[0]!.image = `web:${version}`;
      cluster.applyDeployment({ ...deployment, spec: { ...deployment.spec, template } });
      cluster.advance(30);
    }
    expect(cluster.replicaSets(NS, 'web').map((set) => set.metadata.annotations?.[REVISION_ANNOTATION])).toEqual([
      '4',
      '5',
      '6',
    ]);
  });
});
