/**
 * Leadership port: with several replicas only the leader runs incidents (and is ready, so the
 * Service sends alerts to it). A single replica without a cluster Lease is its own leader.
 */
export interface Leadership {
  isLeader(): boolean;
  /** Human-readable state for /readyz and the log. */
  describe(): string;
  start(onChange: (leader: boolean) => void): Promise<void>;
  /** Stops renewing and releases the Lease when held, so a successor takes over at once. */
  stop(): Promise<void>;
}

/** Leadership fixed at construction (AGENT_LEADER_ELECTION=off, or tests). */
export class StaticLeadership implements Leadership {
  constructor(
    private readonly leader: boolean,
    private readonly reason = leader ? 'leader election off: this replica acts' : 'leader election off: standby',
  ) {}

  isLeader(): boolean {
    return this.leader;
  }

  describe(): string {
    return this.reason;
  }

  start(onChange: (leader: boolean) => void): Promise<void> {
    onChange(this.leader);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }
}
