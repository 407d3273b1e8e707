/**
 * Pure planning of a write: from an allowed action and the live Deployment (and its ReplicaSets
 * for a rollback) to the exact change and the record that undoes it; and the checks that tell
 * whether a change (or its undo) is live, used after conflicts, timeouts and restarts.
 */
import type { UndoRecord, WritingAction } from '../../domain/action.js';
import type { PlannedChange } from '../../domain/execution.js';
import type { DeploymentSnapshot, ReplicaSetSnapshot } from '../../ports/cluster.js';

const POD_TEMPLATE_HASH = 'pod-template-hash';

export type ChangePlan =
  | { readonly ok: true; readonly change: PlannedChange; readonly undo: UndoRecord }
  | { readonly ok: false; readonly reason: string };

export function planChange(
  action: WritingAction,
  deployment: DeploymentSnapshot,
  replicaSets: readonly ReplicaSetSnapshot[],
  now: Date,
): ChangePlan {
  if (deployment.paused && action.type !== 'scale') {
    return {
      ok: false,
      reason: `the Deployment is paused: a ${action.type} would not roll out until a human resumes it`,
    };
  }
  switch (action.type) {
    case 'restart':
      return {
        ok: true,
        change: { type: 'restart', annotation: now.toISOString() },
        undo: { type: 'restart', target: action.target, previousAnnotation: deployment.restartAnnotation },
      };
    case 'scale':
      return {
        ok: true,
        change: { type: 'scale', replicas: action.replicas },
        undo: { type: 'scale', target: action.target, previousReplicas: deployment.replicas },
      };
    case 'rollback': {
      const source = rollbackSource(action.toRevision, deployment, replicaSets);
      if (!source.ok) return source;
      return {
        ok: true,
        change: { type: 'rollback', toRevision: source.revision, template: withoutHash(source.template) },
        undo: { type: 'rollback', target: action.target, previousTemplate: { ...deployment.template } },
      };
    }
  }
}

/** The ReplicaSet to return to: `toRevision`, else the newest revision older than the live one. */
function rollbackSource(
  toRevision: number | undefined,
  deployment: DeploymentSnapshot,
  replicaSets: readonly ReplicaSetSnapshot[],
): { ok: true; revision: number; template: Readonly<Record<string, unknown>> } | { ok: false; reason: string } {
  const current = deployment.revision;
  const candidates = replicaSets
    .filter((set): set is ReplicaSetSnapshot & { revision: number } => set.revision !== null)
    .filter((set) => current === null || set.revision < current)
    .sort((left, right) => right.revision - left.revision);
  const chosen = toRevision === undefined ? candidates[0] : candidates.find((set) => set.revision === toRevision);
  if (!chosen) {
    return {
      ok: false,
      reason:
        toRevision === undefined
          ? `no revision older than ${current ?? 'the live one'} is kept, so there is nothing to roll back to`
          : `revision ${toRevision} is not among the kept ReplicaSets`,
    };
  }
  return { ok: true, revision: chosen.revision, template: chosen.template };
}

/** The template minus the controller's pod-template-hash label, as `kubectl rollout undo` does. */
export function withoutHash(template: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy = structuredClone(template) as { metadata?: { labels?: Record<string, string> } } & Record<
    string,
    unknown
  >;
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH];
  }
  return copy;
}

/** JSON with sorted keys, for comparing templates. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameTemplate(
  left: Readonly<Record<string, unknown>>,
  right: Readonly<Record<string, unknown>>,
): boolean {
  return canonical(withoutHash(left)) === canonical(withoutHash(right));
}

/** True when the Deployment shows the planned change. */
export function isChangeLive(change: PlannedChange, deployment: DeploymentSnapshot): boolean {
  switch (change.type) {
    case 'restart':
      return deployment.restartAnnotation === change.annotation;
    case 'scale':
      return deployment.replicas === change.replicas;
    case 'rollback':
      return sameTemplate(deployment.template, change.template);
  }
}

/** True when the Deployment already shows what the undo record restores. */
export function isUndoLive(undo: UndoRecord, deployment: DeploymentSnapshot): boolean {
  switch (undo.type) {
    case 'restart':
      return deployment.restartAnnotation === undo.previousAnnotation;
    case 'scale':
      return deployment.replicas === undo.previousReplicas;
    case 'rollback':
      return sameTemplate(deployment.template, undo.previousTemplate);
  }
}

export function describeChange(change: PlannedChange): string {
  switch (change.type) {
    case 'restart':
      return `set pod-template annotation restartedAt=${change.annotation}`;
    case 'scale':
      return `set replicas to ${change.replicas}`;
    case 'rollback':
      return `restore the pod template of revision ${change.toRevision}`;
  }
}

/** The change as journaled (a rollback's full template is left out: it is in the execution record). */
export function summarizeChange(change: PlannedChange): Record<string, unknown> {
  return change.type === 'rollback' ? { type: 'rollback', toRevision: change.toRevision } : { ...change };
}

/** What restores the workload, in words (for the timeline and for a human when the outcome is unknown). */
export function summarizeUndo(undo: UndoRecord): string {
  switch (undo.type) {
    case 'restart':
      return `restartedAt back to ${undo.previousAnnotation ?? '(unset)'}`;
    case 'scale':
      return `replicas back to ${undo.previousReplicas}`;
    case 'rollback':
      return 'the pod template back to the one live before the rollback';
  }
}
