/**
 * The agent's RBAC from dist/, evaluated by a real API server: as the agent's ServiceAccount it
 * may do exactly what the action catalog grants in its allowlisted namespaces, read what
 * diagnosis needs, and nothing else (no delete, no create, no secrets, no other namespace, no
 * escalation).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_DEFAULTS, FORBIDDEN_RESOURCES, FORBIDDEN_VERBS, SYSTEM_NAMESPACES } from '../../../catalog/index.js';
import {
  type AgentRbac,
  type Permission,
  agentRbacFromDist,
  catalogReads,
  catalogWrites,
  diagnosisReads,
  permission,
} from './support/agent-rbac.js';
import { heldRules, isAllowed, serviceAccountConfig } from './support/access-review.js';
import { loadDistObjects } from './support/dist.js';
import { CreatedObjects, testKubeConfig } from './support/kube.js';

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
/** A namespace the agent is not allowlisted in (created by the test). */
const UNLISTED_NAMESPACE = 'ai4all-sre-unlisted';
/** Rules every authenticated identity holds (built-in system:basic-user / discovery roles). */
const BUILT_IN_SELF_REVIEWS = new Set<Permission>([
  permission('authorization.k8s.io', 'selfsubjectaccessreviews', 'create'),
  permission('authorization.k8s.io', 'selfsubjectrulesreviews', 'create'),
  permission('authentication.k8s.io', 'selfsubjectreviews', 'create'),
]);

const split = (value: Permission) => {
  const [group = '', resource = '', verb = ''] = value.split('|');
  return { group, resource, verb };
};

describe('the agent ServiceAccount on a real API server (SubjectAccessReview)', () => {
  let admin: KubeConfig;
  let tracker: CreatedObjects;
  let rbac: AgentRbac;

  /** Every (namespace, permission) in `cases` whose answer differs from `expected`. */
  async function mismatches(cases: ReadonlyArray<readonly [string, Permission]>, expected: boolean): Promise<string[]> {
    const wrong: string[] = [];
    for (const [namespace, value] of cases) {
      const allowed = await isAllowed(admin, rbac, { namespace, ...split(value) });
      if (allowed !== expected) wrong.push(`${allowed ? 'allowed' : 'denied'}: ${value} in "${namespace || '*'}"`);
    }
    return wrong;
  }

  beforeAll(async () => {
    admin = testKubeConfig();
    tracker = new CreatedObjects(admin);
    rbac = agentRbacFromDist(await loadDistObjects());
    const namespaces = new Set([rbac.namespace, UNLISTED_NAMESPACE, ...rbac.allowlisted]);
    for (const object of rbac.objects) if (object.metadata?.namespace) namespaces.add(object.metadata.namespace);
    for (const name of namespaces) await tracker.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    for (const object of rbac.objects) await tracker.apply(object);
  });

  afterAll(async () => {
    await tracker?.deleteAll();
  });

  it('is allowlisted in at least one namespace, none of them a system namespace', () => {
    expect(rbac.allowlisted.length).toBeGreaterThan(0);
    expect(
      rbac.allowlisted.filter((namespace) => (SYSTEM_NAMESPACES as readonly string[]).includes(namespace)),
    ).toEqual([]);
  });

  it('may do every write and read of the action catalog in each allowlisted namespace', async () => {
    const cases = rbac.allowlisted.flatMap((namespace) =>
      [...catalogWrites(), ...catalogReads()].map((value) => [namespace, value] as const),
    );
    expect(await mismatches(cases, true)).toEqual([]);
  });

  it('may read what diagnosis needs in every namespace', async () => {
    expect(
      await mismatches(
        [...diagnosisReads()].map((value) => ['', value] as const),
        true,
      ),
    ).toEqual([]);
  });

  it('may use no other verb on the resources the catalog names', async () => {
    const granted = new Set([...catalogWrites(), ...catalogReads(), ...diagnosisReads()]);
    const resources = new Set([...granted].map((value) => `${split(value).group}|${split(value).resource}`));
    const cases = rbac.allowlisted.flatMap((namespace) =>
      [...resources].flatMap((groupResource) =>
        ALL_VERBS.map((verb) => `${groupResource}|${verb}`)
          .filter((value) => !granted.has(value))
          .map((value) => [namespace, value] as const),
      ),
    );
    expect(cases.length).toBeGreaterThan(0);
    expect(await mismatches(cases, false)).toEqual([]);
  });

  it('may not delete, create or use any forbidden verb on workloads, anywhere', async () => {
    const targets = [
      '|pods',
      'apps|deployments',
      'apps|replicasets',
      '|services',
      '|configmaps',
      '|namespaces',
      'batch|jobs',
    ];
    const namespaces = [...rbac.allowlisted, UNLISTED_NAMESPACE, ''];
    const cases = namespaces.flatMap((namespace) =>
      targets.flatMap((target) => FORBIDDEN_VERBS.map((verb) => [namespace, `${target}|${verb}`] as const)),
    );
    expect(await mismatches(cases, false)).toEqual([]);
  });

  it('may not touch secrets or any other forbidden resource', async () => {
    const groupOf = (resource: string) => (/roles|rolebindings/.test(resource) ? 'rbac.authorization.k8s.io' : '');
    const namespaces = [...rbac.allowlisted, rbac.namespace, ''];
    const cases = namespaces.flatMap((namespace) =>
      FORBIDDEN_RESOURCES.flatMap((resource) =>
        ALL_VERBS.map((verb) => [namespace, permission(groupOf(resource), resource, verb)] as const),
      ),
    );
    expect(await mismatches(cases, false)).toEqual([]);
  });

  it('may not change Deployments outside its allowlist (system namespaces included)', async () => {
    const outside = [UNLISTED_NAMESPACE, ...SYSTEM_NAMESPACES].filter(
      (namespace) => !rbac.allowlisted.includes(namespace),
    );
    const cases = outside.flatMap((namespace) => [...catalogWrites()].map((value) => [namespace, value] as const));
    expect(await mismatches(cases, false)).toEqual([]);
  });

  it('may not escalate: no bind, escalate, impersonate, token minting, exec or eviction', async () => {
    const escalations = [
      permission('rbac.authorization.k8s.io', 'roles', 'escalate'),
      permission('rbac.authorization.k8s.io', 'roles', 'bind'),
      permission('rbac.authorization.k8s.io', 'clusterroles', 'escalate'),
      permission('rbac.authorization.k8s.io', 'clusterroles', 'bind'),
      permission('', 'users', 'impersonate'),
      permission('', 'groups', 'impersonate'),
      permission('', 'serviceaccounts', 'impersonate'),
      permission('authentication.k8s.io', 'userextras', 'impersonate'),
      permission('', 'serviceaccounts/token', 'create'),
      permission('', 'pods/exec', 'create'),
      permission('', 'pods/attach', 'create'),
      permission('', 'pods/eviction', 'create'),
      permission('', 'nodes/proxy', 'get'),
      permission('certificates.k8s.io', 'certificatesigningrequests', 'create'),
    ];
    const namespaces = [...rbac.allowlisted, rbac.namespace, ''];
    expect(
      await mismatches(
        namespaces.flatMap((namespace) => escalations.map((value) => [namespace, value] as const)),
        false,
      ),
    ).toEqual([]);
  });

  it('holds exactly the catalog rules in each allowlisted namespace (SelfSubjectRulesReview with its own token)', async () => {
    const agent = await serviceAccountConfig(admin, rbac.namespace, AGENT_DEFAULTS.serviceAccountName);
    const expected = new Set([...catalogWrites(), ...catalogReads(), ...diagnosisReads()]);
    for (const namespace of rbac.allowlisted) {
      const held = await heldRules(agent, namespace);
      const heldPermissions = new Set(held.map((rule) => rule.permission));
      const extra = held
        .filter((rule) => !expected.has(rule.permission) && !BUILT_IN_SELF_REVIEWS.has(rule.permission))
        .filter((rule) => !isLeaseException(namespace, rule.permission, rule.resourceNames))
        .map(
          (rule) => `${rule.permission}${rule.resourceNames.length > 0 ? ` [${rule.resourceNames.join(',')}]` : ''}`,
        );
      const missing = [...expected].filter((value) => !heldPermissions.has(value));
      expect({ namespace, extra, missing }).toEqual({ namespace, extra: [], missing: [] });
    }
  });

  /** The one grant outside the catalog: get/update of the pre-created leader-election Lease, by name, in the agent's namespace. */
  function isLeaseException(namespace: string, value: Permission, resourceNames: readonly string[]): boolean {
    const { group, resource, verb } = split(value);
    return (
      namespace === rbac.namespace &&
      group === 'coordination.k8s.io' &&
      resource === 'leases' &&
      ['get', 'update', 'patch'].includes(verb) &&
      resourceNames.length === 1 &&
      resourceNames[0] === AGENT_DEFAULTS.leaseName
    );
  }
});
