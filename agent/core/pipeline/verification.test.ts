/**
 * Verification without PromQL: the workload's health over a stable period, or sooner once
 * Alertmanager's resolved notification has arrived while the workload is healthy — never on the
 * notification alone.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { alert, deploy, NAMESPACE, startHarness, type Harness } from './test-harness.js';
import { verifyRecovery } from './verification.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const settings = {
  settleMilliseconds: 0,
  windowMilliseconds: 300_000,
  intervalMilliseconds: 10_000,
  stableMilliseconds: 240_000,
  queryTimeoutMilliseconds: 2_000,
};
const target = { namespace: NAMESPACE, kind: 'Deployment' as const, name: 'cartservice' };

describe('verification without Prometheus', () => {
  it('passes early on the resolved notification once the workload is healthy', async () => {
    deploy(harness, 'cartservice', 'cartservice:v1', 2);
    let asked = 0;
    const started = harness.clock.now().getTime();
    const result = await verifyRecovery(
      { cluster: harness.cluster, metricsQuery: null, clock: harness.clock, alertsResolved: () => ++asked >= 3 },
      [alert({ alertname: 'DeploymentOOMKilled', namespace: NAMESPACE, deployment: 'cartservice' })],
      target,
      settings,
    );
    expect(result).toMatchObject({ outcome: 'passed', method: 'resolved-notification' });
    expect(harness.clock.now().getTime() - started).toBeLessThan(settings.stableMilliseconds);
  });

  it('does not pass on the notification while the workload is unhealthy', async () => {
    deploy(harness, 'cartservice', 'cartservice:v1', 2);
    harness.simulator.cluster.injectFault({
      kind: 'crash-loop',
      match: { namespace: NAMESPACE, deployment: 'cartservice' },
    });
    harness.simulator.cluster.advance(60);
    const result = await verifyRecovery(
      { cluster: harness.cluster, metricsQuery: null, clock: harness.clock, alertsResolved: () => true },
      [alert({ alertname: 'DeploymentOOMKilled', namespace: NAMESPACE, deployment: 'cartservice' })],
      target,
      settings,
    );
    expect(result).toMatchObject({ outcome: 'failed', method: 'workload-health' });
  });

  it('without a notification, needs the full stable period of health', async () => {
    deploy(harness, 'cartservice', 'cartservice:v1', 2);
    const started = harness.clock.now().getTime();
    const result = await verifyRecovery(
      { cluster: harness.cluster, metricsQuery: null, clock: harness.clock },
      [alert({ alertname: 'DeploymentOOMKilled', namespace: NAMESPACE, deployment: 'cartservice' })],
      target,
      settings,
    );
    expect(result).toMatchObject({ outcome: 'passed', method: 'workload-health' });
    expect(harness.clock.now().getTime() - started).toBeGreaterThanOrEqual(settings.stableMilliseconds);
  });
});
