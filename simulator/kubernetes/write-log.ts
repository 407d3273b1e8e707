/**
 * Every write request (POST, PUT, PATCH, DELETE) the simulated API server received, including the
 * ones it rejected, so tests can assert exactly what a client wrote, or that it wrote nothing.
 */

export interface WriteRecord {
  /** 1-based order of arrival. */
  readonly sequence: number;
  /** Simulated time the request arrived (RFC 3339). */
  readonly time: string;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType: string | undefined;
  /** Parsed JSON body (or the raw text when it was not JSON). */
  readonly body: unknown;
  /** HTTP status the simulator answered with (0 when an injected hang never answered). */
  readonly status: number;
}

export class WriteLog {
  private readonly records: WriteRecord[] = [];

  add(record: Omit<WriteRecord, 'sequence'>): void {
    this.records.push({ ...record, sequence: this.records.length + 1 });
  }

  all(): WriteRecord[] {
    return structuredClone(this.records);
  }

  /** Writes that changed state (2xx answers). */
  successful(): WriteRecord[] {
    return this.all().filter((record) => record.status >= 200 && record.status < 300);
  }

  clear(): void {
    this.records.length = 0;
  }
}
