/**
 * A small closed-loop HTTP load generator on loopback: `connections` keep-alive sockets, each
 * sending its next request when the previous answer arrived. Records latency per request and the
 * status codes; a 503 can be retried (as Alertmanager does) after `retryDelayMilliseconds`.
 */
import { Agent, request } from 'node:http';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly requests: number;
  /** Body of request number `index`. */
  readonly body: (index: number) => string;
  readonly headers?: Record<string, string>;
  /** Retry 503 answers (counted separately) instead of counting them as final. */
  readonly retry503?: boolean;
  readonly retryDelayMilliseconds?: number;
  /** Called with each final response body (for checking dispositions). */
  readonly onResponse?: (index: number, status: number, body: string) => void;
}

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly latencyMilliseconds: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly statuses: Readonly<Record<number, number>>;
  readonly retries: number;
  readonly errors: number;
}

export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function send(agent: Agent, url: URL, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  let retries = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const worker = async () => {
    while (next < options.requests) {
      const index = next++;
      const body = options.body(index);
      for (;;) {
        const begin = process.hrtime.bigint();
        try {
          const response = await send(agent, url, body, options.headers ?? {});
          latencies.push(Number(process.hrtime.bigint() - begin) / 1e6);
          if (response.status === 503 && options.retry503) {
            retries += 1;
            await new Promise((resolve) => setTimeout(resolve, options.retryDelayMilliseconds ?? 50));
            continue;
          }
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          options.onResponse?.(index, response.status, response.body);
        } catch {
          errors += 1;
        }
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  const sorted = latencies.sort((left, right) => left - right);
  return {
    requests: options.requests,
    seconds,
    requestsPerSecond: options.requests / seconds,
    latencyMilliseconds: {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted.at(-1) ?? Number.NaN,
    },
    statuses,
    retries,
    errors,
  };
}
