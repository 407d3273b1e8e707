/**
 * A fake Prometheus HTTP API on 127.0.0.1: `/api/v1/query` and `/api/v1/query_range` (GET or form
 * POST) with the real response envelopes, `/api/v1/status/buildinfo`, `/-/ready` and `/-/healthy`.
 * Answers come from explicit series set by the test, then from resolvers (for example
 * `simulatorMetrics(cluster)`); an unknown query returns an empty result, as a real server does for
 * a selector that matches nothing.
 */
import { prometheusFixture } from './fixtures.js';
import { FaultQueue, type ObservabilityFault } from './http-faults.js';
import { sendJson, sendText, startLoopbackServer } from './loopback-server.js';
import type { QueryResolver, Sample } from './simulator-metrics.js';

export interface FakePrometheusOptions {
  readonly resolvers?: readonly QueryResolver[];
  /** Evaluation time when a query has no `time` (seconds; default real time). */
  readonly now?: () => number;
}

export interface RecordedQuery {
  readonly path: string;
  readonly query: string;
  readonly params: Record<string, string>;
}

export interface FakePrometheus {
  readonly url: string;
  /** Answers `query` (exact text or pattern) with these samples, or a function of evaluation time. */
  set(query: string | RegExp, samples: readonly Sample[] | ((time: number) => readonly Sample[])): void;
  /** Removes every explicit series. */
  reset(): void;
  addResolver(resolver: QueryResolver): void;
  failNext(fault: ObservabilityFault, times?: number): void;
  requests(): RecordedQuery[];
  close(): Promise<void>;
}

const MAX_POINTS = 11_000;

/** Prometheus accepts RFC 3339 or Unix seconds (with decimals). */
export function parsePromTime(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  const numeric = Number(value);
  if (Number.isFinite(numeric)) return numeric;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed / 1000 : undefined;
}

/** Prometheus durations: `15s`, `1m`, `1h30m`, or a plain number of seconds. */
export function parsePromDuration(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const numeric = Number(value);
  if (Number.isFinite(numeric)) return numeric;
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
  let total = 0;
  let consumed = '';
  for (const match of value.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    total += Number(match[1]) * (units[match[2] ?? 's'] ?? 1);
    consumed += match[0];
  }
  return consumed === value && total > 0 ? total : undefined;
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

function badData(message: string) {
  return { status: 'error', errorType: 'bad_data', error: message };
}

export async function startFakePrometheus(options: FakePrometheusOptions = {}): Promise<FakePrometheus> {
  const now = options.now ?? (() => Date.now() / 1000);
  const explicit: { query: string | RegExp; samples: (time: number) => readonly Sample[] }[] = [];
  const resolvers: QueryResolver[] = [...(options.resolvers ?? [])];
  const faults = new FaultQueue();
  const recorded: RecordedQuery[] = [];

  const evaluate = (query: string, time: number): readonly Sample[] => {
    const set = explicit.find((entry) =>
      typeof entry.query === 'string' ? entry.query === query : entry.query.test(query),
    );
    if (set !== undefined) return set.samples(time);
    for (const resolver of resolvers) {
      const answer = resolver(query, time);
      if (answer !== undefined) return answer;
    }
    return [];
  };

  const server = await startLoopbackServer('fake-prometheus', async (request, response) => {
    if (request.path === '/-/ready') return sendText(response, 200, 'Prometheus Server is Ready.\n');
    if (request.path === '/-/healthy') return sendText(response, 200, 'Prometheus Server is Healthy.\n');
    if (request.path === '/api/v1/status/buildinfo') return sendJson(response, 200, prometheusFixture('buildinfo'));
    const isQuery = request.path === '/api/v1/query';
    const isRange = request.path === '/api/v1/query_range';
    if (!isQuery && !isRange) return sendText(response, 404, '404 page not found\n');
    if (request.method !== 'GET' && request.method !== 'POST') {
      return sendJson(response, 405, badData(`method ${request.method} not allowed`));
    }
    const query = request.query.get('query') ?? '';
    recorded.push({ path: request.path, query, params: Object.fromEntries(request.query) });
    if (await faults.apply(response)) return;
    if (query.trim() === '') {
      return sendJson(
        response,
        400,
        badData('invalid parameter "query": 1:1: parse error: no expression found in input'),
      );
    }
    if (isQuery) {
      const time = parsePromTime(request.query.get('time'), now());
      if (time === undefined)
        return sendJson(
          response,
          400,
          badData(`invalid parameter "time": cannot parse "${request.query.get('time')}" to a valid timestamp`),
        );
      const result = evaluate(query, time).map((sample) => ({
        metric: sample.metric,
        value: [time, formatValue(sample.value)],
      }));
      return sendJson(response, 200, { status: 'success', data: { resultType: 'vector', result } });
    }
    const start = parsePromTime(request.query.get('start'), Number.NaN);
    const end = parsePromTime(request.query.get('end'), Number.NaN);
    const step = parsePromDuration(request.query.get('step'));
    if (start === undefined || !Number.isFinite(start))
      return sendJson(response, 400, badData('invalid parameter "start": cannot parse "" to a valid timestamp'));
    if (end === undefined || !Number.isFinite(end))
      return sendJson(response, 400, badData('invalid parameter "end": cannot parse "" to a valid timestamp'));
    if (end < start)
      return sendJson(response, 400, badData('invalid parameter "end": end timestamp must not be before start time'));
    if (step === undefined)
      return sendJson(
        response,
        400,
        badData(
          'invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer',
        ),
      );
    if ((end - start) / step > MAX_POINTS) {
      return sendJson(
        response,
        400,
        badData(
          'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
        ),
      );
    }
    const series = new Map<string, { metric: Record<string, string>; values: [number, string][] }>();
    for (let time = start; time <= end; time += step) {
      for (const sample of evaluate(query, time)) {
        const key = JSON.stringify(Object.entries(sample.metric).sort());
        const entry = series.get(key) ?? { metric: sample.metric, values: [] };
        entry.values.push([time, formatValue(sample.value)]);
        series.set(key, entry);
      }
    }
    return sendJson(response, 200, { status: 'success', data: { resultType: 'matrix', result: [...series.values()] } });
  });

  return {
    url: server.url,
    set: (query, samples) => {
      const index = explicit.findIndex((entry) => String(entry.query) === String(query));
      const entry = { query, samples: typeof samples === 'function' ? samples : () => samples };
      if (index >= 0) explicit[index] = entry;
      else explicit.push(entry);
    },
    reset: () => {
      explicit.length = 0;
    },
    addResolver: (resolver) => {
      resolvers.push(resolver);
    },
    failNext: (fault, times) => faults.push(fault, times),
    requests: () => structuredClone(recorded),
    close: () => server.close(),
  };
}
