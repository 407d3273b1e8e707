/**
 * Simulated time for the demo: the agent's pipeline sleeps on this clock, and the demo only moves
 * time forward when every running incident is asleep (quiescent). So the agent's decisions land at
 * the same simulated instant on every run, whatever the machine's speed or a model's latency, and
 * minutes of rollout and verification windows pass in milliseconds.
 */
import type { Clock } from '../agent/ports/clock.js';
import type { IncidentWorkflowPort } from '../agent/core/intake/workflow-port.js';
import type { SimulatedCluster } from '../simulator/kubernetes/index.js';

interface Sleeper {
  readonly wakeAt: number;
  readonly sequence: number;
  readonly resolve: () => void;
}

/** Raised when the agent keeps working without ever sleeping (a hung request, a stuck model). */
export class AgentNotSettledError extends Error {
  readonly code = 'agent-not-settled';
  constructor(waitedMilliseconds: number, running: number, sleeping: number) {
    super(
      `the agent did not settle within ${waitedMilliseconds} ms of wall time ` +
        `(${running} incident(s) running, ${sleeping} asleep); a request or the model may hang`,
    );
  }
}

/**
 * How simulated time is paced against wall time: `speed` simulated seconds per wall second, or 0
 * for as fast as the agent allows. Pacing only waits before each step; it never changes what
 * happens, so a paced run and an unpaced one end the same.
 */
export interface Pace {
  readonly speed: number;
  /** Once aborted, pacing stops (the rest runs at full speed). */
  readonly signal?: AbortSignal;
}

export class SimulatedTime {
  private readonly sleepers: Sleeper[] = [];
  private runningCount = 0;
  private sequence = 0;

  constructor(
    private readonly cluster: SimulatedCluster,
    private readonly pace: Pace = { speed: 0 },
  ) {
    if (!Number.isFinite(pace.speed) || pace.speed < 0) {
      throw new RangeError(`pace speed must be a finite number >= 0 (0 = unpaced), got ${pace.speed}`);
    }
  }

  /** Incidents the agent is working on right now (asleep or not). */
  get running(): number {
    return this.runningCount;
  }

  /** Simulated now, in milliseconds since the epoch. */
  now(): number {
    return this.cluster.clock.now();
  }

  /** The Clock port the agent's pipeline uses. */
  readonly clock: Clock = {
    now: () => new Date(this.now()),
    sleep: (milliseconds, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
          return;
        }
        const sleeper: Sleeper = {
          wakeAt: this.now() + Math.max(0, milliseconds),
          sequence: (this.sequence += 1),
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const index = this.sleepers.indexOf(sleeper);
          if (index >= 0) this.sleepers.splice(index, 1);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.sleepers.push(sleeper);
      }),
  };

  /** Wraps the agent's workflow so the demo knows how many incidents are being worked on. */
  track(workflow: IncidentWorkflowPort): IncidentWorkflowPort {
    const counted =
      (stage: keyof IncidentWorkflowPort): IncidentWorkflowPort[typeof stage] =>
      async (incident, persist) => {
        this.runningCount += 1;
        try {
          return await workflow[stage](incident, persist);
        } finally {
          this.runningCount -= 1;
        }
      };
    return {
      run: counted('run'),
      resume: counted('resume'),
      approve: counted('approve'),
      reject: counted('reject'),
    };
  }

  /** When the earliest sleeper wakes, or undefined when nobody sleeps. */
  nextWake(): number | undefined {
    let earliest: number | undefined;
    for (const sleeper of this.sleepers)
      if (earliest === undefined || sleeper.wakeAt < earliest) earliest = sleeper.wakeAt;
    return earliest;
  }

  /**
   * Waits (wall time) until every running incident is asleep on this clock, checked over several
   * event-loop turns so work started by a just-finished request is seen.
   */
  async settle(timeoutMilliseconds: number): Promise<void> {
    const started = Date.now();
    let quietTurns = 0;
    while (quietTurns < 3) {
      await new Promise<void>((resolve) => setTimeout(resolve, quietTurns === 0 ? 1 : 0));
      quietTurns = this.runningCount <= this.sleepers.length ? quietTurns + 1 : 0;
      if (Date.now() - started > timeoutMilliseconds) {
        throw new AgentNotSettledError(timeoutMilliseconds, this.runningCount, this.sleepers.length);
      }
    }
  }

  /** Like `advanceTo`, first waiting the step's wall time when paced. */
  async advance(target: number): Promise<void> {
    const delta = target - this.now();
    const { speed, signal } = this.pace;
    if (speed > 0 && delta > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, delta / speed);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    this.advanceTo(target);
  }

  /** Moves the cluster (and so every clock reading) to `target` ms, waking sleepers due by then. */
  advanceTo(target: number): void {
    const delta = target - this.now();
    if (delta > 0) this.cluster.advanceMilliseconds(delta);
    const due = this.sleepers
      .filter((sleeper) => sleeper.wakeAt <= this.now())
      .sort((left, right) => left.wakeAt - right.wakeAt || left.sequence - right.sequence);
    for (const sleeper of due) {
      this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
      sleeper.resolve();
    }
  }
}
