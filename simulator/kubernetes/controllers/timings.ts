/** How long simulated things take, in simulated seconds. Defaults are close to a small real cluster. */
export interface SimulatorTimings {
  /** Image pull (or "already present" check) before a container is created. */
  readonly pullSeconds: number;
  /** From a started container to its readiness probe passing. */
  readonly readySeconds: number;
  /** How long a crash-looping container runs before exiting (faults may override). */
  readonly crashAfterSeconds: number;
  /** First restart back-off; doubles per restart up to the maximum, as the kubelet does. */
  readonly backoffBaseSeconds: number;
  readonly backoffMaxSeconds: number;
  /** Scheduler retry period for unschedulable pods. */
  readonly schedulingRetrySeconds: number;
  /** Period of failing readiness probes (one Unhealthy event occurrence each). */
  readonly probePeriodSeconds: number;
  /** Time pods stay on a NotReady node before they are evicted. */
  readonly nodeEvictionSeconds: number;
  /** Interval of the steady request log lines healthy containers print. */
  readonly logIntervalSeconds: number;
  /** Events not seen for this long are deleted (the API server's --event-ttl, default 1 h). */
  readonly eventTtlSeconds: number;
}

export const DEFAULT_TIMINGS: SimulatorTimings = {
  pullSeconds: 1,
  readySeconds: 2,
  crashAfterSeconds: 3,
  backoffBaseSeconds: 10,
  backoffMaxSeconds: 300,
  schedulingRetrySeconds: 5,
  probePeriodSeconds: 10,
  nodeEvictionSeconds: 60,
  logIntervalSeconds: 15,
  eventTtlSeconds: 3600,
};

export function resolveTimings(overrides: Partial<SimulatorTimings> = {}): SimulatorTimings {
  const timings = { ...DEFAULT_TIMINGS, ...overrides };
  for (const [name, value] of Object.entries(timings)) {
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new Error(`timings.${name} must be a non-negative number of seconds, got ${String(value)}`);
    }
  }
  if (timings.backoffMaxSeconds < timings.backoffBaseSeconds) {
    throw new Error('timings.backoffMaxSeconds must be at least timings.backoffBaseSeconds');
  }
  return timings;
}
