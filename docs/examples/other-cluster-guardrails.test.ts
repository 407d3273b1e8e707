import { describe, expect, it } from 'vitest';
import { evaluateAdmission } from '../../policies/testing/admission-evaluator.js';
import { formatIssues, validateObjects } from '../../test/support/manifest-validator.js';
import { GUARDRAIL_EXAMPLE, synthesizeGuardrailExample } from './other-cluster-guardrails.js';

type Policy = Parameters<typeof evaluateAdmission>[0];

const objects = synthesizeGuardrailExample();
const guardrails = objects.find(
  (object) => (object['metadata'] as { name: string }).name === 'shop-agent-guardrails',
) as unknown as Policy;

function scale(namespace: string, from: number, to: number) {
  const object = (replicas: number) => ({
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: 'checkout', namespace },
    spec: { replicas },
  });
  return evaluateAdmission(guardrails, {
    operation: 'UPDATE',
    namespace,
    name: 'checkout',
    userInfo: {
      username: `system:serviceaccount:${GUARDRAIL_EXAMPLE.agentNamespace}:${GUARDRAIL_EXAMPLE.serviceAccountName}`,
    },
    subResource: 'scale',
    resource: { group: 'apps', version: 'v1', resource: 'deployments' },
    object: object(to),
    oldObject: object(from),
  });
}

describe('docs/examples/other-cluster-guardrails.ts', () => {
  it('synthesizes schema-valid policies, chaos and dashboard objects', () => {
    expect(objects.map((object) => object['kind'])).toEqual([
      ...Array<string>(6).fill('ValidatingPolicy'),
      'PodChaos',
      'ConfigMap',
    ]);
    const issues = validateObjects(objects);
    expect(issues, formatIssues(issues)).toEqual([]);
  });

  it('lets the other cluster’s agent scale in its namespace within its own maximum, and nowhere else', () => {
    expect(scale('shop', 3, 6)).toEqual({ decision: 'admitted' });
    expect(scale('shop', 4, 8).decision).toBe('denied');
    expect(scale('payments', 1, 2).decision).toBe('denied');
  });
});
