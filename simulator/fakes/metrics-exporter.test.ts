/**
 * The scrape target the real-monitoring loop points Prometheus at: the simulated cluster under
 * kube-state-metrics, cAdvisor and Linkerd names, with counters that grow with simulated time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedCluster, makeDeployment } from '../kubernetes/index.js';
import { startMetricsExporter, type MetricsExporter } from './metrics-exporter.js';

const NS = 'online-boutique';
let cluster: SimulatedCluster;
let exporter: MetricsExporter;

/** `name{labels} value` lines of one metric, keyed by their label text. */
async function scrape(name: string): Promise<Map<string, number>> {
  const response = await fetch(`${exporter.url}/metrics`);
  expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (match?.[1] === name) samples.set(match[2] ?? '', Number(match[3]));
  }
  return samples;
}

beforeEach(async () => {
  cluster = new SimulatedCluster({ seed: 3, startTime: Date.parse('2026-03-01T10:00:00Z') });
  cluster.applyDeployment(
    makeDeployment({ namespace: NS, name: 'frontend', image: 'frontend:v1', replicas: 2, cpu: '500m' }),
  );
  cluster.advance(30);
  exporter = await startMetricsExporter(cluster);
});

afterEach(async () => {
  await exporter.close();
});

describe('metrics exporter', () => {
  it('maps every pod to its ReplicaSet and every ReplicaSet to its Deployment, as kube-state-metrics does', async () => {
    const pods = await scrape('kube_pod_owner');
    const replicaSets = await scrape('kube_replicaset_owner');
    expect(pods.size).toBe(2);
    for (const labels of pods.keys()) expect(labels).toMatch(/owner_kind="ReplicaSet",owner_name="frontend-/);
    expect([...replicaSets.keys()].join()).toMatch(/owner_kind="Deployment",owner_name="frontend"/);
    expect(exporter.target).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('integrates CPU seconds and Linkerd responses over simulated time (counters only grow)', async () => {
    const before = await scrape('response_total');
    const cpuBefore = [...(await scrape('container_cpu_usage_seconds_total')).values()];
    cluster.advance(60);
    const after = await scrape('response_total');
    const cpuAfter = [...(await scrape('container_cpu_usage_seconds_total')).values()];
    const inbound = [...after.keys()].find((labels) => labels.includes('classification="success"'));
    expect(inbound).toContain('direction="inbound"');
    expect(inbound).toContain('deployment="frontend"');
    expect(after.get(inbound ?? '')).toBeGreaterThan(before.get(inbound ?? '') ?? 0);
    expect(cpuAfter.reduce((a, b) => a + b, 0)).toBeGreaterThan(cpuBefore.reduce((a, b) => a + b, 0));
  });

  it('exposes CPU limits in cores and a waiting reason while a container crash-loops', async () => {
    const limits = await scrape('kube_pod_container_resource_limits');
    expect([...limits.values()]).toEqual([0.5, 0.5]);
    cluster.injectFault({ kind: 'crash-loop', match: { namespace: NS, image: 'frontend:v2' }, exitCode: 1 });
    const next = structuredClone(cluster.getDeployment(NS, 'frontend'));
    const container = next.spec.template.spec.containers[0];
    if (container) container.image = 'frontend:v2';
    cluster.applyDeployment(next);
    cluster.advance(120);
    const waiting = await scrape('kube_pod_container_status_waiting_reason');
    expect([...waiting.keys()].some((labels) => labels.includes('reason="CrashLoopBackOff"'))).toBe(true);
  });
});
