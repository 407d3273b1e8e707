/**
 * The proposed change as a diff of the Deployment fields it touches: `spec.replicas` for a scale,
 * the pod template's restartedAt annotation for a restart, `spec.template` for a rollback. The
 * "before" side comes from the live Deployment when the caller could read it, else from what the
 * incident recorded (its undo record); the "after" side from the action and the planned write.
 */
import type { Action, UndoRecord } from '../../../domain/action.js';
import type { ExecutionRecord } from '../../../domain/execution.js';
import type { DeploymentSnapshot, ReplicaSetSnapshot } from '../../../ports/cluster.js';
import { escapeHtml } from './page.js';

export const RESTART_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

export interface FieldChange {
  /** The field's path in the Deployment, e.g. `spec.replicas`. */
  readonly field: string;
  /** Text of the value before, or null when not known. */
  readonly before: string | null;
  readonly after: string;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

/** What the incident itself knows (no cluster read): the action, the undo record, the planned write. */
export function recordedChanges(
  action: Action | null,
  undo: UndoRecord | null,
  execution: ExecutionRecord | undefined,
): FieldChange[] {
  if (!action || action.type === 'none') return [];
  const change = execution?.change;
  switch (action.type) {
    case 'scale':
      return [
        {
          field: 'spec.replicas',
          before: undo?.type === 'scale' ? String(undo.previousReplicas) : null,
          after: String(action.replicas),
        },
      ];
    case 'restart':
      return [
        {
          field: `spec.template.metadata.annotations["${RESTART_ANNOTATION}"]`,
          before: undo?.type === 'restart' ? (undo.previousAnnotation ?? '(not set)') : null,
          after: change?.type === 'restart' ? change.annotation : '(the time of the write)',
        },
      ];
    case 'rollback':
      return [
        {
          field: 'spec.template',
          before: undo?.type === 'rollback' ? json(undo.previousTemplate) : null,
          after:
            change?.type === 'rollback'
              ? json(change.template)
              : `(the pod template of revision ${action.toRevision ?? 'before the current one'})`,
        },
      ];
  }
}

/** The same fields, with "before" read from the live Deployment (and the rollback's target template). */
export function liveChanges(
  action: Action | null,
  deployment: DeploymentSnapshot,
  replicaSets: readonly ReplicaSetSnapshot[],
): FieldChange[] {
  if (!action || action.type === 'none') return [];
  switch (action.type) {
    case 'scale':
      return [{ field: 'spec.replicas', before: String(deployment.replicas), after: String(action.replicas) }];
    case 'restart':
      return [
        {
          field: `spec.template.metadata.annotations["${RESTART_ANNOTATION}"]`,
          before: deployment.restartAnnotation ?? '(not set)',
          after: '(the time of the write)',
        },
      ];
    case 'rollback': {
      const older = replicaSets
        .filter((set) => set.revision !== null && set.revision !== deployment.revision)
        .sort((left, right) => (right.revision ?? 0) - (left.revision ?? 0));
      const target =
        action.toRevision === undefined ? older[0] : older.find((set) => set.revision === action.toRevision);
      const template = target ? withoutHash(target.template) : null;
      return [
        {
          field: 'spec.template',
          before: json(deployment.template),
          after: template ? json(template) : `(revision ${action.toRevision ?? 'previous'} not found)`,
        },
      ];
    }
  }
}

/** The ReplicaSet's template minus the pod-template-hash label the controller adds. */
function withoutHash(template: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy = structuredClone(template) as { metadata?: { labels?: Record<string, string> } };
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return copy;
}

/** A line diff (longest common subsequence): ` ` kept, `-` removed, `+` added. */
export function lineDiff(before: string, after: string): { readonly sign: ' ' | '-' | '+'; readonly text: string }[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1)
    for (let j = b.length - 1; j >= 0; j -= 1)
      (table[i] as number[])[j] =
        a[i] === b[j]
          ? ((table[i + 1] as number[])[j + 1] ?? 0) + 1
          : Math.max((table[i + 1] as number[])[j] ?? 0, (table[i] as number[])[j + 1] ?? 0);
  const out: { sign: ' ' | '-' | '+'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ sign: ' ', text: a[i] ?? '' });
      i += 1;
      j += 1;
    } else if (
      i < a.length &&
      (j >= b.length || ((table[i + 1] as number[])[j] ?? 0) >= ((table[i] as number[])[j + 1] ?? 0))
    ) {
      // Removed lines before added ones, as a unified diff reads.
      out.push({ sign: '-', text: a[i] ?? '' });
      i += 1;
    } else {
      out.push({ sign: '+', text: b[j] ?? '' });
      j += 1;
    }
  }
  return out;
}

/** The changes as a unified-looking diff, one block per field. */
export function renderChanges(changes: readonly FieldChange[], source: 'live' | 'recorded'): string {
  if (changes.length === 0) return '<p>No change to the cluster is proposed.</p>';
  const note =
    source === 'live'
      ? '<p class="hint">Before: the Deployment as it is now in the cluster. After: what the action writes.</p>'
      : '<p class="hint">From the incident\'s own record (the live Deployment could not be read).</p>';
  const blocks = changes.map((change) => {
    const lines =
      change.before === null ? [{ sign: '+' as const, text: change.after }] : lineDiff(change.before, change.after);
    const body = lines
      .map((line) => {
        const kind = line.sign === '+' ? 'add' : line.sign === '-' ? 'del' : 'same';
        return `<span class="${kind}">${escapeHtml(`${line.sign} ${line.text}`)}</span>`;
      })
      .join('');
    return `<h4><code>${escapeHtml(change.field)}</code></h4><pre class="diff" aria-label="diff of ${escapeHtml(change.field)}">${body}</pre>`;
  });
  return [note, ...blocks].join('\n');
}
