import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AGENT_DEFAULTS } from '../catalog/agent-contract.js';
import { LAB_NAMESPACES } from '../catalog/platform-contract.js';
import { DEPLOYMENT_SPEC_FIXED_FIELDS } from '../constructs/policy/agent-guardrail-policy.js';
import { REPOSITORY_ROOT, defaultSchemasDirectory } from '../test/support/schema-set.js';
import { formatIssues, loadManifestObjects, validateObjects } from '../test/support/manifest-validator.js';
import { AGENT_ALLOWLISTED_NAMESPACES, buildPoliciesChart } from './policies-chart.js';
import { evaluateAdmission } from './testing/admission-evaluator.js';
import { loadFixtures, toAdmissionCase } from './testing/admission-case.js';

type Policy = Parameters<typeof evaluateAdmission>[0] & { kind: string; apiVersion: string };

const FIXTURES = join(REPOSITORY_ROOT, 'policies', 'fixtures');
const policies = App._synthChart(buildPoliciesChart(new App())) as Policy[];
const byName = new Map(policies.map((policy) => [policy.metadata.name, policy]));

describe('policies chart', () => {
  it('synthesizes schema-valid ValidatingPolicies', () => {
    expect(policies.map((policy) => policy.kind)).toEqual(Array(policies.length).fill('ValidatingPolicy'));
    const issues = validateObjects(policies);
    expect(issues, formatIssues(issues)).toEqual([]);
  });

  it('enforces the baseline in the demo and agent namespaces and excludes neither', () => {
    for (const policy of policies.filter((candidate) => candidate.metadata.name.startsWith('workload-'))) {
      const expressions = policy.spec.matchConstraints?.namespaceSelector?.matchExpressions ?? [];
      expect(expressions).toEqual([
        { key: 'kubernetes.io/metadata.name', operator: 'In', values: [LAB_NAMESPACES.agent, LAB_NAMESPACES.demo] },
      ]);
      expect(JSON.stringify(policy)).not.toMatch(/NotIn|excludeResourceRules/);
    }
  });

  it('matches the agent guardrails on the agent ServiceAccount in every namespace', () => {
    const guardrails = byName.get('ai4all-sre-agent-guardrails');
    expect(guardrails?.spec.matchConstraints?.namespaceSelector).toBeUndefined();
    expect(guardrails?.spec.matchConditions?.[0]?.expression).toBe(
      `request.userInfo.username == 'system:serviceaccount:${AGENT_DEFAULTS.namespace}:${AGENT_DEFAULTS.serviceAccountName}'`,
    );
  });

  it('compares every apps/v1 DeploymentSpec field the catalog does not make mutable', () => {
    const definitions = JSON.parse(
      readFileSync(join(defaultSchemasDirectory(), 'kubernetes', 'v1.28.0', '_definitions.json'), 'utf8'),
    ) as { definitions: Record<string, { properties: Record<string, unknown> }> };
    const fields = Object.keys(definitions.definitions['io.k8s.api.apps.v1.DeploymentSpec']?.properties ?? {});
    expect(fields.length).toBeGreaterThan(0);
    expect([...DEPLOYMENT_SPEC_FIXED_FIELDS, 'replicas', 'template'].sort()).toEqual(fields.sort());
  });
});

describe('policy fixtures', () => {
  it('every policy has a fixture folder with pass and fail cases, and no folder is orphaned', () => {
    expect(readdirSync(FIXTURES).sort()).toEqual([...byName.keys()].sort());
    for (const name of byName.keys()) {
      const fixtures = loadFixtures(join(FIXTURES, name));
      expect(
        fixtures.some((fixture) => fixture.expectation === 'pass'),
        name,
      ).toBe(true);
      expect(
        fixtures.some((fixture) => fixture.expectation === 'fail'),
        name,
      ).toBe(true);
    }
  });

  it('fixture objects are schema-valid Kubernetes objects', () => {
    const objects = [...byName.keys()].flatMap((name) =>
      loadFixtures(join(FIXTURES, name)).flatMap(({ fixture }) => [
        ...(fixture.object ? [fixture.object] : []),
        ...(fixture.oldObject ? [fixture.oldObject] : []),
        ...fixture.cluster,
      ]),
    );
    // Fixtures carry read-only metadata (uid) as the API server sends it in admission requests.
    const issues = validateObjects(objects);
    expect(issues, formatIssues(issues)).toEqual([]);
  });

  for (const [name, policy] of byName) {
    describe(name, () => {
      for (const { file, expectation, fixture } of loadFixtures(join(FIXTURES, name))) {
        const label = `${expectation}: ${file.split('/').at(-1)} — ${fixture.description}`;
        it(label, () => {
          const result = evaluateAdmission(policy, toAdmissionCase(fixture));
          if (expectation === 'fail') {
            expect(result.decision).toBe('denied');
            if (result.decision === 'denied') expect(result.messages).toContain(fixture.expectDenial);
          } else {
            expect(result).toMatchObject({ decision: fixture.expectDecision ?? 'admitted' });
          }
        });
      }
    });
  }
});

describe('the platform passes its own policies', () => {
  it('the guardrail allowlist equals the namespaces where the agent RBAC can write Deployments', () => {
    interface Rule {
      apiGroups?: string[];
      resources?: string[];
      verbs?: string[];
    }
    const objects = loadManifestObjects(join(REPOSITORY_ROOT, 'dist')).map(
      ({ object }) => object as { kind: string; metadata: { name: string; namespace?: string }; rules?: Rule[] },
    );
    const writable = objects
      .filter((object) => object.kind === 'Role')
      .filter((role) =>
        (role.rules ?? []).some(
          (rule) =>
            (rule.apiGroups ?? []).includes('apps') &&
            (rule.resources ?? []).some((resource) => resource.startsWith('deployments')) &&
            (rule.verbs ?? []).some((verb) => ['patch', 'update'].includes(verb)),
        ),
      )
      .map((role) => role.metadata.namespace);
    expect(writable.length).toBeGreaterThan(0);
    expect([...new Set(writable)].sort()).toEqual([...AGENT_ALLOWLISTED_NAMESPACES].sort());
    const guardrails = byName.get('ai4all-sre-agent-guardrails');
    const namespaceCheck = guardrails?.spec.validations?.find((validation) =>
      validation.expression.startsWith('request.namespace in'),
    );
    expect(namespaceCheck?.expression).toBe(
      `request.namespace in [${AGENT_ALLOWLISTED_NAMESPACES.map((namespace) => `'${namespace}'`).join(', ')}]`,
    );
  });

  it('every synthesized workload in dist/ is admitted by the baseline', () => {
    const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);
    const workloads = loadManifestObjects(join(REPOSITORY_ROOT, 'dist'))
      .map(
        ({ object }) => object as { kind: string; apiVersion: string; metadata: { name: string; namespace?: string } },
      )
      .filter((object) => workloadKinds.has(object.kind));
    expect(workloads.length).toBeGreaterThan(0);
    const denials: string[] = [];
    let matched = 0;
    for (const workload of workloads) {
      for (const policy of policies.filter((candidate) => candidate.metadata.name.startsWith('workload-'))) {
        const result = evaluateAdmission(
          policy,
          toAdmissionCase({
            description: 'synthesized workload',
            operation: 'CREATE',
            username: 'system:serviceaccount:argocd:argocd-application-controller',
            object: workload,
            cluster: [],
          }),
        );
        if (result.decision !== 'not-matched') matched += 1;
        if (result.decision === 'denied') {
          denials.push(
            `${workload.kind} ${workload.metadata.namespace}/${workload.metadata.name}: ${result.messages.join(' | ')}`,
          );
        }
      }
    }
    expect(matched).toBeGreaterThan(0);
    expect(denials).toEqual([]);
  });
});
