/** The MetricsQuery port: instant PromQL queries (Prometheus HTTP API), bounded by the caller's signal. */

export interface MetricSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export class MetricsQueryError extends Error {
  override readonly name = 'MetricsQueryError';
  constructor(
    readonly code: 'timeout' | 'unreachable' | 'bad-query' | 'http-error' | 'invalid-response',
    readonly query: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`PromQL ${code}: ${message} (query: ${query.slice(0, 200)})`, options);
  }
}

export interface MetricsQuery {
  /** Instant vector query; scalars come back as one sample without labels. */
  instant(query: string, signal: AbortSignal): Promise<readonly MetricSample[]>;
}
