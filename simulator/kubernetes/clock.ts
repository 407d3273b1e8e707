/**
 * Simulated time. The cluster reads `now()` from here and never from `Date.now()`, so tests drive it
 * by hand (`advance`) and the demo runs it in real time with a speed factor.
 */

/** A clock whose time only moves when told to. */
export class SimulatedClock {
  private current: number;

  constructor(startMilliseconds: number) {
    this.current = startMilliseconds;
  }

  /** Milliseconds since the epoch in simulated time. */
  now(): number {
    return this.current;
  }

  /** RFC 3339 timestamp (second precision, as metav1.Time is serialized). */
  timestamp(): string {
    return new Date(Math.floor(this.current / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  set(milliseconds: number): void {
    if (milliseconds < this.current)
      throw new Error(`simulated time cannot go backwards (${milliseconds} < ${this.current})`);
    this.current = milliseconds;
  }
}

/** How simulated time advances. */
export type ClockMode =
  | { readonly mode: 'manual' }
  | {
      readonly mode: 'realtime';
      /** Simulated seconds per real second (default 1). */
      readonly speed?: number;
      /** Real milliseconds between controller ticks (default 100). */
      readonly tickMilliseconds?: number;
    };

/**
 * Calls `advance(simulatedMilliseconds)` on a real timer until stopped. The timer is unref'd so a
 * forgotten simulator never keeps a process alive; a failing step goes to `onError` instead of
 * crashing the process from a timer callback.
 */
export function startRealtimeDriver(
  mode: Extract<ClockMode, { mode: 'realtime' }>,
  advance: (simulatedMilliseconds: number) => void,
  onError: (error: unknown) => void,
): () => void {
  const speed = mode.speed ?? 1;
  const tick = mode.tickMilliseconds ?? 100;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new Error(`clock speed must be a positive number, got ${speed}`);
  if (!(tick >= 1)) throw new Error(`clock tickMilliseconds must be at least 1, got ${tick}`);
  const timer = setInterval(() => {
    try {
      advance(tick * speed);
    } catch (error) {
      onError(error);
    }
  }, tick);
  timer.unref();
  return () => clearInterval(timer);
}
