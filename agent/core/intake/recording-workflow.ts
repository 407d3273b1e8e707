/**
 * A recording fake of the incident workflow for intake, state and bench tests: it records every
 * call, persists realistic state changes, and can be held at a gate so a test controls timing.
 * Not used at run time.
 */
import type { Incident, IncidentEvent, IncidentStatus } from '../../domain/incident.js';
import type { IncidentWorkflowPort, PersistIncident } from './workflow-port.js';

export interface RecordedCall {
  readonly stage: 'run' | 'resume' | 'approve' | 'reject';
  readonly incidentId: string;
  readonly status: IncidentStatus;
}

export interface RecordingWorkflowOptions {
  /** Final status for a run (default `resolved`); `throw` makes the workflow fail. */
  readonly outcome?: (incident: Incident) => IncidentStatus | 'throw';
  /** When true, each run stops in `acting` until a `release()` (or forever, to simulate a crash). */
  readonly hold?: boolean;
}

export class RecordingWorkflow implements IncidentWorkflowPort {
  readonly calls: RecordedCall[] = [];
  private permits = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly options: RecordingWorkflowOptions = {}) {}

  /** Lets one held run continue (now, or as soon as one reaches the gate). */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.permits += 1;
  }

  private gate(): Promise<void> {
    if (this.permits > 0) {
      this.permits -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  runsOf(stage: RecordedCall['stage']): string[] {
    return this.calls.filter((call) => call.stage === stage).map((call) => call.incidentId);
  }

  async run(incident: Incident, persist: PersistIncident): Promise<Incident> {
    this.calls.push({ stage: 'run', incidentId: incident.id, status: incident.status });
    let current = step(incident, 'diagnosing', 'diagnosis-started', 'gathering evidence');
    await persist(current);
    const outcome = this.options.outcome?.(incident) ?? 'resolved';
    if (outcome === 'throw') throw new Error('evidence source exploded');
    if (outcome === 'awaiting-approval') {
      current = {
        ...step(current, 'awaiting-approval', 'approval-requested', 'restart needs approval'),
        action: { type: 'restart', target: incident.target! },
        decision: { outcome: 'needs-approval', reasons: [{ code: 'approval-mode', message: 'approval mode' }] },
      };
      await persist(current);
      return current;
    }
    current = step(current, 'acting', 'action-applied', 'restart applied');
    await persist(current);
    if (this.options.hold) await this.gate();
    return this.finish(current, outcome, persist);
  }

  async resume(incident: Incident, persist: PersistIncident): Promise<Incident> {
    this.calls.push({ stage: 'resume', incidentId: incident.id, status: incident.status });
    return this.finish(incident, 'resolved', persist);
  }

  async approve(incident: Incident, persist: PersistIncident): Promise<Incident> {
    this.calls.push({ stage: 'approve', incidentId: incident.id, status: incident.status });
    const approved = { ...incident, approvedAt: new Date().toISOString() };
    const acting = step(approved, 'acting', 'action-applied', 'restart applied after approval');
    await persist(acting);
    return this.finish(acting, 'resolved', persist);
  }

  async reject(incident: Incident, persist: PersistIncident): Promise<Incident> {
    this.calls.push({ stage: 'reject', incidentId: incident.id, status: incident.status });
    const rejected = step(incident, 'no-action', 'approval-rejected', 'a human rejected the action');
    await persist(rejected);
    return rejected;
  }

  private async finish(incident: Incident, status: IncidentStatus, persist: PersistIncident): Promise<Incident> {
    const event = status === 'resolved' ? 'verification-passed' : 'incident-failed';
    const ended = step(incident, status, event, `finished as ${status}`);
    const final: Incident = {
      ...ended,
      verifiedAt: status === 'resolved' ? ended.updatedAt : null,
      verification:
        status === 'resolved'
          ? { outcome: 'passed', method: 'workload-health', details: 'all replicas available' }
          : { outcome: 'failed', method: 'workload-health', details: 'still unhealthy; change undone' },
    };
    await persist(final);
    return final;
  }
}

function step(incident: Incident, status: IncidentStatus, event: IncidentEvent, message: string): Incident {
  const at = new Date().toISOString();
  return { ...incident, status, updatedAt: at, timeline: [...incident.timeline, { at, event, message }] };
}
