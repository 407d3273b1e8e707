import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { KyvernoValidatingPolicy } from '../../constructs/policy/kyverno-validating-policy.js';
import { NarrowPolicyException } from '../../constructs/policy/narrow-policy-exception.js';
import { evaluateAdmission, toCelValue } from './admission-evaluator.js';
import type { AdmissionCase } from './admission-case.js';

type Policy = Parameters<typeof evaluateAdmission>[0];
type Exception = NonNullable<Parameters<typeof evaluateAdmission>[2]>[number];

function synth(build: (chart: Chart) => void): unknown[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson();
}

const [policy] = synth(
  (chart) =>
    new KyvernoValidatingPolicy(chart, 'p', {
      name: 'replicas-small',
      description: 'Replicas stay small.',
      resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE'] }],
      namespaces: ['demo'],
      matchConditions: [{ name: 'not-system', expression: "!request.userInfo.username.startsWith('system:node')" }],
      variables: [{ name: 'replicas', expression: 'object.spec.?replicas.orValue(1)' }],
      validations: [
        { expression: 'variables.replicas <= 3', message: 'at most 3 replicas' },
        { expression: 'object.spec.template.spec.containers.size() > 0', message: 'needs containers' },
      ],
    }),
) as [Policy];

function request(replicas: number | undefined, overrides: Partial<AdmissionCase> = {}): AdmissionCase {
  return {
    operation: 'CREATE',
    namespace: 'demo',
    name: 'web',
    userInfo: { username: 'alice' },
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    object: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'demo' },
      spec: { ...(replicas === undefined ? {} : { replicas }), template: { spec: { containers: [{ name: 'c' }] } } },
    },
    ...overrides,
  };
}

describe('evaluateAdmission', () => {
  it('binds integers as CEL ints', () => {
    expect(toCelValue({ a: [1, 1.5] })).toEqual({ a: [1n, 1.5] });
  });

  it('admits, denies with the message, and evaluates variables', () => {
    expect(evaluateAdmission(policy, request(3))).toEqual({ decision: 'admitted' });
    expect(evaluateAdmission(policy, request(undefined))).toEqual({ decision: 'admitted' });
    expect(evaluateAdmission(policy, request(4))).toEqual({ decision: 'denied', messages: ['at most 3 replicas'] });
  });

  it('skips requests outside the resource rules, namespace selector or match conditions', () => {
    expect(evaluateAdmission(policy, request(9, { operation: 'UPDATE' }))).toMatchObject({ decision: 'not-matched' });
    expect(evaluateAdmission(policy, request(9, { namespace: 'other' }))).toMatchObject({ decision: 'not-matched' });
    expect(evaluateAdmission(policy, request(9, { userInfo: { username: 'system:node:n1' } }))).toMatchObject({
      decision: 'not-matched',
      reason: 'matchCondition not-system',
    });
  });

  it('denies when a validation errors, as failurePolicy Fail does', () => {
    const broken = request(1);
    const result = evaluateAdmission(policy, { ...broken, object: { ...broken.object, spec: { replicas: 1 } } });
    expect(result.decision).toBe('denied');
    if (result.decision === 'denied') expect(result.messages[0]).toMatch(/^evaluation error/);
  });

  it('applies a matching PolicyException and ignores one for another policy', () => {
    const exception = (policyName: string) =>
      synth(
        (chart) =>
          new NarrowPolicyException(chart, 'e', {
            name: 'web-big',
            namespace: 'demo',
            policyName,
            kind: 'Deployment',
            objectNames: ['web'],
            justification: 'The web Deployment is load tested here and needs more replicas than the default.',
          }),
      )[0] as Exception;
    expect(evaluateAdmission(policy, request(9), [exception('replicas-small')])).toEqual({
      decision: 'excepted',
      exception: 'web-big',
    });
    expect(evaluateAdmission(policy, request(9), [exception('other-policy')]).decision).toBe('denied');
  });
});
