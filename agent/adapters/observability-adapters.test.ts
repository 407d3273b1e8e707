import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorLinesQuery } from '../core/evidence/promql-queries.js';
import { LogQueryError } from '../ports/log-query.js';
import { MetricsQueryError } from '../ports/metrics-query.js';
import { startFakeLoki, startFakePrometheus, type FakeLoki, type FakePrometheus } from '../../simulator/fakes/index.js';
import { createLokiQuery } from './loki/loki-query.js';
import { createPrometheusQuery } from './prometheus/prometheus-query.js';

const signal = () => AbortSignal.timeout(2000);

describe('Prometheus adapter (fake Prometheus HTTP API)', () => {
  let prometheus: FakePrometheus;
  beforeEach(async () => {
    prometheus = await startFakePrometheus({ now: () => 1_764_000_000 });
  });
  afterEach(() => prometheus.close());

  it('returns instant vector samples with labels and numeric values', async () => {
    prometheus.set('up{job="cart"}', [{ metric: { job: 'cart', instance: 'a' }, value: 1 }]);
    const samples = await createPrometheusQuery({ url: prometheus.url }).instant('up{job="cart"}', signal());
    expect(samples).toEqual([{ labels: { job: 'cart', instance: 'a' }, value: 1 }]);
    expect(prometheus.requests()[0]?.query).toBe('up{job="cart"}');
  });

  it('an expression that matches nothing is an empty result (the cleared alert)', async () => {
    expect(await createPrometheusQuery({ url: prometheus.url }).instant('absent_metric > 0', signal())).toEqual([]);
  });

  it('maps server errors and unreadable bodies to typed errors', async () => {
    const query = createPrometheusQuery({ url: prometheus.url });
    prometheus.failNext({ type: 'error', status: 503 });
    await expect(query.instant('up', signal())).rejects.toBeInstanceOf(MetricsQueryError);
    prometheus.failNext({ type: 'garbage-body' });
    await expect(query.instant('up', signal())).rejects.toMatchObject({ code: 'invalid-response' });
  });

  it('aborts a hanging request with the caller signal', async () => {
    prometheus.failNext({ type: 'hang' });
    await expect(
      createPrometheusQuery({ url: prometheus.url }).instant('up', AbortSignal.timeout(50)),
    ).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('reports unreachable servers', async () => {
    const url = prometheus.url;
    await prometheus.close();
    await expect(createPrometheusQuery({ url }).instant('up', signal())).rejects.toMatchObject({ code: 'unreachable' });
    prometheus = await startFakePrometheus();
  });
});

describe('Loki adapter (fake Loki HTTP API)', () => {
  let loki: FakeLoki;
  beforeEach(async () => {
    loki = await startFakeLoki();
  });
  afterEach(() => loki.close());

  it('returns matching error lines newest first, bounded by the limit', async () => {
    const now = Date.now();
    loki.push({ namespace: 'shop', pod: 'cart-7c9d8b5f4-abcde', container: 'server' }, [
      [now - 3000, 'level=info msg="started"'],
      [now - 2000, 'level=error msg="dial tcp 10.43.0.25:6379: connect: connection refused"'],
      [now - 1000, 'level=error msg="redis timeout"'],
    ]);
    loki.push({ namespace: 'shop', pod: 'checkout-5d4f6-xyz12', container: 'server' }, [
      [now - 500, 'level=error msg="other workload"'],
    ]);
    const lines = await createLokiQuery({ url: loki.url }).range(
      errorLinesQuery({ namespace: 'shop', kind: 'Deployment', name: 'cart' }),
      { start: new Date(now - 60_000), end: new Date(now), limit: 10 },
      signal(),
    );
    expect(lines.map((line) => line.line)).toEqual([
      'level=error msg="redis timeout"',
      'level=error msg="dial tcp 10.43.0.25:6379: connect: connection refused"',
    ]);
    expect(lines[0]?.labels['pod']).toBe('cart-7c9d8b5f4-abcde');
  });

  it('maps failures to typed errors', async () => {
    loki.failNext({ type: 'error', status: 500 });
    await expect(
      createLokiQuery({ url: loki.url }).range(
        '{namespace="shop"}',
        { start: new Date(0), end: new Date(), limit: 5 },
        signal(),
      ),
    ).rejects.toBeInstanceOf(LogQueryError);
  });
});
