/**
 * A fake Loki HTTP API on 127.0.0.1: `/loki/api/v1/query_range` and `/loki/api/v1/query` for log
 * queries (stream selector plus `|=`, `!=`, `|~`, `!~` line filters; other pipeline stages are
 * ignored), `/loki/api/v1/labels`, `/ready`. Streams come from `push()` and from sources such as
 * `simulatorLogs(cluster)` (every simulated container's current and previous log lines).
 */
import type { SimulatedCluster } from '../kubernetes/index.js';
import { FaultQueue, type ObservabilityFault } from './http-faults.js';
import { sendJson, sendText, startLoopbackServer } from './loopback-server.js';
import { firstSelector, labelsMatch, type ParsedSelector } from './promql-selector.js';
import { re2 } from './re2.js';

export interface LogStream {
  readonly labels: Record<string, string>;
  /** [timestamp in ms, line] pairs. */
  readonly lines: readonly (readonly [number, string])[];
}

/** Streams a source holds that match a selector; `ignoreTimeRange` marks sources on simulated time. */
export interface LogSource {
  readonly ignoreTimeRange: boolean;
  streams(selector: ParsedSelector): LogStream[];
}

export interface FakeLoki {
  readonly url: string;
  push(labels: Record<string, string>, lines: readonly (readonly [number, string])[]): void;
  addSource(source: LogSource): void;
  failNext(fault: ObservabilityFault, times?: number): void;
  requests(): { path: string; params: Record<string, string> }[];
  close(): Promise<void>;
}

const FILTER = /(\|=|!=|\|~|!~)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)/g;

function lineFilters(query: string): ((line: string) => boolean)[] {
  const afterSelector = query.slice(query.indexOf('}') + 1);
  return [...afterSelector.matchAll(FILTER)].map((match) => {
    const raw = match[2] ?? '""';
    const text = raw.startsWith('`') ? raw.slice(1, -1) : (JSON.parse(raw) as string);
    switch (match[1] ?? '') {
      case '|=':
        return (line: string) => line.includes(text);
      case '!=':
        return (line: string) => !line.includes(text);
      case '|~':
        return (line: string) => re2(text, false).test(line);
      case '!~':
      default:
        return (line: string) => !re2(text, false).test(line);
    }
  });
}

/** Loki accepts Unix nanoseconds, Unix seconds (with decimals) or RFC 3339; returns ms. */
export function parseLokiTime(value: string | null, fallback: number): number | undefined {
  if (value === null || value === '') return fallback;
  if (/^\d{16,}$/.test(value)) return Number(BigInt(value) / 1_000_000n);
  const numeric = Number(value);
  if (Number.isFinite(numeric)) return numeric * 1000;
  const parsed = Date.parse(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Every simulated container's log lines (current and previous instance) as Loki streams. */
export function simulatorLogs(cluster: SimulatedCluster): LogSource {
  return {
    ignoreTimeRange: true,
    streams: (selector) => {
      const streams: LogStream[] = [];
      for (const pod of cluster.pods()) {
        for (const container of pod.spec.containers) {
          const labels = {
            namespace: pod.metadata.namespace ?? '',
            pod: pod.metadata.name,
            container: container.name,
            app: pod.metadata.labels?.app ?? '',
            job: `${pod.metadata.namespace ?? ''}/${pod.metadata.labels?.app ?? pod.metadata.name}`,
            node_name: pod.spec.nodeName ?? '',
            stream: 'stdout',
          };
          if (!labelsMatch(selector.matchers, labels)) continue;
          const lines = [
            ...(cluster.podLogs(labels.namespace, pod.metadata.name, container.name, true) ?? []),
            ...(cluster.podLogs(labels.namespace, pod.metadata.name, container.name, false) ?? []),
          ].map((line) => [line.time, line.text] as const);
          if (lines.length > 0) streams.push({ labels, lines });
        }
      }
      return streams;
    },
  };
}

export async function startFakeLoki(
  options: { readonly sources?: readonly LogSource[]; readonly now?: () => number } = {},
): Promise<FakeLoki> {
  const now = options.now ?? (() => Date.now());
  const pushed: LogStream[] = [];
  const sources: LogSource[] = [
    {
      ignoreTimeRange: false,
      streams: (selector) => pushed.filter((stream) => labelsMatch(selector.matchers, stream.labels)),
    },
    ...(options.sources ?? []),
  ];
  const faults = new FaultQueue();
  const recorded: { path: string; params: Record<string, string> }[] = [];
  const badRequest = (message: string) => ({ status: 'error', errorType: 'bad_data', error: message });

  const server = await startLoopbackServer('fake-loki', async (request, response) => {
    if (request.path === '/ready') return sendText(response, 200, 'ready\n');
    if (request.path === '/loki/api/v1/labels') {
      return sendJson(response, 200, {
        status: 'success',
        data: ['app', 'container', 'job', 'namespace', 'node_name', 'pod', 'stream'],
      });
    }
    if (request.path !== '/loki/api/v1/query_range' && request.path !== '/loki/api/v1/query') {
      return sendText(response, 404, '404 page not found\n');
    }
    recorded.push({ path: request.path, params: Object.fromEntries(request.query) });
    if (await faults.apply(response)) return;
    const query = request.query.get('query') ?? '';
    const selector = query.trim().startsWith('{') ? firstSelector(query) : undefined;
    if (selector === undefined || selector.matchers.length === 0) {
      return sendJson(
        response,
        400,
        badRequest(
          `parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will`,
        ),
      );
    }
    const end = parseLokiTime(request.query.get('end') ?? request.query.get('time'), now());
    const start = parseLokiTime(request.query.get('start'), (end ?? now()) - 3_600_000);
    if (start === undefined || end === undefined)
      return sendJson(response, 400, badRequest('could not parse start or end time'));
    const limit = Number(request.query.get('limit') ?? '100');
    if (!Number.isInteger(limit) || limit <= 0)
      return sendJson(response, 400, badRequest('limit must be a positive value'));
    const forward = request.query.get('direction') === 'forward';
    const filters = lineFilters(query);
    const entries: { labels: Record<string, string>; time: number; line: string }[] = [];
    for (const source of sources) {
      for (const stream of source.streams(selector)) {
        for (const [time, line] of stream.lines) {
          if (!source.ignoreTimeRange && (time < start || time > end)) continue;
          if (filters.every((filter) => filter(line))) entries.push({ labels: stream.labels, time, line });
        }
      }
    }
    entries.sort((left, right) => (forward ? left.time - right.time : right.time - left.time));
    const kept = entries.slice(0, limit);
    const streams = new Map<string, { stream: Record<string, string>; values: [string, string][] }>();
    for (const entry of kept) {
      const key = JSON.stringify(Object.entries(entry.labels).sort());
      const stream = streams.get(key) ?? { stream: entry.labels, values: [] };
      stream.values.push([`${BigInt(Math.round(entry.time)) * 1_000_000n}`, entry.line]);
      streams.set(key, stream);
    }
    const bytes = kept.reduce((sum, entry) => sum + entry.line.length, 0);
    return sendJson(response, 200, {
      status: 'success',
      data: {
        resultType: 'streams',
        result: [...streams.values()],
        stats: {
          summary: {
            bytesProcessedPerSecond: bytes * 20,
            linesProcessedPerSecond: entries.length * 20,
            totalBytesProcessed: bytes,
            totalLinesProcessed: entries.length,
            execTime: 0.05,
            queueTime: 0.001,
            subqueries: 0,
            totalEntriesReturned: kept.length,
            splits: 1,
            shards: 1,
          },
        },
      },
    });
  });

  return {
    url: server.url,
    push: (labels, lines) => {
      pushed.push({ labels: { ...labels }, lines: lines.map(([time, line]) => [time, line] as const) });
    },
    addSource: (source) => {
      sources.push(source);
    },
    failNext: (fault, times) => faults.push(fault, times),
    requests: () => structuredClone(recorded),
    close: () => server.close(),
  };
}
