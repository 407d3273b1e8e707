/**
 * Intent checks over synthesized Kubernetes objects: each returns the list of violations (empty =
 * the rule holds), so a test can show both that dist/ passes and that a broken object fails.
 */
import { FORBIDDEN_RESOURCES, FORBIDDEN_VERBS, RESTART_ANNOTATION } from '../../catalog/action-catalog.js';
import { ALERT_TARGET_LABELS, MANAGED_WORKLOAD_LABEL } from '../../catalog/agent-contract.js';
import { guaranteedLabels, promqlSyntaxErrors } from './promql.js';

/** A synthesized object, loosely typed (tests read what they check). */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
}
interface Subject {
  kind: string;
  name: string;
  namespace?: string;
}

const isRole = (object: K8sObject) => object.kind === 'Role' || object.kind === 'ClusterRole';
const id = (object: K8sObject) => `${object.kind} ${object.metadata.namespace ?? ''}/${object.metadata.name}`;

/** No `*` in verbs, resources or API groups of any Role/ClusterRole. */
export function wildcardViolations(objects: readonly K8sObject[]): string[] {
  return objects
    .filter(isRole)
    .flatMap((role) =>
      ((role['rules'] as PolicyRule[] | undefined) ?? []).flatMap((rule) =>
        [...rule.verbs, ...(rule.resources ?? []), ...(rule.apiGroups ?? [])]
          .filter((value) => value.includes('*'))
          .map((value) => `${id(role)} grants wildcard "${value}"`),
      ),
    );
}

/** One rule the ServiceAccount holds, with where it holds it (`undefined` = cluster-wide). */
export interface EffectiveRule extends PolicyRule {
  readonly namespace: string | undefined;
  readonly source: string;
}

/** Every rule bound to a ServiceAccount through (Cluster)RoleBindings in the given objects. */
export function effectiveRules(
  objects: readonly K8sObject[],
  account: { name: string; namespace: string },
): EffectiveRule[] {
  const rules: EffectiveRule[] = [];
  for (const binding of objects.filter(
    (object) => object.kind === 'RoleBinding' || object.kind === 'ClusterRoleBinding',
  )) {
    const subjects = (binding['subjects'] as Subject[] | undefined) ?? [];
    const bound = subjects.some(
      (s) => s.kind === 'ServiceAccount' && s.name === account.name && s.namespace === account.namespace,
    );
    if (!bound) continue;
    const roleRef = binding['roleRef'] as { kind: string; name: string };
    const namespace = binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
    const role = objects.find(
      (object) =>
        object.kind === roleRef.kind &&
        object.metadata.name === roleRef.name &&
        (roleRef.kind === 'ClusterRole' || object.metadata.namespace === namespace),
    );
    if (!role) {
      rules.push({
        namespace,
        source: `${id(binding)} → missing ${roleRef.kind} ${roleRef.name}`,
        verbs: ['<unknown>'],
      });
      continue;
    }
    for (const rule of (role['rules'] as PolicyRule[] | undefined) ?? [])
      rules.push({ ...rule, namespace, source: id(role) });
  }
  return rules;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);

/**
 * The agent's least privilege: no forbidden verb (delete, create, escalate, ...), no forbidden
 * resource (secrets, RBAC, tokens), cluster-wide only reads, writes only in allowlisted namespaces
 * (plus `update` on the one named Lease in its own namespace).
 */
export function agentPrivilegeViolations(
  rules: readonly EffectiveRule[],
  allowlist: readonly string[],
  agentNamespace: string,
): string[] {
  const violations: string[] = [];
  for (const rule of rules) {
    for (const verb of rule.verbs) {
      if ((FORBIDDEN_VERBS as readonly string[]).includes(verb) || verb === '<unknown>') {
        violations.push(`${rule.source} grants forbidden verb "${verb}"`);
      }
    }
    for (const resource of rule.resources ?? []) {
      if ((FORBIDDEN_RESOURCES as readonly string[]).includes(resource))
        violations.push(`${rule.source} grants "${resource}"`);
    }
    const writes = rule.verbs.filter((verb) => !READ_VERBS.has(verb));
    if (writes.length === 0) continue;
    const isLease =
      rule.namespace === agentNamespace &&
      (rule.resources ?? []).every((resource) => resource === 'leases') &&
      (rule.resourceNames ?? []).length === 1 &&
      writes.every((verb) => verb === 'update');
    if (rule.namespace === undefined) violations.push(`${rule.source} grants ${writes.join(',')} cluster-wide`);
    else if (!allowlist.includes(rule.namespace) && !isLease) {
      violations.push(`${rule.source} grants ${writes.join(',')} in non-allowlisted namespace ${rule.namespace}`);
    }
  }
  return violations;
}

interface Container {
  name: string;
  image: string;
  resources?: { limits?: Record<string, unknown>; requests?: Record<string, unknown> };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
    privileged?: boolean;
  };
}

function podTemplates(objects: readonly K8sObject[]): { owner: K8sObject; containers: Container[] }[] {
  return objects
    .filter((object) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(object.kind))
    .map((owner) => {
      const spec = (owner['spec'] as { template: { spec: { containers: Container[]; initContainers?: Container[] } } })
        .template.spec;
      return { owner, containers: [...spec.containers, ...(spec.initContainers ?? [])] };
    });
}

/** Every container has cpu+memory requests and limits, liveness and readiness probes. */
export function workloadHygieneViolations(objects: readonly K8sObject[]): string[] {
  return podTemplates(objects).flatMap(({ owner, containers }) =>
    containers.flatMap((container) => {
      const where = `${id(owner)} container ${container.name}`;
      const problems: string[] = [];
      for (const kind of ['limits', 'requests'] as const) {
        for (const resource of ['cpu', 'memory']) {
          if (container.resources?.[kind]?.[resource] === undefined)
            problems.push(`${where} has no ${resource} ${kind.slice(0, -1)}`);
        }
      }
      if (!container.livenessProbe) problems.push(`${where} has no liveness probe`);
      if (!container.readinessProbe) problems.push(`${where} has no readiness probe`);
      return problems;
    }),
  );
}

/** The Kyverno baseline at container level: non-root, no escalation, not privileged, ALL dropped, pinned image. */
export function baselineViolations(objects: readonly K8sObject[]): string[] {
  return podTemplates(objects).flatMap(({ owner, containers }) =>
    containers.flatMap((container) => {
      const where = `${id(owner)} container ${container.name}`;
      const context = container.securityContext ?? {};
      const problems: string[] = [];
      if (context.runAsNonRoot !== true) problems.push(`${where} may run as root`);
      if (context.allowPrivilegeEscalation !== false) problems.push(`${where} allows privilege escalation`);
      if (context.privileged === true) problems.push(`${where} is privileged`);
      if (!(context.capabilities?.drop ?? []).includes('ALL')) problems.push(`${where} does not drop ALL capabilities`);
      const tag = container.image.includes('@') ? 'digest' : container.image.split('/').at(-1)?.split(':')[1];
      if (!tag || tag === 'latest') problems.push(`${where} image ${container.image} is not pinned`);
      return problems;
    }),
  );
}

interface RuleGroup {
  rules: { alert?: string; record?: string; expr: string | number; labels?: Record<string, string> }[];
}

/**
 * Every alert parses and its result is guaranteed to carry `namespace` and `deployment`
 * (aggregated `by` them, directly or through a recording rule), per Prometheus' grammar.
 */
export function alertLabelViolations(objects: readonly K8sObject[]): string[] {
  const groups = objects
    .filter((object) => object.kind === 'PrometheusRule')
    .flatMap((object) => (object['spec'] as { groups: RuleGroup[] }).groups);
  const records = new Map(
    groups.flatMap((group) =>
      group.rules.filter((rule) => rule.record).map((rule) => [rule.record!, String(rule.expr)] as const),
    ),
  );
  const required = [ALERT_TARGET_LABELS.namespace, ALERT_TARGET_LABELS.deployment];
  return groups.flatMap((group) =>
    group.rules
      .filter((rule) => rule.alert)
      .flatMap((rule) => {
        const expr = String(rule.expr);
        const errors = promqlSyntaxErrors(expr);
        if (errors.length > 0) return errors.map((error) => `alert ${rule.alert}: ${error}`);
        const labels = guaranteedLabels(expr, records);
        const missing = required.filter((label) => !labels?.has(label));
        return missing.length === 0 ? [] : [`alert ${rule.alert} does not keep the label(s) ${missing.join(', ')}`];
      }),
  );
}

/** Every agent-managed Deployment is covered by an Application's ignoreDifferences (replicas + restart annotation). */
export function ignoreDifferencesViolations(
  workloads: readonly K8sObject[],
  applications: readonly K8sObject[],
): string[] {
  const pointer = `/spec/template/metadata/annotations/${RESTART_ANNOTATION.replaceAll('/', '~1')}`;
  const entries = applications.flatMap(
    (application) =>
      (
        application['spec'] as {
          ignoreDifferences?: { kind: string; name?: string; namespace?: string; jsonPointers?: string[] }[];
        }
      ).ignoreDifferences ?? [],
  );
  return workloads
    .filter((object) => object.kind === 'Deployment' && object.metadata.labels?.[MANAGED_WORKLOAD_LABEL] === 'true')
    .flatMap((deployment) => {
      const entry = entries.find(
        (candidate) =>
          candidate.kind === 'Deployment' &&
          (candidate.name === undefined || candidate.name === deployment.metadata.name) &&
          (candidate.namespace === undefined || candidate.namespace === deployment.metadata.namespace),
      );
      const pointers = entry?.jsonPointers ?? [];
      return ['/spec/replicas', pointer]
        .filter((path) => !pointers.includes(path))
        .map((path) => `${id(deployment)} is agent-managed but ArgoCD does not ignore ${path}`);
    });
}

interface PolicyPeer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string };
}
interface PolicyRuleSet {
  ports?: { port: number; protocol: string }[];
  from?: PolicyPeer[];
  to?: PolicyPeer[];
}

/**
 * A deny-by-default NetworkPolicy: both directions isolated; every ingress peer names a namespace
 * AND pods; every egress rule names its ports and only ports in `allowedEgressPorts`.
 */
export function networkPolicyViolations(policy: K8sObject, allowedEgressPorts: readonly number[]): string[] {
  const spec = policy['spec'] as { policyTypes?: string[]; ingress?: PolicyRuleSet[]; egress?: PolicyRuleSet[] };
  const problems: string[] = [];
  for (const type of ['Ingress', 'Egress']) {
    if (!spec.policyTypes?.includes(type)) problems.push(`${id(policy)} does not isolate ${type}`);
  }
  for (const rule of spec.ingress ?? []) {
    if (!rule.from?.length) problems.push(`${id(policy)} allows ingress from anywhere`);
    for (const peer of rule.from ?? []) {
      const pods = Object.keys(peer.podSelector?.matchLabels ?? {}).length;
      const namespaces = Object.keys(peer.namespaceSelector?.matchLabels ?? {}).length;
      if (pods === 0 || namespaces === 0)
        problems.push(`${id(policy)} ingress peer ${JSON.stringify(peer)} is too broad`);
    }
  }
  for (const rule of spec.egress ?? []) {
    if (!rule.ports?.length) problems.push(`${id(policy)} allows egress on every port`);
    for (const port of rule.ports ?? []) {
      if (!allowedEgressPorts.includes(port.port)) problems.push(`${id(policy)} allows egress to port ${port.port}`);
    }
  }
  return problems;
}
