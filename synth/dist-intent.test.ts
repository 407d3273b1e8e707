/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- the tests mutate plain JSON copies of dist/ objects */
/**
 * What dist/ must mean, beyond being schema-valid: each rule is checked on dist/ and, to show the
 * check can fail, on a copy of dist/ broken in exactly that way.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_DEFAULTS, DEMO_APP, PLATFORM_PORTS } from '../catalog/index.js';
import {
  agentPrivilegeViolations,
  alertLabelViolations,
  baselineViolations,
  effectiveRules,
  ignoreDifferencesViolations,
  networkPolicyViolations,
  wildcardViolations,
  workloadHygieneViolations,
  type K8sObject,
} from '../test/support/intent-checks.js';
import { loadManifestObjects } from '../test/support/manifest-validator.js';
import { REPOSITORY_ROOT } from '../test/support/schema-set.js';

const dist = loadManifestObjects(join(REPOSITORY_ROOT, 'dist')).map((manifest) => manifest.object as K8sObject);
const applications = dist.filter((object) => object.kind === 'Application');
const workloads = dist.filter((object) => object.kind !== 'Application' && object.kind !== 'AppProject');
const agent = { name: AGENT_DEFAULTS.serviceAccountName, namespace: AGENT_DEFAULTS.namespace };
const allowlist = [DEMO_APP.namespace];

/** A deep copy of dist/ with `change` applied to the first object `match` selects. */
function broken(match: (object: K8sObject) => boolean, change: (object: Record<string, any>) => void): K8sObject[] {
  const copy = structuredClone(dist);
  const target = copy.find(match);
  if (!target) throw new Error('no object to break');
  change(target as Record<string, any>);
  return copy;
}
/** Fails unless there is at least one violation and every violation matches `pattern`. */
function expectOnly(violations: string[], pattern: RegExp): void {
  expect(violations.length).toBeGreaterThan(0);
  for (const violation of violations) expect(violation).toMatch(pattern);
}
const named = (kind: string, name: string) => (object: K8sObject) =>
  object.kind === kind && object.metadata.name === name;

describe('agent RBAC in dist/', () => {
  const rules = effectiveRules(dist, agent);

  it('binds the agent to diagnosis reads, per-namespace action writes and the Lease', () => {
    expect(new Set(rules.map((rule) => rule.namespace))).toEqual(
      new Set([undefined, DEMO_APP.namespace, AGENT_DEFAULTS.namespace]),
    );
    expect(rules.some((rule) => rule.resources?.includes('deployments/scale') && rule.verbs.includes('patch'))).toBe(
      true,
    );
  });

  it('has no wildcard verbs, resources or groups', () => {
    expect(wildcardViolations(dist)).toEqual([]);
    const bad = broken(named('ClusterRole', `${agent.name}-diagnosis`), (role) => (role.rules[0].verbs = ['*']));
    expect(wildcardViolations(bad)).toHaveLength(1);
  });

  it('cannot delete, create, read secrets or write outside its allowlisted namespaces', () => {
    expect(agentPrivilegeViolations(rules, allowlist, agent.namespace)).toEqual([]);
    const check = (objects: K8sObject[]) =>
      agentPrivilegeViolations(effectiveRules(objects, agent), allowlist, agent.namespace);
    const role = named('Role', `${agent.name}-actions`);
    expectOnly(check(broken(role, (r) => r.rules[0].verbs.push('delete'))), /forbidden verb "delete"/);
    expectOnly(check(broken(role, (r) => r.rules[0].verbs.push('create'))), /forbidden verb "create"/);
    expect(
      check(broken(role, (r) => r.rules.push({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }))),
    ).toEqual([expect.stringMatching(/grants "secrets"/)]);
    const outside = broken(
      named('RoleBinding', `${agent.name}-actions`),
      (binding) => (binding.metadata.namespace = 'payments'),
    );
    const moved = outside.map((object) =>
      named('Role', `${agent.name}-actions`)(object)
        ? { ...object, metadata: { ...object.metadata, namespace: 'payments' } }
        : object,
    );
    expectOnly(check(moved), /non-allowlisted namespace payments/);
    const clusterWrite = broken(named('ClusterRole', `${agent.name}-diagnosis`), (r) => r.rules[0].verbs.push('patch'));
    expectOnly(check(clusterWrite), /cluster-wide/);
  });

  it('may only get/update the one pre-created Lease (no create)', () => {
    const lease = rules.filter((rule) => rule.resources?.includes('leases'));
    expect(lease).toEqual([
      expect.objectContaining({ verbs: ['get', 'update'], resourceNames: [AGENT_DEFAULTS.leaseName] }),
    ]);
    expect(dist.some(named('Lease', AGENT_DEFAULTS.leaseName))).toBe(true);
  });
});

describe('agent network policy in dist/', () => {
  const ports = [
    PLATFORM_PORTS.prometheus,
    PLATFORM_PORTS.loki,
    PLATFORM_PORTS.ollama,
    PLATFORM_PORTS.dns,
    ...PLATFORM_PORTS.apiServer,
  ];
  const policy = named('NetworkPolicy', AGENT_DEFAULTS.name);

  it('isolates both directions: ingress only from named pods in named namespaces, egress only on platform ports', () => {
    const found = dist.find(policy);
    expect(found).toBeDefined();
    expect(networkPolicyViolations(found!, ports)).toEqual([]);
  });

  it('fails when a rule is widened', () => {
    const widened = broken(policy, (p) => {
      delete p.spec.ingress[0].from[0].podSelector;
      p.spec.egress[0].ports.push({ port: 22, protocol: 'TCP' });
    });
    expect(networkPolicyViolations(widened.find(policy)!, ports)).toHaveLength(2);
  });
});

describe('workloads in dist/', () => {
  it('every container has requests, limits, liveness and readiness probes', () => {
    expect(workloadHygieneViolations(workloads)).toEqual([]);
    const bad = broken(named('Deployment', 'frontend'), (d) => {
      delete d.spec.template.spec.containers[0].livenessProbe;
      delete d.spec.template.spec.containers[0].resources.limits.memory;
    });
    expect(workloadHygieneViolations(bad)).toHaveLength(2);
  });

  it('every container meets the baseline: non-root, no escalation, ALL dropped, pinned image', () => {
    expect(baselineViolations(workloads)).toEqual([]);
    const bad = broken(named('Deployment', 'redis-cart'), (d) => {
      d.spec.template.spec.containers[0].image = 'redis:latest';
      d.spec.template.spec.containers[0].securityContext.capabilities.drop = [];
    });
    expect(baselineViolations(bad)).toHaveLength(2);
  });

  it('deploys every Online Boutique component and the load generator, labelled for alerts and agent', () => {
    const deployments = workloads.filter(
      (object) => object.kind === 'Deployment' && object.metadata.namespace === DEMO_APP.namespace,
    );
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(
      [...DEMO_APP.services, DEMO_APP.loadGenerator].sort(),
    );
    for (const deployment of deployments)
      expect(deployment.metadata.labels?.[DEMO_APP.workloadLabel]).toBe(deployment.metadata.name);
  });
});

describe('alert rules in dist/', () => {
  it('every alert keeps the namespace and deployment labels the agent resolves', () => {
    expect(dist.some((object) => object.kind === 'PrometheusRule')).toBe(true);
    expect(alertLabelViolations(dist)).toEqual([]);
    const bad = broken(
      (object) => object.kind === 'PrometheusRule',
      (rule) =>
        (rule.spec.groups[1].rules[2].expr = 'max by (namespace) (kube_pod_container_status_waiting_reason) > 0'),
    );
    expect(alertLabelViolations(bad)).toHaveLength(1);
  });
});

describe('app of apps in dist/', () => {
  it('every agent-managed Deployment is excluded from self-heal for replicas and the restart annotation', () => {
    expect(ignoreDifferencesViolations(workloads, applications)).toEqual([]);
    const stripped = applications.map((application) => ({
      ...application,
      spec: { ...(application['spec'] as object), ignoreDifferences: [] },
    }));
    expect(ignoreDifferencesViolations(workloads, stripped).length).toBeGreaterThan(0);
  });

  it('every Application syncs automatically with prune, selfHeal and server-side apply', () => {
    expect(applications.length).toBeGreaterThan(0);
    for (const application of applications) {
      const policy = (application['spec'] as { syncPolicy: { automated: object; syncOptions: string[] } }).syncPolicy;
      expect(policy.automated, application.metadata.name).toEqual({ prune: true, selfHeal: true });
      expect(policy.syncOptions).toContain('ServerSideApply=true');
    }
  });
});
