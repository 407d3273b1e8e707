import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { PropValidationError } from '../core/prop-validation.js';
import { AgentGuardrailPolicy } from './agent-guardrail-policy.js';
import { KyvernoValidatingPolicy, type KyvernoValidatingPolicyProps } from './kyverno-validating-policy.js';
import { EXCEPTION_JUSTIFICATION_ANNOTATION, NarrowPolicyException } from './narrow-policy-exception.js';
import { WorkloadBaselinePolicies } from './workload-baseline-policies.js';

const chart = () => new Chart(new App(), 'test');
const base: KyvernoValidatingPolicyProps = {
  name: 'example',
  description: 'An example policy.',
  resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments'], operations: ['CREATE'] }],
  namespaces: ['online-boutique'],
  validations: [{ expression: 'true', message: 'never fails' }],
};

describe('KyvernoValidatingPolicy', () => {
  it('renders explicit namespaces, Deny, failurePolicy Fail and no autogen', () => {
    const scope = chart();
    new KyvernoValidatingPolicy(scope, 'p', base);
    expect(scope.toJson()[0]).toMatchObject({
      apiVersion: 'policies.kyverno.io/v1',
      kind: 'ValidatingPolicy',
      spec: {
        validationActions: ['Deny'],
        failurePolicy: 'Fail',
        autogen: { podControllers: { controllers: [] } },
        matchConstraints: {
          namespaceSelector: {
            matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['online-boutique'] }],
          },
        },
      },
    });
  });

  it.each([
    ['resourceRules', { resourceRules: [{ ...base.resourceRules[0]!, resources: ['*'] }] }],
    ['namespaces', { namespaces: [] }],
    ['validations', { validations: [{ expression: 'true', message: ' ' }] }],
    ['validations', { validations: [] }],
    ['name', { name: 'Not_A_Name' }],
  ] as const)('rejects a bad %s', (prop, override) => {
    expect(() => new KyvernoValidatingPolicy(chart(), 'p', { ...base, ...override })).toThrow(`prop "${prop}"`);
  });
});

describe('AgentGuardrailPolicy', () => {
  it('refuses system namespaces and the agent namespace in the allowlist', () => {
    expect(() => new AgentGuardrailPolicy(chart(), 'g', { allowlistedNamespaces: ['kube-system'] })).toThrow(
      PropValidationError,
    );
    expect(() => new AgentGuardrailPolicy(chart(), 'g', { allowlistedNamespaces: ['team-a', 'ai4all-sre'] })).toThrow(
      PropValidationError,
    );
    expect(() => new AgentGuardrailPolicy(chart(), 'g', { allowlistedNamespaces: [] })).toThrow(PropValidationError);
  });

  it('matches the configured ServiceAccount and denies create and delete too', () => {
    const scope = chart();
    const policy = new AgentGuardrailPolicy(scope, 'g', {
      allowlistedNamespaces: ['team-a'],
      agentNamespace: 'sre',
      serviceAccountName: 'bot',
    });
    expect(policy.agentUsername).toBe('system:serviceaccount:sre:bot');
    const spec = (
      scope.toJson()[0] as {
        spec: { matchConstraints: { resourceRules: { operations: string[]; resources: string[] }[] } };
      }
    ).spec;
    expect(spec.matchConstraints.resourceRules).toEqual([
      expect.objectContaining({
        operations: ['CREATE', 'UPDATE', 'DELETE'],
        resources: ['deployments', 'deployments/scale'],
      }),
    ]);
  });
});

describe('WorkloadBaselinePolicies', () => {
  it('requires agent namespaces to be protected namespaces and mesh images to be registry-qualified', () => {
    expect(() => new WorkloadBaselinePolicies(chart(), 'b', { namespaces: ['a'], agentNamespaces: ['b'] })).toThrow(
      'prop "agentNamespaces"',
    );
    expect(
      () =>
        new WorkloadBaselinePolicies(chart(), 'b', {
          namespaces: ['a'],
          agentNamespaces: [],
          meshContainers: [{ name: 'linkerd-init', imagePrefix: 'proxy-init', addCapabilities: ['NET_ADMIN'] }],
        }),
    ).toThrow('prop "meshContainers"');
  });
});

describe('NarrowPolicyException', () => {
  it('excepts one policy for named objects of one kind in one namespace, with the justification attached', () => {
    const scope = chart();
    new NarrowPolicyException(scope, 'e', {
      name: 'loadgenerator-probes',
      namespace: 'online-boutique',
      policyName: 'workload-probes',
      kind: 'Deployment',
      objectNames: ['loadgenerator'],
      justification: 'The load generator serves no traffic, so there is nothing for a readiness probe to check.',
    });
    expect(scope.toJson()[0]).toMatchObject({
      kind: 'PolicyException',
      metadata: {
        namespace: 'online-boutique',
        annotations: { [EXCEPTION_JUSTIFICATION_ANNOTATION]: expect.any(String) },
      },
      spec: {
        policyRefs: [{ name: 'workload-probes', kind: 'ValidatingPolicy' }],
        matchConditions: [
          {
            name: 'named-objects',
            expression:
              "request.namespace == 'online-boutique' && object.kind == 'Deployment' && object.metadata.name in ['loadgenerator']",
          },
        ],
      },
    });
  });

  it('rejects wide or unjustified exceptions', () => {
    const props = {
      name: 'x',
      namespace: 'online-boutique',
      policyName: 'workload-probes',
      kind: 'Deployment',
      objectNames: ['loadgenerator'],
      justification: 'The load generator serves no traffic, so there is nothing to probe.',
    };
    expect(() => new NarrowPolicyException(chart(), 'e', { ...props, objectNames: [] })).toThrow('prop "objectNames"');
    expect(() => new NarrowPolicyException(chart(), 'e', { ...props, objectNames: ['*'] })).toThrow(
      'prop "objectNames"',
    );
    expect(() => new NarrowPolicyException(chart(), 'e', { ...props, justification: 'needed' })).toThrow(
      'prop "justification"',
    );
  });
});
