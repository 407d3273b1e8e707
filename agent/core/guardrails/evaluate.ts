/**
 * The guardrails: a pure, total function from a proposed action and what is known about the world
 * to a decision. Deny by default: `allowed` is returned only when the action is a known catalog
 * action and every check passed. All failing checks are reported, not just the first.
 */
import { isActionType } from '../../../catalog/action-catalog.js';
import type { AgentMode } from '../../../catalog/agent-contract.js';
import type { Action } from '../../domain/action.js';
import type { Decision, DecisionReason } from '../../domain/decision.js';
import { isWorkloadRef, sameWorkload, type WorkloadRef } from '../../domain/workload.js';
import type { ActionHistorySnapshot } from '../../ports/action-history.js';
import { GUARDRAIL_REASONS as R } from './reason-codes.js';
import { scopeReasons } from './scope.js';

const HOUR_MILLISECONDS = 3_600_000;

export interface GuardrailContext {
  readonly mode: AgentMode;
  readonly namespaces: readonly string[];
  readonly maxReplicas: number;
  readonly cooldownMilliseconds: number;
  readonly hourlyActionBudget: number;
  readonly now: Date;
  readonly incidentId: string;
  /** The workload the alert is about (null when none could be resolved). */
  readonly alertedTarget: WorkloadRef | null;
  /** Status of the incident's latest alert. */
  readonly alertStatus: 'firing' | 'resolved';
  /** Live spec.replicas of the target (null when unknown). */
  readonly currentReplicas: number | null;
  /**
   * HorizontalPodAutoscalers whose scaleTargetRef is the target, read live (null when the read
   * failed). A scale is refused while one exists, and when it cannot be known.
   */
  readonly autoscalers: readonly string[] | null;
  /** Live rollout revision of the target (null when unknown). */
  readonly currentRevision: number | null;
  readonly history: ActionHistorySnapshot;
  /** True once a human approved this incident's action. */
  readonly approved: boolean;
  /**
   * Set when the rule engine found structured evidence against acting (the workload is a victim,
   * or the node is at fault) but the model proposes a write: a human must confirm, in any mode.
   */
  readonly contested?: string | null;
}

function deny(reasons: DecisionReason[]): Decision {
  return { outcome: 'denied', reasons };
}

/** Decides whether `action` may be executed now. Never throws. */
export function evaluate(action: Action, context: GuardrailContext): Decision {
  const candidate = action as unknown as Record<string, unknown> | null;
  if (typeof candidate !== 'object' || candidate === null) {
    return deny([{ code: R.unknownActionType, message: 'the proposal is not an action object' }]);
  }
  if (candidate['type'] === 'none') {
    return deny([{ code: R.noAction, message: 'no action was proposed' }]);
  }
  if (!isActionType(candidate['type'])) {
    return deny([
      { code: R.unknownActionType, message: `"${String(candidate['type'])}" is not an action in the catalog` },
    ]);
  }
  const target = candidate['target'];
  if (!isWorkloadRef(target)) {
    return deny([{ code: R.invalidTarget, message: 'the action does not name a valid apps/v1 Deployment' }]);
  }
  const writing = action as Exclude<Action, { type: 'none' }>;
  const reasons: DecisionReason[] = [
    ...targetChecks(target, context),
    ...parameterChecks(writing, context),
    ...historyChecks(target, context),
  ];
  if (context.alertStatus === 'resolved') {
    reasons.push({
      code: R.alertResolved,
      message: 'the alert has resolved; a resolved alert never triggers an action',
    });
  }
  if (reasons.length > 0) return deny(reasons);
  if (context.mode === 'dry-run') {
    return deny([{ code: R.dryRun, message: 'dry-run mode: the action passed every check but is not executed' }]);
  }
  const contested = context.contested ? [{ code: R.contested, message: context.contested }] : [];
  if ((context.mode === 'approval' || contested.length > 0) && !context.approved) {
    return {
      outcome: 'needs-approval',
      reasons: [
        ...(context.mode === 'approval'
          ? [{ code: R.approvalRequired, message: 'approval mode: waiting for /approve' }]
          : []),
        ...contested,
      ],
    };
  }
  if (context.mode !== 'autonomous' && context.mode !== 'approval') {
    return deny([{ code: R.unknownActionType, message: `unknown mode "${String(context.mode)}"` }]);
  }
  return { outcome: 'allowed', reasons: [{ code: R.allowed, message: 'every guardrail check passed' }] };
}

function targetChecks(target: WorkloadRef, context: GuardrailContext): DecisionReason[] {
  const reasons: DecisionReason[] = [];
  if (context.alertedTarget === null) {
    reasons.push({ code: R.noAlertedTarget, message: 'the alert names no workload, so nothing may be changed' });
  } else if (!sameWorkload(target, context.alertedTarget)) {
    reasons.push({
      code: R.targetMismatch,
      message: `the action targets ${target.namespace}/${target.name}, the alert is about ${context.alertedTarget.namespace}/${context.alertedTarget.name}`,
    });
  }
  reasons.push(...scopeReasons(target.namespace, context.namespaces));
  return reasons;
}

function parameterChecks(action: Exclude<Action, { type: 'none' }>, context: GuardrailContext): DecisionReason[] {
  switch (action.type) {
    case 'restart':
      return [];
    case 'scale':
      return [...scaleChecks(action.replicas, context), ...autoscalerChecks(context)];
    case 'rollback': {
      const revision = action.toRevision;
      if (revision === undefined) return [];
      if (!Number.isSafeInteger(revision) || revision < 1) {
        return [{ code: R.rollbackRevisionInvalid, message: `revision ${String(revision)} is not a positive integer` }];
      }
      if (context.currentRevision !== null && revision >= context.currentRevision) {
        return [
          {
            code: R.rollbackRevisionInvalid,
            message: `revision ${revision} is not older than the live revision ${context.currentRevision}`,
          },
        ];
      }
      return [];
    }
  }
}

/** An HPA owns spec.replicas: a direct scale would be undone by it, or fight it. */
function autoscalerChecks(context: GuardrailContext): DecisionReason[] {
  if (context.autoscalers === null) {
    return [
      {
        code: R.autoscalerUnknown,
        message: 'whether a HorizontalPodAutoscaler owns the replica count is unknown (it could not be read)',
      },
    ];
  }
  if (context.autoscalers.length === 0) return [];
  return [
    {
      code: R.autoscalerOwnsReplicas,
      message: `the HorizontalPodAutoscaler ${context.autoscalers.join(', ')} owns the replica count; scaling directly would fight it`,
    },
  ];
}

function scaleChecks(replicas: unknown, context: GuardrailContext): DecisionReason[] {
  if (typeof replicas !== 'number' || !Number.isSafeInteger(replicas)) {
    return [{ code: R.replicasInvalid, message: `replicas ${String(replicas)} is not an integer` }];
  }
  const reasons: DecisionReason[] = [];
  if (replicas < 1) reasons.push({ code: R.replicasBelowMinimum, message: `replicas ${replicas} is below 1` });
  if (replicas > context.maxReplicas) {
    reasons.push({
      code: R.replicasAboveMaximum,
      message: `replicas ${replicas} is above the maximum ${context.maxReplicas}`,
    });
  }
  const current = context.currentReplicas;
  if (current === null) {
    reasons.push({ code: R.currentStateUnknown, message: 'the current replica count is unknown' });
  } else if (replicas === current) {
    reasons.push({ code: R.replicasUnchanged, message: `the Deployment already has ${current} replicas` });
  } else if (replicas > Math.max(current * 2, 1)) {
    reasons.push({
      code: R.replicasMoreThanDouble,
      message: `replicas ${replicas} is more than double the current ${current} (at most ${Math.max(current * 2, 1)} per step)`,
    });
  }
  return reasons;
}

function historyChecks(target: WorkloadRef, context: GuardrailContext): DecisionReason[] {
  const reasons: DecisionReason[] = [];
  const now = context.now.getTime();
  const others = context.history.applied.filter((entry) => entry.incidentId !== context.incidentId);
  const lastOnTarget = others
    .filter((entry) => sameWorkload(entry.target, target))
    .reduce<number | null>((latest, entry) => Math.max(latest ?? 0, entry.at.getTime()), null);
  if (lastOnTarget !== null && now - lastOnTarget < context.cooldownMilliseconds) {
    const remaining = Math.ceil((context.cooldownMilliseconds - (now - lastOnTarget)) / 1000);
    reasons.push({
      code: R.cooldownActive,
      message: `the workload was changed recently; cooldown ends in ${remaining}s`,
    });
  }
  const inLastHour = others.filter((entry) => now - entry.at.getTime() < HOUR_MILLISECONDS).length;
  if (inLastHour >= context.hourlyActionBudget) {
    reasons.push({
      code: R.hourlyBudgetExhausted,
      message: `${inLastHour} actions in the last hour; the budget is ${context.hourlyActionBudget}`,
    });
  }
  const busy = context.history.inFlight.some(
    (entry) => entry.incidentId !== context.incidentId && sameWorkload(entry.target, target),
  );
  if (busy) reasons.push({ code: R.actionInFlight, message: 'another incident is acting on this workload' });
  return reasons;
}
