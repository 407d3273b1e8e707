/**
 * The incident workflow (see README.md): resolve target → gather evidence → diagnose → decide →
 * record intent → act → wait for rollout → verify → undo on failure. Every step leaves a timeline
 * entry and is persisted before the next; intent is persisted before any write.
 */
import { describeAction, type Action, type WritingAction } from '../../domain/action.js';
import type { Decision } from '../../domain/decision.js';
import type { Incident, IncidentStatus } from '../../domain/incident.js';
import { workloadKey, type WorkloadRef } from '../../domain/workload.js';
import { Diagnoser, type DiagnosisOutcome } from '../diagnosis/diagnoser.js';
import { gatherEvidence } from '../evidence/gather.js';
import { GUARDRAIL_REASONS } from '../guardrails/reason-codes.js';
import { systemClock, type Clock } from '../../ports/clock.js';
import type { DeploymentSnapshot } from '../../ports/cluster.js';
import { noTelemetry, silentLogger, type PipelineLogger, type PipelineTelemetry } from '../../ports/telemetry.js';
import { ActionLifecycle } from './action-lifecycle.js';
import { checkGuardrails } from './guardrail-check.js';
import { alertStatus, contestedBy } from './incident-facts.js';
import { IncidentRecorder, type EntryInput, type PersistIncident } from './incident-recorder.js';
import { resolveTarget } from './target-step.js';
import type { WorkflowDependencies } from './workflow.js';

export class IncidentPipeline {
  private readonly clock: Clock;
  private readonly telemetry: PipelineTelemetry;
  private readonly logger: PipelineLogger;
  private readonly diagnoser: Diagnoser;
  private readonly actions: ActionLifecycle;
  /** Workloads this process is acting on (one action at a time per workload, even between recorder writes). */
  private readonly busy = new Set<string>();

  constructor(private readonly dependencies: WorkflowDependencies) {
    this.clock = dependencies.clock ?? systemClock;
    this.telemetry = dependencies.telemetry ?? noTelemetry;
    this.logger = dependencies.logger ?? silentLogger;
    this.diagnoser = new Diagnoser({
      reasoner: dependencies.reasoner,
      clock: this.clock,
      telemetry: this.telemetry,
      settings: dependencies.config.model,
      maxReplicas: dependencies.config.maxReplicas,
    });
    this.actions = new ActionLifecycle({ ...dependencies, clock: this.clock, telemetry: this.telemetry });
  }

  private recorderFor(incident: Incident, persist: PersistIncident): IncidentRecorder {
    return new IncidentRecorder(incident, persist, this.clock, this.logger);
  }

  async run(incident: Incident, persist: PersistIncident): Promise<Incident> {
    if (incident.status !== 'open' && incident.status !== 'diagnosing') return this.resume(incident, persist);
    const recorder = this.recorderFor(incident, persist);
    await recorder.update({ status: 'diagnosing' }, { event: 'diagnosis-started', message: 'working on the incident' });
    if (alertStatus(incident) === 'resolved') {
      return recorder.update(
        { status: 'no-action', action: { type: 'none', reason: 'the alert resolved' } },
        {
          event: 'alert-resolved',
          message: 'every alert of the incident has resolved; a resolved alert never triggers an action',
        },
      );
    }
    const target = await resolveTarget(
      { cluster: this.dependencies.cluster, config: this.dependencies.config, telemetry: this.telemetry },
      recorder,
    );
    if (!target) return recorder.incident;
    // Evidence lives only inside diagnose(): an incident is held for minutes (rollout, verification),
    // and what the rules and the model read must not be kept (and promoted by the GC) meanwhile.
    const outcome = await this.diagnose(recorder, target);
    if (outcome.action.type === 'none') {
      // Not acting is the answer only for a victim (the fix belongs to its dependency). Any other
      // diagnosis without a possible action (unknown, node trouble, saturated at the replica
      // maximum, nothing to roll back to) leaves a problem a human must take on.
      const status: IncidentStatus = outcome.diagnosis.category === 'dependency-failure' ? 'no-action' : 'needs-human';
      return recorder.update({ status }, { event: 'no-action-taken', message: outcome.action.reason });
    }
    // Guardrails read the Deployment afresh: model calls may have taken a while (an HPA or a human may have scaled).
    return this.decideAndAct(recorder, outcome.action, {
      approved: false,
      deployment: null,
      contested: outcome.contested ?? contestedBy(outcome.rules, outcome.diagnosis.source),
    });
  }

  /** Gathers the evidence, diagnoses, and journals both; only the outcome leaves this method. */
  private async diagnose(recorder: IncidentRecorder, target: WorkloadRef): Promise<DiagnosisOutcome> {
    const { config } = this.dependencies;
    const evidence = await gatherEvidence(
      {
        cluster: this.dependencies.cluster,
        metricsQuery: this.dependencies.metricsQuery,
        logQuery: this.dependencies.logQuery,
        clock: this.clock,
      },
      target,
      config.evidence,
    );
    await recorder.note({
      event: 'evidence-gathered',
      message: `read ${evidence.pods.length} pods, ${evidence.replicaSets.length} ReplicaSets, ${evidence.events.length} events, ${evidence.logs.length} log tails, ${evidence.metrics.length} metrics, ${evidence.logLines.length} Loki lines`,
      data: {
        deployment: evidence.deployment
          ? {
              replicas: evidence.deployment.replicas,
              revision: evidence.deployment.revision,
              images: evidence.deployment.images,
              ready: evidence.deployment.status.readyReplicas,
            }
          : null,
        gaps: evidence.gaps,
      },
    });
    const outcome = await this.diagnoser.diagnose(recorder.incident.alerts, evidence);
    const modelEntries = outcome.notes.map((note): EntryInput => ({
      event: note.ok ? 'model-consulted' : 'model-failed',
      message: `${note.role}: ${note.detail}`.slice(0, 500),
      data: { role: note.role, ok: note.ok, attempts: note.attempts },
    }));
    await recorder.update(
      { diagnosis: outcome.diagnosis, action: outcome.action },
      ...modelEntries,
      {
        event: 'diagnosis-made',
        message: `${outcome.diagnosis.category} (${outcome.diagnosis.source}, confidence ${outcome.diagnosis.confidence}): ${outcome.diagnosis.rootCause}`,
        data: {
          source: outcome.diagnosis.source,
          ...(outcome.diagnosis.fallbackReason ? { fallbackReason: outcome.diagnosis.fallbackReason } : {}),
          rules: { category: outcome.rules.category, action: describeAction(outcome.rules.action) },
          ...(outcome.proposal ? { proposal: outcome.proposal.action } : {}),
          ...(outcome.contested ? { disagreement: outcome.contested } : {}),
        },
      },
      { event: 'action-proposed', message: describeAction(outcome.action) },
    );
    return outcome;
  }

  async resume(incident: Incident, persist: PersistIncident): Promise<Incident> {
    switch (incident.status) {
      case 'open':
      case 'diagnosing':
        return this.run({ ...incident, status: 'open' }, persist);
      case 'awaiting-approval':
        return incident;
      case 'acting':
      case 'verifying':
        return this.withWorkload(incident, persist, (recorder) =>
          this.actions.resume(recorder, (action, approved) => this.recheck(recorder, action, approved)),
        );
      case 'resolved':
      case 'no-action':
      case 'blocked':
      case 'failed':
      case 'needs-human':
        return incident;
    }
  }

  async approve(incident: Incident, persist: PersistIncident): Promise<Incident> {
    const recorder = this.recorderFor(incident, persist);
    if (incident.status !== 'awaiting-approval' || !incident.action || incident.action.type === 'none') {
      await recorder.note({
        event: 'approval-ignored',
        message: `approval ignored: the incident is ${incident.status}`,
      });
      return recorder.incident;
    }
    const by = incident.review ? ` by ${incident.review.by} (${incident.review.comment})` : '';
    await recorder.update(
      { approvedAt: this.clock.now().toISOString() },
      { event: 'approval-granted', message: `approved${by}: ${describeAction(incident.action)}` },
    );
    return this.decideAndAct(recorder, incident.action, { approved: true, deployment: null });
  }

  async reject(incident: Incident, persist: PersistIncident): Promise<Incident> {
    const recorder = this.recorderFor(incident, persist);
    if (incident.status !== 'awaiting-approval') {
      await recorder.note({
        event: 'rejection-ignored',
        message: `rejection ignored: the incident is ${incident.status}`,
      });
      return recorder.incident;
    }
    return recorder.update(
      {
        status: 'blocked',
        decision: {
          outcome: 'denied',
          reasons: [{ code: GUARDRAIL_REASONS.approvalRejected, message: 'a human rejected the action' }],
        },
      },
      {
        event: 'approval-rejected',
        message: `the action was rejected${incident.review ? ` by ${incident.review.by} (${incident.review.comment})` : ''}; nothing was changed`,
      },
    );
  }

  private recheck(
    recorder: IncidentRecorder,
    action: WritingAction,
    approved: boolean,
    known: DeploymentSnapshot | null = null,
    contested: string | null = null,
    seen?: { deployment: DeploymentSnapshot | null },
  ): Promise<Decision> {
    const dependencies = { ...this.dependencies, clock: this.clock, telemetry: this.telemetry };
    return checkGuardrails(dependencies, recorder, { action, approved, known, contested, seen });
  }

  private async decideAndAct(
    recorder: IncidentRecorder,
    action: Action,
    options: { approved: boolean; deployment: DeploymentSnapshot | null; contested?: string | null },
  ): Promise<Incident> {
    if (action.type === 'none')
      return recorder.update({ status: 'no-action' }, { event: 'no-action-taken', message: action.reason });
    const seen: { deployment: DeploymentSnapshot | null } = { deployment: null };
    const decision = await this.recheck(
      recorder,
      action,
      options.approved,
      options.deployment,
      options.contested ?? null,
      seen,
    );
    if (decision.outcome === 'needs-approval') return recorder.update({ status: 'awaiting-approval' });
    if (decision.outcome === 'denied') {
      const dryRun = decision.reasons.every((reason) => reason.code === GUARDRAIL_REASONS.dryRun);
      if (dryRun) this.telemetry.actionResult(action.type, 'dry-run');
      return recorder.update(
        { status: dryRun ? 'no-action' : 'blocked' },
        dryRun
          ? { event: 'dry-run-skipped', message: `dry-run: would ${describeAction(action)}; nothing was written` }
          : {
              event: 'action-blocked',
              message: `not executed: ${decision.reasons.map((reason) => reason.message).join('; ')}`,
            },
      );
    }
    // The Deployment the guardrails just read is what the change is planned from: the write carries its
    // resourceVersion, so a change made in between is a conflict (re-read, re-planned), never overwritten.
    return this.withWorkload(
      recorder.incident,
      null,
      () => this.actions.act(recorder, action, seen.deployment),
      recorder,
    );
  }

  /** Runs `work` while holding this process's per-workload slot. */
  private async withWorkload(
    incident: Incident,
    persist: PersistIncident | null,
    work: (recorder: IncidentRecorder) => Promise<Incident>,
    existing?: IncidentRecorder,
  ): Promise<Incident> {
    const recorder = existing ?? this.recorderFor(incident, persist ?? (() => Promise.resolve()));
    const target = incident.action && incident.action.type !== 'none' ? incident.action.target : incident.target;
    const key = target ? workloadKey(target) : `incident/${incident.id}`;
    if (this.busy.has(key)) {
      this.telemetry.guardrailDenied(GUARDRAIL_REASONS.actionInFlight);
      return recorder.update(
        {
          status: 'blocked',
          decision: {
            outcome: 'denied',
            reasons: [
              { code: GUARDRAIL_REASONS.actionInFlight, message: 'another incident is acting on this workload' },
            ],
          },
        },
        { event: 'action-blocked', message: 'another incident in this process is acting on the same workload' },
      );
    }
    this.busy.add(key);
    try {
      return await work(recorder);
    } finally {
      this.busy.delete(key);
    }
  }
}
