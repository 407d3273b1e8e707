/**
 * The action lifecycle, from an allowed action to its end: plan the exact change, persist the intent, write, wait for the
 * rollout, verify, and undo on failure (undo-step.ts). Also continues an incident after a restart from whatever
 * its execution record says, checking the live Deployment so an applied write is never repeated.
 */
import type { WritingAction } from '../../domain/action.js';
import type { Decision } from '../../domain/decision.js';
import type { ExecutionRecord } from '../../domain/execution.js';
import type { Incident } from '../../domain/incident.js';
import type { Clock } from '../../ports/clock.js';
import type { DeploymentSnapshot, ReplicaSetSnapshot } from '../../ports/cluster.js';
import type { PipelineTelemetry } from '../../ports/telemetry.js';
import { describeChange, isChangeLive, planChange, summarizeChange, summarizeUndo } from './change-plan.js';
import { writeChange } from './executor.js';
import type { IncidentRecorder } from './incident-recorder.js';
import { waitForRollout } from './rollout-wait.js';
import { undoChange } from './undo-step.js';
import { verifyRecovery } from './verification.js';
import type { WorkflowDependencies } from './workflow.js';

type Recheck = (action: WritingAction, approved: boolean) => Promise<Decision>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ActionLifecycle {
  constructor(
    private readonly dependencies: WorkflowDependencies & {
      readonly clock: Clock;
      readonly telemetry: PipelineTelemetry;
    },
  ) {}

  /**
   * Plans, records intent, writes, then verifies. `action` passed the guardrails; `known` is the
   * Deployment they read (planned from; the write's resourceVersion guards against later changes).
   */
  async act(
    recorder: IncidentRecorder,
    action: WritingAction,
    known: DeploymentSnapshot | null = null,
  ): Promise<Incident> {
    const { cluster, clock, telemetry } = this.dependencies;
    let plan;
    let resourceVersion: string;
    try {
      const deployment = known ?? (await cluster.getDeployment(action.target));
      const replicaSets: readonly ReplicaSetSnapshot[] =
        action.type === 'rollback' ? await cluster.listReplicaSets(action.target, deployment) : [];
      plan = planChange(action, deployment, replicaSets, clock.now());
      resourceVersion = deployment.resourceVersion;
    } catch (error) {
      telemetry.actionResult(action.type, 'failed');
      return recorder.update(
        { status: 'needs-human' },
        { event: 'action-failed', message: `could not read the Deployment before acting: ${message(error)}` },
      );
    }
    if (!plan.ok) {
      telemetry.actionResult(action.type, 'failed');
      return recorder.update({ status: 'needs-human' }, { event: 'action-not-possible', message: plan.reason });
    }
    const execution: ExecutionRecord = {
      phase: 'intent-recorded',
      change: plan.change,
      resourceVersionBefore: resourceVersion,
      intentAt: clock.now().toISOString(),
      appliedAt: null,
      appliedResourceVersion: null,
      appliedGeneration: null,
    };
    await recorder.update(
      { status: 'acting', undo: plan.undo, execution },
      {
        event: 'action-intent-recorded',
        message: `about to ${describeChange(plan.change)} on ${action.target.namespace}/${action.target.name}`,
        data: { change: summarizeChange(plan.change), resourceVersion, undo: summarizeUndo(plan.undo) },
      },
    );
    const written = await writeChange(cluster, action.target, plan.change, plan.undo, resourceVersion, {
      sleep: (milliseconds) => clock.sleep(milliseconds),
    });
    if (!written.ok) {
      telemetry.actionResult(action.type, 'failed');
      if (written.applied === 'unknown') {
        // Never "nothing was changed" when it may have been: say so, keep what restores it.
        return recorder.update(
          { status: 'needs-human', execution: { ...execution, phase: 'outcome-unknown' } },
          {
            event: 'action-outcome-unknown',
            message: `the write may have been applied: it failed without a clear answer (${written.code}: ${written.error}) and no read of the Deployment since could tell; the cluster state is unknown: a human must check ${action.target.namespace}/${action.target.name} (to restore: ${summarizeUndo(plan.undo)})`,
            data: { attempts: written.attempts },
          },
        );
      }
      return recorder.update(
        { status: 'needs-human' },
        {
          event: 'action-failed',
          message: `the write failed (${written.code}): ${written.error}; a read afterwards showed the change was not applied`,
          data: { attempts: written.attempts },
        },
      );
    }
    telemetry.actionResult(action.type, 'applied');
    await recorder.update(
      {
        status: 'verifying',
        execution: {
          ...execution,
          phase: 'applied',
          appliedAt: clock.now().toISOString(),
          appliedResourceVersion: written.result.resourceVersion,
          appliedGeneration: written.result.generation,
        },
      },
      {
        event: 'action-applied',
        message: `${describeChange(plan.change)}: applied (resourceVersion ${written.result.resourceVersion}, generation ${written.result.generation})`,
        data: { attempts: written.attempts },
      },
    );
    return this.verify(recorder);
  }

  /** Continues an `acting`/`verifying` incident after a restart. */
  async resume(recorder: IncidentRecorder, recheck: Recheck): Promise<Incident> {
    const incident = recorder.incident;
    const action = incident.action;
    if (!action || action.type === 'none') {
      return recorder.update(
        { status: 'needs-human' },
        { event: 'resume-failed', message: 'the incident has no action to continue' },
      );
    }
    const execution = incident.execution;
    const approved = incident.approvedAt !== null;
    await recorder.note({
      event: 'incident-resumed',
      message: `resumed after a restart at ${execution?.phase ?? 'no recorded intent'}`,
    });
    if (!execution) return this.redecide(recorder, action, approved, recheck);
    switch (execution.phase) {
      case 'intent-recorded':
      case 'outcome-unknown': {
        let live: boolean;
        let generation: number;
        try {
          const deployment = await this.dependencies.cluster.getDeployment(action.target);
          live = isChangeLive(execution.change, deployment);
          generation = deployment.generation;
        } catch (error) {
          return recorder.update(
            { status: 'needs-human' },
            { event: 'resume-failed', message: `could not read the Deployment: ${message(error)}` },
          );
        }
        if (!live) {
          await recorder.note({
            event: 'action-not-applied',
            message: 'the recorded intent was never written; deciding again',
          });
          return this.redecide(recorder, action, approved, recheck);
        }
        await recorder.update(
          {
            status: 'verifying',
            execution: {
              ...execution,
              phase: 'applied',
              appliedAt: this.dependencies.clock.now().toISOString(),
              appliedGeneration: generation,
            },
          },
          {
            event: 'action-found-applied',
            message: `${describeChange(execution.change)} is already live; not writing it again`,
          },
        );
        return this.verify(recorder);
      }
      case 'applied':
        return this.verify(recorder);
      case 'verification-failed':
      case 'undoing':
        return undoChange(this.dependencies, recorder);
      case 'verified':
        return recorder.update(
          { status: 'resolved' },
          { event: 'incident-resolved', message: 'verification had passed before the restart' },
        );
      case 'undone':
        return recorder.update(
          { status: 'failed' },
          { event: 'incident-failed', message: 'the change had been undone before the restart' },
        );
      case 'undo-failed':
        return recorder.update(
          { status: 'needs-human' },
          { event: 'undo-failed', message: 'the undo had failed before the restart' },
        );
    }
  }

  private async redecide(
    recorder: IncidentRecorder,
    action: WritingAction,
    approved: boolean,
    recheck: Recheck,
  ): Promise<Incident> {
    const decision = await recheck(action, approved);
    if (decision.outcome === 'allowed') return this.act(recorder, action);
    if (decision.outcome === 'needs-approval') return recorder.update({ status: 'awaiting-approval' });
    return recorder.update(
      { status: 'blocked' },
      { event: 'action-blocked', message: decision.reasons.map((reason) => reason.message).join('; ') },
    );
  }

  private async verify(recorder: IncidentRecorder): Promise<Incident> {
    const { cluster, clock, config, metricsQuery, telemetry } = this.dependencies;
    const incident = recorder.incident;
    const execution = incident.execution;
    const action = incident.action;
    if (!execution || !action || action.type === 'none') return recorder.incident;
    const rollout = await waitForRollout(
      cluster,
      clock,
      action.target,
      execution.appliedGeneration ?? 0,
      config.rollout,
      execution.appliedAt === null ? undefined : Date.parse(execution.appliedAt),
    );
    await recorder.note({
      event: rollout.complete ? 'rollout-complete' : 'rollout-failed',
      message: `${rollout.detail} after ${rollout.waitedMilliseconds} ms`,
    });
    const verification = rollout.complete
      ? await verifyRecovery(
          {
            cluster,
            metricsQuery,
            clock,
            alertsResolved: () => this.dependencies.alertsResolved?.(incident.id) ?? false,
          },
          incident.alerts,
          action.target,
          {
            ...config.verification,
            queryTimeoutMilliseconds: config.evidence.timeoutMilliseconds,
          },
        )
      : { outcome: 'failed' as const, method: 'workload-health' as const, details: rollout.detail };
    if (verification.outcome === 'passed') {
      telemetry.actionResult(action.type, 'verified');
      return recorder.update(
        {
          status: 'resolved',
          verification,
          verifiedAt: clock.now().toISOString(),
          execution: { ...execution, phase: 'verified' },
        },
        { event: 'verification-passed', message: `${verification.method}: ${verification.details}` },
      );
    }
    telemetry.actionResult(action.type, 'verification-failed');
    await recorder.update(
      { verification, execution: { ...execution, phase: 'verification-failed' } },
      { event: 'verification-failed', message: `${verification.method}: ${verification.details}` },
    );
    return undoChange(this.dependencies, recorder);
  }
}
