/**
 * Guardrails for an undo record before it is written (issue 12): an undo is a write like any
 * action, and one read back from the journal is only as trustworthy as the file. Pure and total,
 * deny by default: it must restore the same kind of change on the same Deployment the action
 * changed, in an allowlisted, non-system namespace, and a scale undo stays within 1..maxReplicas.
 */
import type { Action, UndoRecord } from '../../domain/action.js';
import type { Decision, DecisionReason } from '../../domain/decision.js';
import { workloadKey, type WorkloadRef } from '../../domain/workload.js';
import { GUARDRAIL_REASONS as R } from './reason-codes.js';
import { scopeReasons } from './scope.js';

export interface UndoContext {
  readonly action: Action | null;
  /** The workload the incident's alert is about. */
  readonly alertedTarget: WorkloadRef | null;
  readonly namespaces: readonly string[];
  readonly maxReplicas: number;
}

export function evaluateUndo(undo: UndoRecord, context: UndoContext): Decision {
  const reasons: DecisionReason[] = [];
  const { action } = context;
  const target = undo.target as Partial<WorkloadRef> | undefined;
  if (
    !target ||
    typeof target.namespace !== 'string' ||
    typeof target.name !== 'string' ||
    target.kind !== 'Deployment'
  ) {
    return deny([{ code: R.invalidTarget, message: 'the undo record has no valid Deployment target' }]);
  }
  if (!action || action.type === 'none' || action.type !== undo.type) {
    reasons.push({
      code: R.unknownActionType,
      message: `the undo record (${String(undo.type)}) does not match the action the agent took (${action?.type ?? 'none'})`,
    });
  } else if (workloadKey(action.target) !== workloadKey(undo.target)) {
    reasons.push({ code: R.targetMismatch, message: 'the undo record targets another workload than the action' });
  }
  if (context.alertedTarget && workloadKey(context.alertedTarget) !== workloadKey(undo.target)) {
    reasons.push({ code: R.targetMismatch, message: 'the undo record targets another workload than the alert' });
  }
  reasons.push(...scopeReasons(undo.target.namespace, context.namespaces));
  if (undo.type === 'scale') {
    const replicas = undo.previousReplicas;
    if (!Number.isInteger(replicas))
      reasons.push({ code: R.replicasInvalid, message: 'the undo replica count is not an integer' });
    else if (replicas < 1)
      reasons.push({ code: R.replicasBelowMinimum, message: `undo to ${replicas} replicas is below 1` });
    else if (replicas > context.maxReplicas)
      reasons.push({
        code: R.replicasAboveMaximum,
        message: `undo to ${replicas} replicas is above ${context.maxReplicas}`,
      });
  }
  if (undo.type === 'rollback' && (typeof undo.previousTemplate !== 'object' || undo.previousTemplate === null)) {
    reasons.push({ code: R.invalidTarget, message: 'the undo record has no pod template' });
  }
  return reasons.length === 0
    ? { outcome: 'allowed', reasons: [{ code: R.allowed, message: 'the undo restores what the agent changed' }] }
    : deny(reasons);
}

function deny(reasons: DecisionReason[]): Decision {
  return { outcome: 'denied', reasons };
}
