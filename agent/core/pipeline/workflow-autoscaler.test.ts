/**
 * The guardrail check reads the HorizontalPodAutoscalers live before a scale (through the real
 * client-node adapter against the API simulator): an HPA on the Deployment, or a refused HPA read,
 * blocks the scale even after a human approved it; without one the same approval scales. Asserts
 * on the simulator's write log and on the incident record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '../../domain/incident.js';
import { ClusterError, type Cluster } from '../../ports/cluster.js';
import { alert, deploy, incidentFor, NAMESPACE, startHarness, type Harness } from './test-harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
  deploy(harness, 'cartservice', 'cartservice:v1', 2);
});
afterEach(async () => {
  await harness.close();
});

const target = { namespace: NAMESPACE, kind: 'Deployment' as const, name: 'cartservice' };

function awaitingScale(): Incident {
  const base = incidentFor([
    alert({ alertname: 'DeploymentCPUSaturated', namespace: NAMESPACE, deployment: 'cartservice' }),
  ]);
  return { ...base, status: 'awaiting-approval', target, action: { type: 'scale', target, replicas: 4 } };
}

const scaleWrites = () => harness.writes().filter((write) => write.path.includes('/deployments/cartservice'));
const reasonsOf = (incident: Incident) => incident.decision?.reasons.map((reason) => reason.code) ?? [];

/** The harness's cluster, except that listing HPAs is refused as RBAC without them would. */
function withoutAutoscalerAccess(cluster: Cluster): Cluster {
  return new Proxy(cluster, {
    get(object, property, receiver) {
      if (property === 'listAutoscalers')
        return () =>
          Promise.reject(new ClusterError('forbidden', 'listAutoscalers', `${NAMESPACE}/cartservice`, 'HTTP 403'));
      const value: unknown = Reflect.get(object, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

describe('a scale meets the HPAs at the guardrails', () => {
  it('an approved scale of a Deployment an HPA owns is blocked and nothing is written', async () => {
    harness.simulator.cluster.applyAutoscaler({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'cart-hpa', namespace: NAMESPACE },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'cartservice' }, maxReplicas: 6 },
    });
    const before = scaleWrites().length;
    const ended = await harness.workflow({ config: { mode: 'approval' } }).approve(awaitingScale(), harness.persist);
    expect(ended.status).toBe('blocked');
    expect(reasonsOf(ended)).toEqual(['autoscaler-owns-replicas']);
    expect(scaleWrites().length).toBe(before);
    expect(harness.simulator.cluster.getDeployment(NAMESPACE, 'cartservice')?.spec?.replicas).toBe(2);
  });

  it('a refused HPA read blocks the scale too (unknown is not "none")', async () => {
    const before = scaleWrites().length;
    const ended = await harness
      .workflow({ cluster: withoutAutoscalerAccess(harness.cluster), config: { mode: 'approval' } })
      .approve(awaitingScale(), harness.persist);
    expect(ended.status).toBe('blocked');
    expect(reasonsOf(ended)).toEqual(['autoscaler-state-unknown']);
    expect(scaleWrites().length).toBe(before);
  });

  it('control: with no HPA the same approval scales to 4', async () => {
    const ended = await harness.workflow({ config: { mode: 'approval' } }).approve(awaitingScale(), harness.persist);
    expect(ended.execution?.appliedAt).not.toBeNull();
    expect(harness.simulator.cluster.getDeployment(NAMESPACE, 'cartservice')?.spec?.replicas).toBe(4);
  });
});
