/**
 * The guardrail check before every write (first attempt, approval, resume): reads the Deployment
 * afresh unless the caller has just read it (and, for a scale, the HPAs that target it), takes the
 * action history of the last hour (or cooldown), evaluates the pure guardrails, counts denials, and
 * records the decision on the incident.
 */
import { describeAction, type WritingAction } from '../../domain/action.js';
import type { Decision } from '../../domain/decision.js';
import type { ActionHistory } from '../../ports/action-history.js';
import type { Clock } from '../../ports/clock.js';
import type { Cluster, DeploymentSnapshot } from '../../ports/cluster.js';
import type { PipelineTelemetry } from '../../ports/telemetry.js';
import { evaluate } from '../guardrails/evaluate.js';
import type { WorkflowConfig } from './config.js';
import { alertStatus } from './incident-facts.js';
import type { IncidentRecorder } from './incident-recorder.js';

const HOUR = 3_600_000;

export interface GuardrailCheckDependencies {
  readonly cluster: Cluster;
  readonly history: ActionHistory;
  readonly config: WorkflowConfig;
  readonly clock: Clock;
  readonly telemetry: PipelineTelemetry;
}

export interface GuardrailCheckRequest {
  readonly action: WritingAction;
  /** A human approved this action (the approval gate is passed; every other rule still applies). */
  readonly approved: boolean;
  /** The Deployment just read by the caller; null: read it here. */
  readonly known?: DeploymentSnapshot | null;
  /** Why the rules and the model disagree, if they do (forces approval). */
  readonly contested?: string | null;
  /** Receives the Deployment the decision was made on (the change is planned from it). */
  readonly seen?: { deployment: DeploymentSnapshot | null };
}

export async function checkGuardrails(
  dependencies: GuardrailCheckDependencies,
  recorder: IncidentRecorder,
  request: GuardrailCheckRequest,
): Promise<Decision> {
  const { config, cluster, history, clock, telemetry } = dependencies;
  const { action, approved } = request;
  const now = clock.now();
  const deployment = request.known ?? (await cluster.getDeployment(action.target).catch(() => null));
  if (request.seen) request.seen.deployment = deployment;
  // Only a scale meets an HPA: it is read live, right before the decision (null: the read failed).
  const autoscalers =
    action.type === 'scale'
      ? await cluster.listAutoscalers(action.target).then(
          (list) => list.map((autoscaler) => autoscaler.name),
          () => null,
        )
      : [];
  const since = new Date(now.getTime() - Math.max(HOUR, config.cooldownMilliseconds));
  const snapshot = await history.snapshot(since);
  const decision = evaluate(action, {
    mode: config.mode,
    namespaces: config.namespaces,
    maxReplicas: config.maxReplicas,
    cooldownMilliseconds: config.cooldownMilliseconds,
    hourlyActionBudget: config.hourlyActionBudget,
    now,
    incidentId: recorder.incident.id,
    alertedTarget: recorder.incident.target,
    alertStatus: alertStatus(recorder.incident),
    currentReplicas: deployment?.replicas ?? null,
    autoscalers,
    currentRevision: deployment?.revision ?? null,
    history: snapshot,
    approved,
    contested: request.contested ?? null,
  });
  if (decision.outcome === 'denied') for (const reason of decision.reasons) telemetry.guardrailDenied(reason.code);
  await recorder.update(
    { decision },
    {
      event:
        decision.outcome === 'allowed'
          ? 'action-allowed'
          : decision.outcome === 'denied'
            ? 'action-denied'
            : 'approval-requested',
      message: `${describeAction(action)}: ${decision.outcome} (${decision.reasons.map((reason) => reason.code).join(', ')})`,
      data: { reasons: decision.reasons.map((reason) => reason.code), approved },
    },
  );
  return decision;
}
