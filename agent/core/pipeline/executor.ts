/**
 * The only code that writes to the cluster: applies a planned change, or the undo record, through
 * the Cluster port with the resourceVersion it was planned from. Conflicts, 5xx and timeouts are
 * retried a bounded number of times with a fresh read; after an ambiguous failure (timeout, 5xx,
 * a lost reply) the live state is checked first, so a write that did land is never sent twice. When
 * the write may have landed and the reads keep failing, it keeps re-reading (bounded, backing off)
 * until it knows; if it never does, the outcome says `applied: 'unknown'`, never "not applied".
 */
import type { UndoRecord } from '../../domain/action.js';
import type { PlannedChange } from '../../domain/execution.js';
import type { WorkloadRef } from '../../domain/workload.js';
import { ClusterError, type Cluster, type DeploymentSnapshot, type WriteResult } from '../../ports/cluster.js';
import { isChangeLive, isUndoLive } from './change-plan.js';

const ATTEMPTS = 3;
const RETRYABLE = new Set(['conflict', 'unavailable', 'timeout']);
/** Failures after which the write may have been stored (the request may have reached the API server). */
const AMBIGUOUS = new Set(['unavailable', 'timeout', 'unknown']);

/** How long to keep re-reading after an ambiguous failure: waits between reads, in milliseconds. */
export const CONFIRM_BACKOFF_MILLISECONDS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 30_000, 30_000];

export interface ConfirmOptions {
  readonly sleep: (milliseconds: number) => Promise<void>;
  readonly backoffMilliseconds?: readonly number[];
}

export interface WriteAttempt {
  readonly attempt: number;
  readonly outcome: 'written' | 'already-live' | 'error' | 'read-failed' | 'not-live';
  readonly detail: string;
}

export type WriteOutcome =
  | { readonly ok: true; readonly result: WriteResult; readonly attempts: readonly WriteAttempt[] }
  | {
      readonly ok: false;
      readonly error: string;
      readonly code: string;
      /** `no`: a read after the last attempt showed the change is not live; `unknown`: it may be. */
      readonly applied: 'no' | 'unknown';
      readonly attempts: readonly WriteAttempt[];
    };

export function writeChange(
  cluster: Cluster,
  target: WorkloadRef,
  change: PlannedChange,
  undo: UndoRecord,
  expected: string,
  confirm?: ConfirmOptions,
) {
  return writeWithRetry(
    cluster,
    target,
    expected,
    confirm,
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

export function writeUndo(
  cluster: Cluster,
  undo: UndoRecord,
  change: PlannedChange,
  expected: string,
  confirm?: ConfirmOptions,
) {
  return writeWithRetry(
    cluster,
    undo.target,
    expected,
    confirm,
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
  confirm: ConfirmOptions | undefined,
  isLive: (deployment: DeploymentSnapshot) => boolean,
  /** The fields the write replaces still hold what the plan was computed from. */
  baseUnchanged: (deployment: DeploymentSnapshot) => boolean,
  write: (resourceVersion: string) => Promise<WriteResult>,
): Promise<WriteOutcome> {
  const attempts: WriteAttempt[] = [];
  let resourceVersion = expected;
  let lastError: { message: string; code: string } = { message: 'not attempted', code: 'unknown' };
  /** True while a write may have landed and no read since has shown otherwise. */
  let mayHaveLanded = false;
  const liveResult = (fresh: DeploymentSnapshot, attempt: number): WriteOutcome => {
    attempts.push({
      attempt,
      outcome: 'already-live',
      detail: `the change is live at resourceVersion ${fresh.resourceVersion}`,
    });
    return { ok: true, result: { resourceVersion: fresh.resourceVersion, generation: fresh.generation }, attempts };
  };
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
      if (AMBIGUOUS.has(code)) mayHaveLanded = true;
      if (!RETRYABLE.has(code)) break;
    }
    // Fresh read: the write may have landed (timeout), or someone else changed the object (conflict).
    try {
      const fresh = await cluster.getDeployment(target);
      if (isLive(fresh)) return liveResult(fresh, attempt);
      // Not live: with the resourceVersion precondition, an earlier attempt did not land (or was
      // replaced by someone else's change, which the next check refuses to overwrite).
      mayHaveLanded = false;
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
      attempts.push({
        attempt,
        outcome: 'read-failed',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  if (!mayHaveLanded) return { ok: false, error: lastError.message, code: lastError.code, applied: 'no', attempts };
  // The write may have landed and nothing since has said otherwise: re-read until the answer is known.
  const backoff = confirm?.backoffMilliseconds ?? CONFIRM_BACKOFF_MILLISECONDS;
  for (const [index, wait] of (confirm ? backoff : []).entries()) {
    await confirm!.sleep(wait);
    try {
      const fresh = await cluster.getDeployment(target);
      if (isLive(fresh)) return liveResult(fresh, ATTEMPTS + index + 1);
      attempts.push({
        attempt: ATTEMPTS + index + 1,
        outcome: 'not-live',
        detail: `not live at resourceVersion ${fresh.resourceVersion}`,
      });
      return { ok: false, error: lastError.message, code: lastError.code, applied: 'no', attempts };
    } catch (error) {
      attempts.push({
        attempt: ATTEMPTS + index + 1,
        outcome: 'read-failed',
        detail: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { ok: false, error: lastError.message, code: lastError.code, applied: 'unknown', attempts };
}
