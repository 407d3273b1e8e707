/**
 * The agent's action catalog: the single source of truth for what the agent may do.
 *
 * The agent's guardrails read it to decide whether a proposed action exists and which
 * fields it may touch; the AgentIdentity construct generates the agent's RBAC from it; the
 * Kyverno guardrail policies generate their admission checks from it. A new action cannot
 * ship without its RBAC and its guard because all three derive from this one object.
 *
 * This file is pure data (no cdk8s, no Kubernetes client) so any layer may import it.
 */

/** Every action type the agent can take, plus `none` (observe only). */
export const ACTION_TYPES = ['restart', 'scale', 'rollback'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Kubernetes verbs that the catalog may ever grant. `delete`, `create`, `escalate`, `bind`,
 * `impersonate`, `deletecollection` and `*` are deliberately absent from this type. */
export type GrantableVerb = 'get' | 'list' | 'watch' | 'patch' | 'update';

/** Verbs that must never be granted to the agent, checked by tests and by the RBAC construct. */
export const FORBIDDEN_VERBS = [
  '*',
  'create',
  'delete',
  'deletecollection',
  'escalate',
  'bind',
  'impersonate',
] as const;

/** Resources that must never be readable or writable by the agent. */
export const FORBIDDEN_RESOURCES = [
  '*',
  'secrets',
  'serviceaccounts/token',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
] as const;

/** One RBAC rule: an API group, one resource (or subresource) and its verbs. */
export interface PermissionRule {
  /** API group; `''` is the core group. */
  readonly apiGroup: string;
  /** Plural resource name, or `resource/subresource`. */
  readonly resource: string;
  readonly verbs: readonly GrantableVerb[];
}

/** The Kubernetes kinds an action can target. Only apps/v1 Deployments today. */
export type TargetKind = 'Deployment';

/** One action the agent can take. */
export interface ActionDefinition {
  readonly type: ActionType;
  /** One line for humans, prompts and docs. */
  readonly description: string;
  readonly targetKind: TargetKind;
  /** Writes the action performs in an allowlisted namespace (become namespaced Roles). */
  readonly writes: readonly PermissionRule[];
  /** Namespaced reads the action needs to act, verify and undo (on top of diagnosis reads). */
  readonly reads: readonly PermissionRule[];
  /**
   * JSON paths of the Deployment the action may change. Admission policies reject an agent
   * request that changes anything else.
   */
  readonly mutablePaths: readonly string[];
  /** Whether the agent can restore exactly what it changed when verification fails. */
  readonly reversible: boolean;
}

/** The pod-template annotation `kubectl rollout restart` sets; restart writes only this. */
export const RESTART_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** The Deployment annotation carrying the current rollout revision (set by the controller). */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

const deploymentsPatch: PermissionRule = { apiGroup: 'apps', resource: 'deployments', verbs: ['patch'] };
const deploymentsRead: PermissionRule = { apiGroup: 'apps', resource: 'deployments', verbs: ['get', 'list', 'watch'] };
const replicaSetsRead: PermissionRule = { apiGroup: 'apps', resource: 'replicasets', verbs: ['get', 'list', 'watch'] };
/** A scale is refused while an HPA owns the replicas: the guardrails read them right before it. */
const autoscalersRead: PermissionRule = {
  apiGroup: 'autoscaling',
  resource: 'horizontalpodautoscalers',
  verbs: ['get', 'list', 'watch'],
};

/** The catalog itself. Keys equal each definition's `type`. */
export const ACTION_CATALOG: { readonly [K in ActionType]: ActionDefinition & { readonly type: K } } = {
  restart: {
    type: 'restart',
    description: 'Rolling restart of a Deployment by setting the restartedAt pod-template annotation.',
    targetKind: 'Deployment',
    writes: [deploymentsPatch],
    reads: [deploymentsRead],
    mutablePaths: [`spec.template.metadata.annotations.${RESTART_ANNOTATION}`],
    reversible: true,
  },
  scale: {
    type: 'scale',
    description: 'Change the replica count of a Deployment through its scale subresource, within bounds.',
    targetKind: 'Deployment',
    writes: [{ apiGroup: 'apps', resource: 'deployments/scale', verbs: ['patch'] }, deploymentsPatch],
    reads: [deploymentsRead, { apiGroup: 'apps', resource: 'deployments/scale', verbs: ['get'] }, autoscalersRead],
    mutablePaths: ['spec.replicas'],
    reversible: true,
  },
  rollback: {
    type: 'rollback',
    description: 'Restore the pod template of the previous ReplicaSet revision, as `kubectl rollout undo` does.',
    targetKind: 'Deployment',
    writes: [deploymentsPatch],
    reads: [deploymentsRead, replicaSetsRead],
    mutablePaths: ['spec.template'],
    reversible: true,
  },
};

/** Cluster-wide reads the agent needs for diagnosis (ClusterRole, read-only). */
export const DIAGNOSIS_READS: readonly PermissionRule[] = [
  { apiGroup: '', resource: 'pods', verbs: ['get', 'list', 'watch'] },
  { apiGroup: '', resource: 'pods/log', verbs: ['get'] },
  { apiGroup: '', resource: 'events', verbs: ['get', 'list', 'watch'] },
  { apiGroup: '', resource: 'nodes', verbs: ['get', 'list', 'watch'] },
  deploymentsRead,
  replicaSetsRead,
  autoscalersRead,
];

/** Lists every definition in a stable order. */
export function listActions(): readonly ActionDefinition[] {
  return ACTION_TYPES.map((type) => ACTION_CATALOG[type]);
}

/** Type guard for untrusted strings (model output, API input). */
export function isActionType(value: unknown): value is ActionType {
  return typeof value === 'string' && (ACTION_TYPES as readonly string[]).includes(value);
}

/** Namespaces the agent must never act in, whatever the allowlist says. */
export const SYSTEM_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'default',
  'argocd',
  'linkerd',
  'linkerd-viz',
  'kyverno',
  'chaos-mesh',
  'monitoring',
  'observability',
  'logging',
  'ollama',
  'ai4all-sre',
  'cert-manager',
] as const;

/** True when a namespace is a hard-denied system namespace. */
export function isSystemNamespace(namespace: string): boolean {
  return (SYSTEM_NAMESPACES as readonly string[]).includes(namespace) || namespace.startsWith('kube-');
}
