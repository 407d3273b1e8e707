/**
 * The fake Prometheus and Loki servers over loopback HTTP, answering from the Kubernetes simulator:
 * alert expressions clear when the workload heals, saturation shows as latency until scaled out,
 * crash logs are searchable with LogQL line filters; plus the APIs' error envelopes and faults.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorLinesQuery, evidenceQueries } from '../../agent/core/evidence/promql-queries.js';
import { SimulatedCluster, makeDeployment } from '../kubernetes/index.js';
import {
  simulatorLogs,
  simulatorMetrics,
  startFakeLoki,
  startFakePrometheus,
  type FakeLoki,
  type FakePrometheus,
} from './index.js';

const NS = 'online-boutique';
let cluster: SimulatedCluster;
let prometheus: FakePrometheus;
let loki: FakeLoki;

async function promQuery(query: string): Promise<{
  status: string;
  data: { resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] };
}> {
  const response = await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent(query)}`);
  expect(response.headers.get('content-type')).toContain('application/json');
  return (await response.json()) as never;
}

beforeEach(async () => {
  cluster = new SimulatedCluster({ seed: 3, startTime: Date.parse('2026-03-01T10:00:00Z') });
  cluster.applyDeployment(
    makeDeployment({ namespace: NS, name: 'frontend', image: 'frontend:v1', replicas: 2, cpu: '500m' }),
  );
  cluster.applyDeployment(makeDeployment({ namespace: NS, name: 'cartservice', image: 'cart:v1', replicas: 2 }));
  cluster.advance(10);
  prometheus = await startFakePrometheus({ resolvers: [simulatorMetrics(cluster)] });
  loki = await startFakeLoki({ sources: [simulatorLogs(cluster)] });
});

afterEach(async () => {
  await prometheus.close();
  await loki.close();
});

describe('fake Prometheus', () => {
  it('evaluates an unavailable-replicas alert expression against simulated state', async () => {
    const expr = `kube_deployment_status_replicas_unavailable{namespace="${NS}",deployment="cartservice"} > 0`;
    expect((await promQuery(expr)).data.result).toEqual([]);
    cluster.injectFault({ kind: 'crash-loop', match: { namespace: NS, deployment: 'cartservice' }, transient: true });
    cluster.advance(20);
    const firing = await promQuery(expr);
    expect(firing.status).toBe('success');
    expect(firing.data.resultType).toBe('vector');
    expect(firing.data.result).toHaveLength(1);
    expect(firing.data.result[0]?.metric).toMatchObject({ namespace: NS, deployment: 'cartservice' });
    expect(Number(firing.data.result[0]?.value[1])).toBe(2);
    const restarts = await promQuery(
      `kube_pod_container_status_restarts_total{namespace="${NS}",pod=~"cartservice-.*"}`,
    );
    expect(restarts.data.result.every((sample) => Number(sample.value[1]) >= 1)).toBe(true);
  });

  it('reports saturation as latency until the Deployment is scaled out', async () => {
    const latency = `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="${NS}",deployment="frontend"}[5m]))) > 1`;
    expect((await promQuery(latency)).data.result).toEqual([]);
    cluster.injectFault({ kind: 'cpu-saturation', namespace: NS, deployment: 'frontend', demandCores: 1.2 });
    const saturated = await promQuery(latency);
    expect(Number(saturated.data.result[0]?.value[1])).toBeGreaterThan(1);
    const deployment = cluster.getDeployment(NS, 'frontend');
    cluster.applyDeployment({ ...deployment, spec: { ...deployment.spec, replicas: 4 } });
    cluster.advance(10);
    expect((await promQuery(latency)).data.result).toEqual([]);
  });

  it('serves query_range matrices, explicit series, the error envelope and injected faults', async () => {
    prometheus.set('up{job="frontend"}', (time) => [{ metric: { job: 'frontend' }, value: time % 120 === 0 ? 1 : 0 }]);
    const range = (await (
      await fetch(
        `${prometheus.url}/api/v1/query_range?query=${encodeURIComponent('up{job="frontend"}')}&start=1772359200&end=1772359800&step=60s`,
      )
    ).json()) as { data: { resultType: string; result: { values: [number, string][] }[] } };
    expect(range.data.resultType).toBe('matrix');
    expect(range.data.result[0]?.values).toHaveLength(11);
    expect(range.data.result[0]?.values[0]).toEqual([1772359200, '1']);

    const empty = await fetch(`${prometheus.url}/api/v1/query?query=`);
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ status: 'error', errorType: 'bad_data' });

    prometheus.failNext({ type: 'error', status: 503 }, 1);
    const unavailable = await fetch(`${prometheus.url}/api/v1/query?query=up`);
    expect(unavailable.status).toBe(503);
    expect((await fetch(`${prometheus.url}/api/v1/query?query=up`)).status).toBe(200);
    const form = await fetch(`${prometheus.url}/api/v1/query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: 'kube_deployment_spec_replicas{deployment="frontend"}' }),
    });
    expect(((await form.json()) as { data: { result: { value: [number, string] }[] } }).data.result[0]?.value[1]).toBe(
      '2',
    );
    expect(prometheus.requests().map((request) => request.query)).toContain(
      'kube_deployment_spec_replicas{deployment="frontend"}',
    );
  });
});

describe('the agent evidence queries against simulated state', () => {
  const target = { namespace: NS, kind: 'Deployment' as const, name: 'cartservice' };
  const queries = Object.fromEntries(evidenceQueries(target).map((entry) => [entry.name, entry.query]));
  const single = async (name: string) => {
    const result = (await promQuery(queries[name] ?? '')).data.result;
    expect(result, name).toHaveLength(1);
    expect(result[0]?.metric, name).toEqual({});
    return Number(result[0]?.value[1]);
  };

  it('answers every evidence query it can derive with one aggregated sample', async () => {
    expect(Object.keys(queries)).toEqual([
      'cpu-cores',
      'memory-bytes',
      'restarts',
      'cpu-throttled-ratio',
      'hpa-targets',
      'latency-p99-seconds',
      'error-ratio',
    ]);
    expect(await single('cpu-cores')).toBeGreaterThan(0);
    expect(await single('memory-bytes')).toBeGreaterThan(30 * 1024 * 1024);
    expect(await single('restarts')).toBe(0);
    expect(await single('latency-p99-seconds')).toBeLessThan(0.5);
    expect(await single('error-ratio')).toBe(0);
    // Not derived from simulated state (eval answers them per scenario): an empty result, like Prometheus.
    for (const name of ['cpu-throttled-ratio', 'hpa-targets'])
      expect((await promQuery(queries[name] ?? '')).data.result, name).toEqual([]);
  });

  it('shows a dependency outage as errors on a healthy victim, in metrics and logs', async () => {
    cluster.injectFault({ kind: 'error-rate', namespace: NS, deployment: 'cartservice', ratio: 0.4 });
    cluster.advance(30);
    expect(await single('error-ratio')).toBeCloseTo(0.4, 5);
    expect(await single('restarts')).toBe(0);
    const logs = (await (
      await fetch(`${loki.url}/loki/api/v1/query_range?query=${encodeURIComponent(errorLinesQuery(target))}`)
    ).json()) as {
      data: { result: { values: [string, string][] }[] };
    };
    const lines = logs.data.result.flatMap((stream) => stream.values.map(([, line]) => line));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => /error|refused|timeout/i.test(line))).toBe(true);
  });

  it('shows a memory leak as working-set growth towards the limit', async () => {
    const steady = await single('memory-bytes');
    expect(steady).toBeCloseTo(0.35 * 128 * 1024 * 1024, -3);
    cluster.injectFault({
      kind: 'memory-leak',
      match: { namespace: NS, deployment: 'cartservice' },
      oomAfterSeconds: 100,
    });
    const deployment = cluster.getDeployment(NS, 'cartservice');
    const template = structuredClone(deployment.spec.template);
    template.metadata = { ...template.metadata, annotations: { restarted: 'now' } };
    cluster.applyDeployment({ ...deployment, spec: { ...deployment.spec, template } });
    cluster.advance(80);
    expect(await single('memory-bytes')).toBeGreaterThan(0.8 * 128 * 1024 * 1024);
  });

  it('counts restarts of a crash-looping workload', async () => {
    cluster.injectFault({ kind: 'crash-loop', match: { namespace: NS, deployment: 'cartservice' } });
    cluster.advance(60);
    expect(await single('restarts')).toBeGreaterThanOrEqual(4);
    expect(await single('error-ratio')).toBe(1);
  });
});

describe('fake Loki', () => {
  async function lokiRange(
    query: string,
    extra = '',
  ): Promise<{
    status: string;
    data: { resultType: string; result: { stream: Record<string, string>; values: [string, string][] }[] };
  }> {
    return (await (
      await fetch(`${loki.url}/loki/api/v1/query_range?query=${encodeURIComponent(query)}${extra}`)
    ).json()) as never;
  }

  it('finds crash lines of simulated containers with line filters and honours limit', async () => {
    cluster.injectFault({
      kind: 'crash-loop',
      match: { namespace: NS, deployment: 'cartservice' },
      logLines: ['level=error msg="redis: connection refused"', 'level=fatal msg="exiting"'],
    });
    const deployment = cluster.getDeployment(NS, 'cartservice');
    cluster.applyDeployment({
      ...deployment,
      spec: {
        ...deployment.spec,
        template: {
          ...deployment.spec.template,
          metadata: { ...deployment.spec.template.metadata, annotations: { rev: '2' } },
        },
      },
    });
    cluster.advance(40);
    const errors = await lokiRange(`{namespace="${NS}", app="cartservice"} |= "redis" != "debug"`);
    expect(errors.status).toBe('success');
    expect(errors.data.resultType).toBe('streams');
    const lines = errors.data.result.flatMap((stream) => stream.values.map(([, line]) => line));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.includes('redis'))).toBe(true);
    expect(errors.data.result[0]?.stream).toMatchObject({ namespace: NS, app: 'cartservice', container: 'server' });
    expect(errors.data.result[0]?.values[0]?.[0]).toMatch(/^\d{19}$/);
    const limited = await lokiRange(`{namespace="${NS}"}`, '&limit=3');
    expect(limited.data.result.flatMap((stream) => stream.values)).toHaveLength(3);
    const frontend = await lokiRange(`{namespace="${NS}", app="frontend"} |~ "redis|exiting"`);
    expect(frontend.data.result).toEqual([]);
  });

  it('applies the time range to pushed streams and rejects selector-less queries', async () => {
    loki.push({ namespace: 'x', app: 'y' }, [
      [Date.parse('2026-03-01T09:00:00Z'), 'old line'],
      [Date.parse('2026-03-01T10:00:00Z'), 'new line'],
    ]);
    const start = BigInt(Date.parse('2026-03-01T09:30:00Z')) * 1_000_000n;
    const end = BigInt(Date.parse('2026-03-01T10:30:00Z')) * 1_000_000n;
    const result = await lokiRange('{namespace="x"}', `&start=${start}&end=${end}`);
    expect(result.data.result.flatMap((stream) => stream.values.map(([, line]) => line))).toEqual(['new line']);
    const bad = await fetch(`${loki.url}/loki/api/v1/query_range?query=${encodeURIComponent('"error"')}`);
    expect(bad.status).toBe(400);
    loki.failNext({ type: 'error', status: 500 });
    expect(
      (await fetch(`${loki.url}/loki/api/v1/query_range?query=${encodeURIComponent('{namespace="x"}')}`)).status,
    ).toBe(500);
  });
});
