/**
 * The agent's identity: a ServiceAccount with read access cluster-wide only to what diagnosis
 * needs, write access generated from the action catalog as namespaced Roles in each allowlisted
 * namespace only, and a pre-created leader-election Lease it may get/update but never create.
 */
import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  ACTION_CATALOG,
  ACTION_TYPES,
  DIAGNOSIS_READS,
  FORBIDDEN_RESOURCES,
  FORBIDDEN_VERBS,
  type ActionType,
  type GrantableVerb,
  type PermissionRule,
} from '../../catalog/action-catalog.js';
import { AGENT_DEFAULTS } from '../../catalog/agent-contract.js';
import {
  PropValidationError,
  requireDnsLabel,
  requireDnsSubdomain,
  requireUniqueNonEmpty,
  requireWorkloadNamespace,
} from '../core/prop-validation.js';
import { agentLabels } from './agent-labels.js';

/** Props of {@link AgentIdentity}. */
export interface AgentIdentityProps {
  /**
   * Namespaces the agent may act in. Each gets a Role + RoleBinding with exactly the writes and
   * reads of the enabled actions. System namespaces (SYSTEM_NAMESPACES, `kube-*`) are refused.
   */
  readonly allowlistedNamespaces: readonly string[];
  /** Namespace of the agent itself (ServiceAccount, Lease). @default AGENT_DEFAULTS.namespace */
  readonly namespace?: string;
  /** ServiceAccount name, also the prefix of the RBAC object names. @default AGENT_DEFAULTS.serviceAccountName */
  readonly serviceAccountName?: string;
  /** Actions whose permissions are granted. @default every action in ACTION_CATALOG */
  readonly actions?: readonly ActionType[];
  /** Name of the leader-election Lease, pre-created here. @default AGENT_DEFAULTS.leaseName */
  readonly leaseName?: string;
}

const CONSTRUCT = 'AgentIdentity';

/** Merges rules on the same group/resource and sorts them, so the generated RBAC is stable. */
export function mergeRules(rules: readonly PermissionRule[]): PermissionRule[] {
  const merged = new Map<string, { apiGroup: string; resource: string; verbs: Set<GrantableVerb> }>();
  for (const rule of rules) {
    const key = `${rule.apiGroup}/${rule.resource}`;
    const entry = merged.get(key) ?? { apiGroup: rule.apiGroup, resource: rule.resource, verbs: new Set() };
    for (const verb of rule.verbs) entry.verbs.add(verb);
    merged.set(key, entry);
  }
  return [...merged.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, entry]) => ({ apiGroup: entry.apiGroup, resource: entry.resource, verbs: [...entry.verbs].sort() }));
}

/** Refuses a rule set that grants anything the catalog forbids (defence in depth). */
function assertGrantable(rules: readonly PermissionRule[]): void {
  for (const rule of rules) {
    const forbiddenVerb = rule.verbs.find((verb) => (FORBIDDEN_VERBS as readonly string[]).includes(verb));
    if (
      forbiddenVerb !== undefined ||
      (FORBIDDEN_RESOURCES as readonly string[]).includes(rule.resource) ||
      rule.resource.includes('*') ||
      rule.apiGroup.includes('*')
    ) {
      throw new PropValidationError(CONSTRUCT, 'actions', rule, 'the catalog rule grants a forbidden verb or resource');
    }
  }
}

function toApiResource(rule: PermissionRule): kplus.IApiResource {
  return { apiGroup: rule.apiGroup === '' ? 'core' : rule.apiGroup, resourceType: rule.resource };
}

/** ServiceAccount, diagnosis ClusterRole, per-namespace action Roles and the leader-election Lease. */
export class AgentIdentity extends Construct {
  /** The agent's ServiceAccount; pass it to {@link AgentWorkload}. */
  readonly serviceAccount: kplus.ServiceAccount;
  /** Cluster-wide, read-only: DIAGNOSIS_READS. */
  readonly diagnosisRole: kplus.ClusterRole;
  /** One Role per allowlisted namespace, keyed by namespace. */
  readonly actionRoles: ReadonlyMap<string, kplus.Role>;
  /** get/update on the one Lease, in the agent namespace. */
  readonly leaderElectionRole: kplus.Role;
  /** Namespaces the agent may write in (validated). */
  readonly allowlistedNamespaces: readonly string[];
  /** Namespace of the agent. */
  readonly namespace: string;
  /** Name of the Lease. */
  readonly leaseName: string;

  constructor(scope: Construct, id: string, props: AgentIdentityProps) {
    super(scope, id);
    this.namespace = requireDnsLabel(CONSTRUCT, 'namespace', props.namespace ?? AGENT_DEFAULTS.namespace);
    const name = requireDnsSubdomain(
      CONSTRUCT,
      'serviceAccountName',
      props.serviceAccountName ?? AGENT_DEFAULTS.serviceAccountName,
    );
    this.leaseName = requireDnsSubdomain(CONSTRUCT, 'leaseName', props.leaseName ?? AGENT_DEFAULTS.leaseName);
    requireUniqueNonEmpty(CONSTRUCT, 'allowlistedNamespaces', props.allowlistedNamespaces);
    for (const namespace of props.allowlistedNamespaces) {
      requireWorkloadNamespace(CONSTRUCT, 'allowlistedNamespaces', namespace);
    }
    this.allowlistedNamespaces = [...props.allowlistedNamespaces].sort();
    const actions = props.actions ?? ACTION_TYPES;
    requireUniqueNonEmpty(CONSTRUCT, 'actions', actions);
    for (const action of actions) {
      if (!(ACTION_TYPES as readonly string[]).includes(action)) {
        throw new PropValidationError(CONSTRUCT, 'actions', action, `use only ${ACTION_TYPES.join(', ')}`);
      }
    }
    const labels = agentLabels(name);

    this.serviceAccount = new kplus.ServiceAccount(this, 'service-account', {
      metadata: { name, namespace: this.namespace, labels },
      // The pod mounts its token explicitly (AgentWorkload); other pods using this SA get none.
      automountToken: false,
    });

    const diagnosisRules = mergeRules(DIAGNOSIS_READS);
    assertGrantable(diagnosisRules);
    this.diagnosisRole = new kplus.ClusterRole(this, 'diagnosis-role', {
      metadata: { name: `${name}-diagnosis`, labels },
    });
    for (const rule of diagnosisRules) {
      const resource = toApiResource(rule);
      this.diagnosisRole.allow([...rule.verbs], kplus.ApiResource.custom(resource));
    }
    new kplus.ClusterRoleBinding(this, 'diagnosis-binding', {
      metadata: { name: `${name}-diagnosis`, labels },
      role: this.diagnosisRole,
    }).addSubjects(this.serviceAccount);

    const actionRules = mergeRules(
      actions.flatMap((action) => [...ACTION_CATALOG[action].writes, ...ACTION_CATALOG[action].reads]),
    );
    assertGrantable(actionRules);
    const actionRoles = new Map<string, kplus.Role>();
    for (const namespace of this.allowlistedNamespaces) {
      const role = new kplus.Role(this, `actions-${namespace}`, {
        metadata: { name: `${name}-actions`, namespace, labels },
      });
      for (const rule of actionRules) role.allow([...rule.verbs], toApiResource(rule));
      new kplus.RoleBinding(this, `actions-binding-${namespace}`, {
        metadata: { name: `${name}-actions`, namespace, labels },
        role,
      }).addSubjects(this.serviceAccount);
      actionRoles.set(namespace, role);
    }
    this.actionRoles = actionRoles;

    // The Lease exists before the agent starts, so the agent never needs `create` on leases.
    new ApiObject(this, 'lease', {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.leaseName, namespace: this.namespace, labels },
      spec: {},
    });
    this.leaderElectionRole = new kplus.Role(this, 'leader-election-role', {
      metadata: { name: `${name}-leader-election`, namespace: this.namespace, labels },
    });
    this.leaderElectionRole.allow(['get', 'update'], {
      apiGroup: 'coordination.k8s.io',
      resourceType: 'leases',
      resourceName: this.leaseName,
    });
    new kplus.RoleBinding(this, 'leader-election-binding', {
      metadata: { name: `${name}-leader-election`, namespace: this.namespace, labels },
      role: this.leaderElectionRole,
    }).addSubjects(this.serviceAccount);
  }
}
