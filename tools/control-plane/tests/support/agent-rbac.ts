/**
 * The agent's RBAC as dist/ ships it, and the permissions the action catalog says it must have.
 */
import type { KubernetesObject, V1ClusterRole, V1Role, V1RoleBinding } from '@kubernetes/client-node';
import { ACTION_CATALOG, ACTION_TYPES, AGENT_DEFAULTS, DIAGNOSIS_READS } from '../../../../catalog/index.js';
import type { DistObject } from './dist.js';

/** One permission: `group|resource|verb` (resource may be `resource/subresource`). */
export type Permission = string;
export const permission = (group: string, resource: string, verb: string): Permission => `${group}|${resource}|${verb}`;

export interface AgentRbac {
  readonly serviceAccount: KubernetesObject;
  readonly namespace: string;
  readonly user: string;
  readonly groups: readonly string[];
  /** The ServiceAccount, its Roles/ClusterRoles and bindings, and its Lease, in apply order. */
  readonly objects: readonly KubernetesObject[];
  /** Namespaces where a RoleBinding gives the agent a catalog write. */
  readonly allowlisted: readonly string[];
}

type Binding = V1RoleBinding & KubernetesObject;
type AnyRole = (V1Role | V1ClusterRole) & KubernetesObject;

const isBinding = (object: KubernetesObject): object is Binding =>
  object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding';
const isRole = (object: KubernetesObject): object is AnyRole => object.kind === 'Role' || object.kind === 'ClusterRole';

/** Every catalog write (all actions), as permissions. */
export function catalogWrites(): Set<Permission> {
  const result = new Set<Permission>();
  for (const type of ACTION_TYPES) {
    for (const rule of ACTION_CATALOG[type].writes) {
      for (const verb of rule.verbs) result.add(permission(rule.apiGroup, rule.resource, verb));
    }
  }
  return result;
}

/** Every catalog read (all actions), as permissions. */
export function catalogReads(): Set<Permission> {
  const result = new Set<Permission>();
  for (const type of ACTION_TYPES) {
    for (const rule of ACTION_CATALOG[type].reads) {
      for (const verb of rule.verbs) result.add(permission(rule.apiGroup, rule.resource, verb));
    }
  }
  return result;
}

/** Cluster-wide diagnosis reads, as permissions. */
export function diagnosisReads(): Set<Permission> {
  return new Set(
    DIAGNOSIS_READS.flatMap((rule) => rule.verbs.map((verb) => permission(rule.apiGroup, rule.resource, verb))),
  );
}

function grantsCatalogWrite(role: AnyRole | undefined): boolean {
  const writes = catalogWrites();
  return (role?.rules ?? []).some((rule) =>
    (rule.apiGroups ?? []).some((group) =>
      (rule.resources ?? []).some((resource) =>
        (rule.verbs ?? []).some((verb) => writes.has(permission(group, resource, verb))),
      ),
    ),
  );
}

const isAgentLease = (object: KubernetesObject) =>
  object.kind === 'Lease' && object.metadata?.name === AGENT_DEFAULTS.leaseName;

/** Finds the agent's ServiceAccount, its bindings and their roles in dist/. */
export function agentRbacFromDist(dist: readonly DistObject[]): AgentRbac {
  const objects = dist.map(({ object }) => object);
  const serviceAccount = objects.find(
    (object) => object.kind === 'ServiceAccount' && object.metadata?.name === AGENT_DEFAULTS.serviceAccountName,
  );
  if (!serviceAccount) {
    throw new Error(
      `dist/ has no ServiceAccount named ${AGENT_DEFAULTS.serviceAccountName}: synthesize the agent (npm run synth)`,
    );
  }
  const namespace = serviceAccount.metadata?.namespace ?? AGENT_DEFAULTS.namespace;
  const name = serviceAccount.metadata?.name ?? '';
  const bindings = objects
    .filter(isBinding)
    .filter((binding) =>
      (binding.subjects ?? []).some(
        (subject) =>
          subject.kind === 'ServiceAccount' &&
          subject.name === name &&
          (subject.namespace ?? binding.metadata?.namespace) === namespace,
      ),
    );
  if (bindings.length === 0)
    throw new Error(`dist/ binds no Role or ClusterRole to ServiceAccount ${namespace}/${name}`);
  const roleFor = (binding: Binding): AnyRole | undefined =>
    objects
      .filter(isRole)
      .find(
        (role) =>
          role.kind === binding.roleRef.kind &&
          role.metadata?.name === binding.roleRef.name &&
          (role.kind === 'ClusterRole' || role.metadata?.namespace === binding.metadata?.namespace),
      );
  const roles = [...new Set(bindings.map(roleFor).filter((role): role is AnyRole => role !== undefined))];
  const allowlisted = [
    ...new Set(
      bindings
        .filter((binding) => binding.kind === 'RoleBinding' && grantsCatalogWrite(roleFor(binding)))
        .map((binding) => binding.metadata?.namespace ?? ''),
    ),
  ].sort();
  return {
    serviceAccount,
    namespace,
    user: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
    // The leader-election Lease is pre-created by the manifests (the agent may not create it).
    objects: [serviceAccount, ...roles, ...bindings, ...objects.filter(isAgentLease)],
    allowlisted,
  };
}
