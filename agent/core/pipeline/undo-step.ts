/**
 * The undo of the agent's own change after a failed verification (or a restart in the middle of
 * one): the undo record is checked by the guardrails like any write, the live Deployment must still
 * carry the agent's change (someone else's later change is never overwritten), the restore is
 * written with the read's resourceVersion, and the rollout back is awaited. The incident ends
 * `failed` (undone) or `needs-human` (the undo could not be made or its outcome is unknown).
 */
import type { Incident } from '../../domain/incident.js';
import type { Clock } from '../../ports/clock.js';
import type { Cluster } from '../../ports/cluster.js';
import type { PipelineTelemetry } from '../../ports/telemetry.js';
import { evaluateUndo } from '../guardrails/undo-guard.js';
import { isChangeLive, isUndoLive, summarizeUndo } from './change-plan.js';
import type { WorkflowConfig } from './config.js';
import { writeUndo } from './executor.js';
import type { IncidentRecorder } from './incident-recorder.js';
import { waitForRollout } from './rollout-wait.js';

export interface UndoDependencies {
  readonly cluster: Cluster;
  readonly config: WorkflowConfig;
  readonly clock: Clock;
  readonly telemetry: PipelineTelemetry;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function undoChange(dependencies: UndoDependencies, recorder: IncidentRecorder): Promise<Incident> {
  const { cluster, clock, config, telemetry } = dependencies;
  const { execution, undo, action } = recorder.incident;
  if (!execution || !undo || !action || action.type === 'none') {
    return recorder.update(
      { status: 'needs-human' },
      { event: 'undo-failed', message: 'no undo record; a human must check the workload' },
    );
  }
  await recorder.update(
    { execution: { ...execution, phase: 'undoing' } },
    { event: 'undo-started', message: `restoring what the agent changed (${summarizeUndo(undo)})` },
  );
  const fail = (why: string) => {
    telemetry.actionResult(action.type, 'undo-failed');
    return recorder.update(
      { status: 'needs-human', execution: { ...execution, phase: 'undo-failed' } },
      { event: 'undo-failed', message: why },
    );
  };
  // An undo is a write like any action, and one read back from the journal is only as
  // trustworthy as the file: the guardrails check it every time (issue 12).
  const guard = evaluateUndo(undo, {
    action,
    alertedTarget: recorder.incident.target,
    namespaces: config.namespaces,
    maxReplicas: config.maxReplicas,
  });
  if (guard.outcome !== 'allowed') {
    for (const reason of guard.reasons) telemetry.guardrailDenied(reason.code);
    telemetry.actionResult(action.type, 'undo-failed');
    return recorder.update(
      { status: 'needs-human', execution: { ...execution, phase: 'undo-failed' } },
      {
        event: 'undo-denied',
        message: `the undo record was refused by the guardrails and not written: ${guard.reasons.map((reason) => reason.message).join('; ')}; a human must check ${action.target.namespace}/${action.target.name}`,
        data: { reasons: guard.reasons.map((reason) => reason.code) },
      },
    );
  }
  let deployment;
  try {
    deployment = await cluster.getDeployment(undo.target);
  } catch (error) {
    return fail(`could not read the Deployment to undo: ${message(error)}`);
  }
  let generation = deployment.generation;
  // Conditions recorded before the undo write describe the agent's (failed) rollout, not the undo's.
  const undoneAt = clock.now().getTime();
  if (!isUndoLive(undo, deployment)) {
    if (!isChangeLive(execution.change, deployment)) {
      return fail('the Deployment was changed by someone else after the action; not overwriting it');
    }
    const written = await writeUndo(cluster, undo, execution.change, deployment.resourceVersion, {
      sleep: (milliseconds) => clock.sleep(milliseconds),
    });
    if (!written.ok) {
      return fail(
        written.applied === 'unknown'
          ? `the undo write may have been applied: it failed without a clear answer (${written.code}: ${written.error}) and no read since could tell; the cluster state is unknown`
          : `the undo write failed (${written.code}): ${written.error}; the agent's change is still live`,
      );
    }
    generation = written.result.generation;
    await recorder.note({
      event: 'undo-applied',
      message: `restored (resourceVersion ${written.result.resourceVersion})`,
      data: { attempts: written.attempts },
    });
  }
  const rollout = await waitForRollout(cluster, clock, undo.target, generation, config.rollout, undoneAt);
  telemetry.actionResult(action.type, 'undone');
  return recorder.update(
    { status: 'failed', execution: { ...execution, phase: 'undone' } },
    {
      event: 'undo-complete',
      message: `the agent's change is undone; ${rollout.complete ? 'the rollout back completed' : `the rollout back did not complete: ${rollout.detail}`}`,
    },
  );
}
