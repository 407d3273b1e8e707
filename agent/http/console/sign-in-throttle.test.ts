import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './sign-in-throttle.js';

describe('sign-in throttle', () => {
  it('pauses a client after its failures, for what is left of the window, and forgets it afterwards', () => {
    let now = 0;
    const throttle = new SignInThrottle({ maxFailures: 3, windowMilliseconds: 60_000, now: () => now });
    for (let attempt = 0; attempt < 2; attempt += 1) throttle.failed('10.0.0.1');
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(0);
    now = 10_000;
    throttle.failed('10.0.0.1');
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(50);
    expect(throttle.retryAfterSeconds('10.0.0.2')).toBe(0);
    now = 60_000;
    expect(throttle.retryAfterSeconds('10.0.0.1')).toBe(0);
  });

  it('a success clears the failures; the number of tracked clients is bounded', () => {
    const throttle = new SignInThrottle({ maxFailures: 2, maxClients: 2, now: () => 0 });
    throttle.failed('a');
    throttle.succeeded('a');
    throttle.failed('a');
    expect(throttle.retryAfterSeconds('a')).toBe(0);
    throttle.failed('a');
    expect(throttle.retryAfterSeconds('a')).toBeGreaterThan(0);
    throttle.failed('b');
    throttle.failed('c');
    // 'a' was the oldest entry and is forgotten to make room.
    expect(throttle.retryAfterSeconds('a')).toBe(0);
  });
});
