/**
 * The deployment controller's arithmetic: surge and unavailability budgets, and whether two pod
 * templates are the same revision (equal apart from the pod-template-hash label).
 */
import type { Deployment, PodTemplate } from '../model/types.js';
import { canonicalJson } from '../random.js';

export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

function scaled(value: number | string | undefined, fallback: string, total: number, roundUp: boolean): number {
  const raw = value ?? fallback;
  if (typeof raw === 'number') return raw;
  const match = /^(\d+)%$/.exec(raw);
  if (match === null) {
    const parsed = Number(raw);
    if (Number.isInteger(parsed)) return parsed;
    throw new Error(`invalid int-or-percent value "${raw}"`);
  }
  const exact = (Number(match[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge (rounded up) and maxUnavailable (rounded down), never both zero, as in deploymentutil. */
export function rolloutBudget(deployment: Deployment): { maxSurge: number; maxUnavailable: number } {
  const replicas = deployment.spec.replicas ?? 1;
  if (deployment.spec.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: replicas };
  const rolling = deployment.spec.strategy?.rollingUpdate;
  const maxSurge = scaled(rolling?.maxSurge, '25%', replicas, true);
  let maxUnavailable = scaled(rolling?.maxUnavailable, '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

/** The template without the pod-template-hash label, for revision equality. */
export function templateWithoutHash(template: PodTemplate): PodTemplate {
  const copy = structuredClone(template);
  if (copy.metadata?.labels !== undefined) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata !== undefined && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}

/** Canonical form per template object; stored objects are never mutated in place, so identity is a safe key. */
const templateKeys = new WeakMap<PodTemplate, string>();

function templateKey(template: PodTemplate): string {
  let key = templateKeys.get(template);
  if (key === undefined) {
    key = canonicalJson(templateWithoutHash(template));
    templateKeys.set(template, key);
  }
  return key;
}

export function sameTemplate(left: PodTemplate, right: PodTemplate): boolean {
  return templateKey(left) === templateKey(right);
}
