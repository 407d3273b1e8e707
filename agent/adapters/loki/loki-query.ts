/**
 * The LogQuery port over Loki's `GET /loki/api/v1/query_range` (streams result, newest first),
 * with the response envelope validated by zod. Aborts with the caller's signal.
 */
import { z } from 'zod';
import { LogQueryError, type LogLine, type LogQuery } from '../../ports/log-query.js';

const ResponseSchema = z.object({
  status: z.string(),
  data: z.object({
    resultType: z.string(),
    result: z.array(
      z.object({ stream: z.record(z.string(), z.string()), values: z.array(z.tuple([z.string(), z.string()])) }),
    ),
  }),
});

export interface LokiQueryOptions {
  /** Base URL, e.g. http://loki.monitoring:3100 */
  readonly url: string;
  /** X-Scope-OrgID for multi-tenant Loki (optional). */
  readonly tenant?: string;
}

const nanoseconds = (date: Date) => `${BigInt(date.getTime()) * 1_000_000n}`;

export function createLokiQuery(options: LokiQueryOptions): LogQuery {
  const endpoint = `${options.url.replace(/\/+$/, '')}/loki/api/v1/query_range`;
  return {
    async range(query, window, signal): Promise<readonly LogLine[]> {
      const url = `${endpoint}?${new URLSearchParams({
        query,
        start: nanoseconds(window.start),
        end: nanoseconds(window.end),
        limit: String(window.limit),
        direction: 'backward',
      }).toString()}`;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { accept: 'application/json', ...(options.tenant ? { 'X-Scope-OrgID': options.tenant } : {}) },
          signal,
        });
      } catch (error) {
        throw new LogQueryError(
          signal.aborted ? 'timeout' : 'unreachable',
          query,
          error instanceof Error ? error.message : String(error),
          { cause: error },
        );
      }
      if (response.status === 400) throw new LogQueryError('bad-query', query, (await response.text()).slice(0, 300));
      if (!response.ok) throw new LogQueryError('http-error', query, `HTTP ${response.status}`);
      const parsed = ResponseSchema.safeParse(await response.json().catch(() => null));
      if (!parsed.success) throw new LogQueryError('invalid-response', query, 'unexpected body shape');
      if (parsed.data.data.resultType !== 'streams')
        throw new LogQueryError('invalid-response', query, `expected streams, got ${parsed.data.data.resultType}`);
      return parsed.data.data.result
        .flatMap((stream) =>
          stream.values.map(([timestamp, line]) => ({
            at: new Date(Number(BigInt(timestamp) / 1_000_000n)).toISOString(),
            line,
            labels: stream.stream,
          })),
        )
        .sort((left, right) => right.at.localeCompare(left.at))
        .slice(0, window.limit);
    },
  };
}
