/**
 * The demo's clock: sleepers wake in order when time is moved, pacing waits wall time without
 * changing what happens, and Ctrl-C (an aborted signal) drops the pacing at once.
 */
import { describe, expect, it } from 'vitest';
import { SimulatedCluster } from '../simulator/kubernetes/index.js';
import { SimulatedTime } from './simulated-time.js';

const START = Date.parse('2026-11-24T09:00:00Z');

describe('SimulatedTime', () => {
  it('wakes sleepers due by the new time, earliest first, and reports the next wake-up', async () => {
    const time = new SimulatedTime(new SimulatedCluster({ startTime: START }));
    const woke: string[] = [];
    void time.clock.sleep(30_000).then(() => woke.push('30s'));
    void time.clock.sleep(10_000).then(() => woke.push('10s'));
    void time.clock.sleep(60_000).then(() => woke.push('60s'));
    expect(time.nextWake()).toBe(START + 10_000);
    await time.advance(START + 30_000);
    await Promise.resolve();
    expect(woke).toEqual(['10s', '30s']);
    expect(time.now()).toBe(START + 30_000);
    expect(time.nextWake()).toBe(START + 60_000);
  });

  it('waits the step divided by the speed in wall time when paced', async () => {
    const time = new SimulatedTime(new SimulatedCluster({ startTime: START }), { speed: 100 });
    const started = performance.now();
    await time.advance(START + 8_000); // 8 simulated seconds at 100× = 80 ms
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
    expect(time.now()).toBe(START + 8_000);
  });

  it('stops pacing once the signal is aborted (Ctrl-C finishes the scenario unpaced)', async () => {
    const abort = new AbortController();
    const time = new SimulatedTime(new SimulatedCluster({ startTime: START }), {
      speed: 0.001,
      signal: abort.signal,
    });
    const step = time.advance(START + 60_000); // would wait 16 hours of wall time
    abort.abort();
    await step;
    await time.advance(START + 120_000);
    expect(time.now()).toBe(START + 120_000);
  });

  it('refuses a negative or non-finite speed', () => {
    const cluster = new SimulatedCluster({ startTime: START });
    expect(() => new SimulatedTime(cluster, { speed: -1 })).toThrow(/pace speed must be a finite number >= 0/);
    expect(() => new SimulatedTime(cluster, { speed: Number.NaN })).toThrow(/got NaN/);
  });
});
