/**
 * A small circuit breaker for the model: after `failureThreshold` consecutive failures it opens
 * for `resetMilliseconds`, then lets exactly one trial through (half-open); the trial's result
 * closes or re-opens it. Time comes from the caller so tests control it.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialInFlight = false;

  constructor(
    private readonly failureThreshold: number,
    private readonly resetMilliseconds: number,
  ) {}

  state(now: number): BreakerState {
    if (this.openedAt === null) return 'closed';
    return now - this.openedAt >= this.resetMilliseconds ? 'half-open' : 'open';
  }

  /** True when a request may go out now (claims the single half-open trial). */
  tryAcquire(now: number): boolean {
    const state = this.state(now);
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialInFlight = false;
  }

  recordFailure(now: number): void {
    this.failures += 1;
    if (this.trialInFlight || this.failures >= this.failureThreshold) this.openedAt = now;
    this.trialInFlight = false;
  }
}
