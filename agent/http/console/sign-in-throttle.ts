/**
 * Sign-in throttling for the console: after `maxFailures` refused tokens from one client address
 * within `windowMilliseconds`, every sign-in from that address (right token or not) is refused with
 * 429 until the window has passed since its first failure. A guess then costs the window, not a
 * round trip. Bounded: at most `maxClients` addresses are tracked (the oldest is forgotten first).
 * The bearer API is not throttled here: Alertmanager must never be locked out by someone else's
 * failures behind the same address, and its tokens are at least 16 random characters.
 */
export interface SignInThrottleOptions {
  readonly maxFailures?: number;
  readonly windowMilliseconds?: number;
  readonly maxClients?: number;
  readonly now?: () => number;
}

interface Failures {
  readonly since: number;
  count: number;
}

export class SignInThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly maxFailures: number;
  private readonly windowMilliseconds: number;
  private readonly maxClients: number;
  private readonly now: () => number;

  constructor(options: SignInThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMilliseconds = options.windowMilliseconds ?? 5 * 60_000;
    this.maxClients = options.maxClients ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds the client must wait before trying again; 0 when it may try now. */
  retryAfterSeconds(client: string): number {
    const entry = this.current(client);
    if (entry === undefined || entry.count < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((entry.since + this.windowMilliseconds - this.now()) / 1000));
  }

  /** Records a refused token. */
  failed(client: string): void {
    const entry = this.current(client);
    if (entry !== undefined) {
      entry.count += 1;
      return;
    }
    while (this.failures.size >= this.maxClients) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
    this.failures.set(client, { since: this.now(), count: 1 });
  }

  /** A successful sign-in clears the client's failures. */
  succeeded(client: string): void {
    this.failures.delete(client);
  }

  private current(client: string): Failures | undefined {
    const entry = this.failures.get(client);
    if (entry !== undefined && this.now() - entry.since >= this.windowMilliseconds) {
      this.failures.delete(client);
      return undefined;
    }
    return entry;
  }
}
