/**
 * The alert ledger: one JSON line per alert the webhook received and what intake did with it
 * (handled, deduplicated or rejected, with the reason and the incident it joined), so no alert is
 * ever dropped without a record. Lines are buffered and flushed every `flushIntervalMilliseconds`
 * or when the buffer is large (an alert storm costs one write per batch, not one per alert); the
 * file rotates once at `rotateBytes` (`alerts.jsonl` → `alerts.1.jsonl`) so disk use is bounded.
 */
import { appendFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const LEDGER_FILE = 'alerts.jsonl';

export interface LedgerEntry {
  readonly at: string;
  readonly fingerprint: string;
  readonly alertname: string;
  readonly status: string;
  readonly disposition: 'handled' | 'deduplicated' | 'rejected';
  readonly reason: string;
  readonly incidentId?: string;
}

export interface LedgerOptions {
  readonly directory: string;
  readonly flushIntervalMilliseconds?: number;
  readonly rotateBytes?: number;
}

export class AlertLedger {
  private buffer: string[] = [];
  private bufferedBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private tail: Promise<void> = Promise.resolve();
  private size = -1;
  private readonly path: string;
  private readonly flushInterval: number;
  private readonly rotateBytes: number;
  /** The last write error, if any (surfaced on /readyz by the app). */
  lastError: Error | null = null;

  constructor(private readonly options: LedgerOptions) {
    this.path = join(options.directory, LEDGER_FILE);
    this.flushInterval = options.flushIntervalMilliseconds ?? 250;
    this.rotateBytes = options.rotateBytes ?? 16 * 1024 * 1024;
  }

  get file(): string {
    return this.path;
  }

  record(entry: LedgerEntry): void {
    const line = `${JSON.stringify(entry)}\n`;
    this.buffer.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= 256 * 1024) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushInterval);
  }

  /** Writes everything recorded so far; resolves when it is in the file. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const data = this.buffer.join('');
    this.buffer = [];
    this.bufferedBytes = 0;
    if (data.length === 0) return this.tail;
    this.tail = this.tail
      .then(() => this.write(data))
      .catch((error: unknown) => {
        this.lastError = error instanceof Error ? error : new Error(String(error));
      });
    return this.tail;
  }

  private async write(data: string): Promise<void> {
    if (this.size < 0) {
      await mkdir(this.options.directory, { recursive: true, mode: 0o700 });
      this.size = await stat(this.path).then(
        (stats) => stats.size,
        () => 0,
      );
    }
    if (this.size + data.length > this.rotateBytes && this.size > 0) {
      await rename(this.path, join(this.options.directory, 'alerts.1.jsonl'));
      this.size = 0;
    }
    await appendFile(this.path, data, { encoding: 'utf8', mode: 0o600 });
    this.size += Buffer.byteLength(data);
    this.lastError = null;
  }
}
