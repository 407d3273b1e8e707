/**
 * The only code that writes to the cluster: applies a planned change, or the undo record, through
 * the Cluster port with the resourceVersion it was planned from. Conflicts, 5xx and timeouts are
 * retried a bounded number of times with a fresh read; after an ambiguous failure (timeout) the
 * live state is checked first, so a write that did land is never sent twice.
 */
import type { UndoRecord } from '../../domain/action.js';
import type { PlannedChange } from '../../domain/execution.js';
import type { WorkloadRef } from '../../domain/workload.js';
import { ClusterError, type Cluster, type DeploymentSnapshot, type WriteResult } from '../../ports/cluster.js';
import { isChangeLive, isUndoLive } from './change-plan.js';

const ATTEMPTS = 3;
const RETRYABLE = new Set(['conflict', 'unavailable', 'timeout']);

export interface WriteAttempt {
  readonly attempt: number;
  readonly outcome: 'written' | 'already-live' | 'error';
  readonly detail: string;
}

export type WriteOutcome =
  | { readonly ok: true; readonly result: WriteResult; readonly attempts: readonly WriteAttempt[] }
  | { readonly ok: false; readonly error: string; readonly code: string; readonly attempts: readonly WriteAttempt[] };

export function writeChange(
  cluster: Cluster,
  target: WorkloadRef,
  change: PlannedChange,
  undo: UndoRecord,
  expected: string,
) {
  return writeWithRetry(
    cluster,
    target,
    expected,
    (deployment) => isChangeLive(change, deployment),
    (deployment) => isUndoLive(undo, deployment),
    (resourceVersion) => {
      switch (change.type) {
        case 'restart':
          return cluster.setRestartAnnotation(target, change.annotation, resourceVersion);
        case 'scale':
          return cluster.scaleDeployment(target, change.replicas, resourceVersion);
        case 'rollback':
          return cluster.setPodTemplate(target, change.template, resourceVersion);
      }
    },
  );
}

export function writeUndo(cluster: Cluster, undo: UndoRecord, change: PlannedChange, expected: string) {
  return writeWithRetry(
    cluster,
    undo.target,
    expected,
    (deployment) => isUndoLive(undo, deployment),
    (deployment) => isChangeLive(change, deployment),
    (resourceVersion) => {
      switch (undo.type) {
        case 'restart':
          return cluster.setRestartAnnotation(undo.target, undo.previousAnnotation, resourceVersion);
        case 'scale':
          return cluster.scaleDeployment(undo.target, undo.previousReplicas, resourceVersion);
        case 'rollback':
          return cluster.setPodTemplate(undo.target, undo.previousTemplate, resourceVersion);
      }
    },
  );
}

async function writeWithRetry(
  cluster: Cluster,
  target: WorkloadRef,
  expected: string,
  isLive: (deployment: DeploymentSnapshot) => boolean,
  /** The fields the write replaces still hold what the plan was computed from. */
  baseUnchanged: (deployment: DeploymentSnapshot) => boolean,
  write: (resourceVersion: string) => Promise<WriteResult>,
): Promise<WriteOutcome> {
  const attempts: WriteAttempt[] = [];
  let resourceVersion = expected;
  let lastError: { message: string; code: string } = { message: 'not attempted', code: 'unknown' };
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    try {
      const result = await write(resourceVersion);
      attempts.push({
        attempt,
        outcome: 'written',
        detail: `resourceVersion ${result.resourceVersion}, generation ${result.generation}`,
      });
      return { ok: true, result, attempts };
    } catch (error) {
      const code = error instanceof ClusterError ? error.code : 'unknown';
      lastError = { message: error instanceof Error ? error.message : String(error), code };
      attempts.push({ attempt, outcome: 'error', detail: lastError.message });
      if (!RETRYABLE.has(code)) break;
    }
    // Fresh read: the write may have landed (timeout), or someone else changed the object (conflict).
    try {
      const fresh = await cluster.getDeployment(target);
      if (isLive(fresh)) {
        attempts.push({
          attempt,
          outcome: 'already-live',
          detail: `the change is live at resourceVersion ${fresh.resourceVersion}`,
        });
        return { ok: true, result: { resourceVersion: fresh.resourceVersion, generation: fresh.generation }, attempts };
      }
      if (!baseUnchanged(fresh)) {
        lastError = {
          message: 'the Deployment was changed by someone else since the plan; not overwriting it',
          code: 'conflict',
        };
        attempts.push({ attempt, outcome: 'error', detail: lastError.message });
        break;
      }
      resourceVersion = fresh.resourceVersion;
    } catch (error) {
      lastError = {
        message: error instanceof Error ? error.message : String(error),
        code: error instanceof ClusterError ? error.code : 'unknown',
      };
    }
  }
  return { ok: false, error: lastError.message, code: lastError.code, attempts };
}
