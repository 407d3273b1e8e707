/**
 * The alert engine over simulated metrics: a crash loop becomes pending, fires after `for`, is
 * delivered as a webhook the agent's schema accepts (with the bearer token), and resolves after a
 * restart; a receiver answering 503 gets the same notification again at the next evaluation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESTART_ANNOTATION } from '../../catalog/action-catalog.js';
import { AlertmanagerPayloadSchema } from '../../agent/core/intake/alertmanager-payload.js';
import { SimulatedCluster, makeDeployment } from '../kubernetes/index.js';
import { AlertEngine } from './alert-engine.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';
import { simulatorMetrics } from './simulator-metrics.js';

const NS = 'online-boutique';
let cluster: SimulatedCluster;
let receiver: LoopbackServer;
let received: { authorization: string | undefined; body: unknown }[];
let answer: number;

beforeEach(async () => {
  cluster = new SimulatedCluster({ seed: 4, startTime: Date.parse('2026-03-01T10:00:00Z') });
  cluster.applyDeployment(makeDeployment({ namespace: NS, name: 'cartservice', image: 'cart:v1', replicas: 2 }));
  cluster.applyDeployment(makeDeployment({ namespace: NS, name: 'frontend', image: 'frontend:v1', replicas: 2 }));
  cluster.advance(10);
  received = [];
  answer = 200;
  receiver = await startLoopbackServer('receiver', (request, response) => {
    received.push({ authorization: request.headers.authorization, body: JSON.parse(request.body) as unknown });
    sendJson(response, answer, { accepted: answer === 200 });
  });
});

afterEach(async () => {
  await receiver.close();
});

function engine(): AlertEngine {
  return new AlertEngine({
    resolver: simulatorMetrics(cluster),
    webhookUrl: `${receiver.url}/webhook/alertmanager`,
    token: 'hook-token',
    rules: [
      {
        alert: 'DeploymentReplicasUnavailable',
        expr: 'kube_deployment_status_replicas_unavailable > 0',
        forSeconds: 60,
        labels: { severity: 'critical' },
        annotations: {
          summary: 'Deployment {{ $labels.namespace }}/{{ $labels.deployment }} has {{ $value }} unavailable replicas.',
        },
      },
    ],
  });
}

async function run(alerts: AlertEngine, seconds: number): Promise<void> {
  for (let elapsed = 0; elapsed < seconds; elapsed += 15) {
    cluster.advance(15);
    await alerts.evaluate(cluster.clock.now());
  }
}

describe('AlertEngine', () => {
  it('fires after `for`, delivers a valid webhook with the token, and resolves after the workload heals', async () => {
    const alerts = engine();
    cluster.injectFault({ kind: 'crash-loop', match: { namespace: NS, deployment: 'cartservice' }, transient: true });
    await run(alerts, 45);
    expect(received).toHaveLength(0);
    await run(alerts, 45);
    expect(received).toHaveLength(1);
    const firing = AlertmanagerPayloadSchema.parse(received[0]?.body);
    expect(received[0]?.authorization).toBe('Bearer hook-token');
    expect(firing.status).toBe('firing');
    expect(firing.alerts).toHaveLength(1);
    expect(firing.alerts[0]?.labels).toMatchObject({
      alertname: 'DeploymentReplicasUnavailable',
      namespace: NS,
      deployment: 'cartservice',
      severity: 'critical',
    });
    expect(firing.alerts[0]?.annotations.summary).toBe(`Deployment ${NS}/cartservice has 2 unavailable replicas.`);
    expect(alerts.firing()).toHaveLength(1);

    await run(alerts, 60);
    expect(received).toHaveLength(1); // unchanged group: no repeat before the repeat interval

    const deployment = cluster.getDeployment(NS, 'cartservice');
    const template = structuredClone(deployment.spec.template);
    template.metadata = { ...template.metadata, annotations: { [RESTART_ANNOTATION]: 'now' } };
    cluster.applyDeployment({ ...deployment, spec: { ...deployment.spec, template } });
    await run(alerts, 60);
    expect(received).toHaveLength(2);
    const resolved = AlertmanagerPayloadSchema.parse(received[1]?.body);
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts[0]?.fingerprint).toBe(firing.alerts[0]?.fingerprint);
    expect(Date.parse(resolved.alerts[0]?.endsAt ?? '')).toBeGreaterThan(
      Date.parse(resolved.alerts[0]?.startsAt ?? ''),
    );
    expect(alerts.firing()).toEqual([]);
  });

  it('retries a notification the receiver refused', async () => {
    const alerts = engine();
    cluster.injectFault({ kind: 'crash-loop', match: { namespace: NS, deployment: 'frontend' } });
    answer = 503;
    await run(alerts, 90);
    const refused = received.length;
    expect(refused).toBeGreaterThanOrEqual(1);
    answer = 200;
    await run(alerts, 15);
    expect(received).toHaveLength(refused + 1);
    await run(alerts, 30);
    expect(received).toHaveLength(refused + 1);
    expect(
      alerts
        .deliveries()
        .map((delivery) => delivery.status)
        .at(-1),
    ).toBe(200);
  });
});
