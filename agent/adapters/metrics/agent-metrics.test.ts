import { describe, expect, it } from 'vitest';
import { AGENT_METRICS, exposedMetricNames } from '../../../catalog/agent-metrics.js';
import { createAgentMetrics } from './agent-metrics.js';

/** Metric names in Prometheus text exposition (sample lines, not comments). */
function sampleNames(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .filter((line) => line.length > 0 && !line.startsWith('#'))
      .map((line) => line.split(/[{ ]/)[0]!),
  );
}

describe('agent metrics', () => {
  it('registers exactly the catalog metrics, no more, no fewer', () => {
    const metrics = createAgentMetrics();
    const registered = metrics.registry.getMetricsAsArray().map((metric) => metric.name);
    expect(registered.sort()).toEqual(
      Object.values(AGENT_METRICS)
        .map((metric) => metric.name)
        .sort(),
    );
  });

  it('exposes exactly exposedMetricNames() once every labelled series has a sample', async () => {
    const metrics = createAgentMetrics();
    metrics.alertsReceived.inc({ status: 'firing', disposition: 'handled' });
    metrics.incidents.inc({ outcome: 'resolved' });
    metrics.actions.inc({ type: 'restart', result: 'applied' });
    metrics.guardrailDenials.inc({ reason: 'namespace-not-allowlisted' });
    metrics.timeToRecover.observe({ action: 'restart' }, 12);
    metrics.modelLatency.observe({ role: 'director', result: 'ok' }, 0.4);
    metrics.modelFailures.inc({ role: 'director', reason: 'timeout' });
    metrics.modelCallsPerIncident.observe({ path: 'decisive' }, 1);
    metrics.unauthorizedRequests.inc({ route: 'webhook' });
    metrics.journalRecordsLost.inc({ reason: 'corrupt' });
    metrics.queueDepth.set(3);
    const names = sampleNames(await metrics.registry.metrics());
    expect([...names].sort()).toEqual([...exposedMetricNames()].sort());
  });

  it('uses the catalog labels and buckets', async () => {
    const metrics = createAgentMetrics();
    metrics.timeToRecover.observe({ action: 'scale' }, 7);
    const text = await metrics.registry.metrics();
    for (const bucket of AGENT_METRICS.timeToRecover.buckets) {
      expect(text).toContain(`${AGENT_METRICS.timeToRecover.name}_bucket{le="${bucket}",action="scale"}`);
    }
  });

  it('gives each instance its own registry', () => {
    const first = createAgentMetrics();
    const second = createAgentMetrics();
    first.queueDepth.set(5);
    expect(first.registry).not.toBe(second.registry);
  });
});
