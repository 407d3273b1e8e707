/** The LogQuery port: Loki range queries for error lines, bounded by the caller's limits and signal. */

export interface LogLine {
  /** ISO timestamp. */
  readonly at: string;
  readonly line: string;
  readonly labels: Readonly<Record<string, string>>;
}

export class LogQueryError extends Error {
  override readonly name = 'LogQueryError';
  constructor(
    readonly code: 'timeout' | 'unreachable' | 'bad-query' | 'http-error' | 'invalid-response',
    readonly query: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`LogQL ${code}: ${message} (query: ${query.slice(0, 200)})`, options);
  }
}

export interface LogQuery {
  /** Lines matching `query` between start and end, newest first, at most `limit`. */
  range(
    query: string,
    window: { start: Date; end: Date; limit: number },
    signal: AbortSignal,
  ): Promise<readonly LogLine[]>;
}
