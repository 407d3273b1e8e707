/**
 * CEL building blocks shared by the workload policies: which resources carry a pod template, and
 * variables that reach the pod spec and its containers whatever the kind. Written in the CEL
 * subset both Kyverno (cel-go with the Kubernetes extension libraries) and the test evaluator
 * support: optional field selection (`.?x.orValue(d)`), `all`/`exists`/`map`/`filter`, `in`,
 * and the `strings` extension (`lastIndexOf`, `startsWith`).
 */
import type { PolicyResourceRule, PolicyVariable } from './kyverno-validating-policy.js';

const CREATE_UPDATE = ['CREATE', 'UPDATE'] as const;

/** Bare Pods (checked because a Pod can be created without any controller). */
export const POD_RULE: PolicyResourceRule = {
  apiGroups: [''],
  apiVersions: ['v1'],
  resources: ['pods'],
  operations: CREATE_UPDATE,
};

/** Long-running pod controllers (they need probes). */
export const LONG_RUNNING_CONTROLLER_RULE: PolicyResourceRule = {
  apiGroups: ['apps'],
  apiVersions: ['v1'],
  resources: ['deployments', 'statefulsets', 'daemonsets'],
  operations: CREATE_UPDATE,
};

/** Every pod controller: long-running ones, ReplicaSets, Jobs and CronJobs. */
export const CONTROLLER_RULES: readonly PolicyResourceRule[] = [
  { ...LONG_RUNNING_CONTROLLER_RULE, resources: [...LONG_RUNNING_CONTROLLER_RULE.resources, 'replicasets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'], operations: CREATE_UPDATE },
];

/** `variables.podSpec`: the pod spec of a Pod, a pod controller or a CronJob. */
export const POD_SPEC_VARIABLE: PolicyVariable = {
  name: 'podSpec',
  expression:
    "object.kind == 'Pod' ? object.spec : " +
    "(object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec)",
};

/** `variables.containers`: regular, init and ephemeral containers of `variables.podSpec`. */
export const CONTAINERS_VARIABLE: PolicyVariable = {
  name: 'containers',
  expression:
    'variables.podSpec.containers + variables.podSpec.?initContainers.orValue([]) + ' +
    'variables.podSpec.?ephemeralContainers.orValue([])',
};

/** Renders a CEL list literal of strings. */
export function celStringList(values: readonly string[]): string {
  return `[${values.map((value) => celString(value)).join(', ')}]`;
}

/** Renders a CEL single-quoted string literal. */
export function celString(value: string): string {
  if (/['\\\n\r]/.test(value)) throw new Error(`celString: value ${JSON.stringify(value)} needs escaping`);
  return `'${value}'`;
}
