/**
 * The MetricsQuery port over the Prometheus HTTP API (`POST /api/v1/query`, form-encoded), with
 * the response envelope validated by zod. Aborts with the caller's signal.
 */
import { z } from 'zod';
import { MetricsQueryError, type MetricSample, type MetricsQuery } from '../../ports/metrics-query.js';

const SampleValue = z.tuple([z.number(), z.string()]);
const ResponseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('success'),
    data: z.discriminatedUnion('resultType', [
      z.object({
        resultType: z.literal('vector'),
        result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: SampleValue })),
      }),
      z.object({ resultType: z.literal('scalar'), result: SampleValue }),
      z.object({ resultType: z.literal('matrix'), result: z.array(z.unknown()) }),
      z.object({ resultType: z.literal('string'), result: z.unknown() }),
    ]),
  }),
  z.object({ status: z.literal('error'), errorType: z.string().optional(), error: z.string().optional() }),
]);

export interface PrometheusQueryOptions {
  /** Base URL, e.g. http://prometheus.monitoring:9090 */
  readonly url: string;
}

export function createPrometheusQuery(options: PrometheusQueryOptions): MetricsQuery {
  const endpoint = `${options.url.replace(/\/+$/, '')}/api/v1/query`;
  return {
    async instant(query: string, signal: AbortSignal): Promise<readonly MetricSample[]> {
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ query }).toString(),
          signal,
        });
      } catch (error) {
        throw new MetricsQueryError(
          signal.aborted ? 'timeout' : 'unreachable',
          query,
          error instanceof Error ? error.message : String(error),
          { cause: error },
        );
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        throw new MetricsQueryError('invalid-response', query, `HTTP ${response.status}, body is not JSON`, {
          cause: error,
        });
      }
      const parsed = ResponseSchema.safeParse(json);
      if (!parsed.success)
        throw new MetricsQueryError('invalid-response', query, `HTTP ${response.status}, unexpected body shape`);
      const body = parsed.data;
      if (body.status === 'error') {
        throw new MetricsQueryError(
          body.errorType === 'bad_data' ? 'bad-query' : 'http-error',
          query,
          `HTTP ${response.status}: ${body.errorType ?? ''} ${body.error ?? ''}`.trim(),
        );
      }
      switch (body.data.resultType) {
        case 'vector':
          return body.data.result.map((sample) => ({ labels: sample.metric, value: Number(sample.value[1]) }));
        case 'scalar':
          return [{ labels: {}, value: Number(body.data.result[1]) }];
        case 'matrix':
        case 'string':
          throw new MetricsQueryError(
            'invalid-response',
            query,
            `expected an instant vector, got ${body.data.resultType}`,
          );
      }
    },
  };
}
