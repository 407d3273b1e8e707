import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatIssues, validateObjects } from '../../test/support/manifest-validator.js';
import {
  agentPrivilegeViolations,
  effectiveRules,
  workloadHygieneViolations,
  type K8sObject,
} from '../../test/support/intent-checks.js';
import { EXAMPLE_OPTIONS, synthesizeOtherCluster } from './other-cluster.js';

describe('docs/examples/other-cluster.ts', () => {
  const { manifests, alertmanager } = synthesizeOtherCluster();
  const objects = Object.values(manifests).flatMap((yaml) =>
    parseAllDocuments(yaml).map((document) => document.toJS() as K8sObject),
  );

  it('synthesizes schema-valid manifests for the application, the agent and the app of apps', () => {
    expect(Object.keys(manifests)).toEqual(['shop', 'agent', 'apps']);
    const issues = validateObjects(objects);
    expect(issues, formatIssues(issues)).toEqual([]);
  });

  it('gives the agent write access only in the example namespace, and only what restart and scale need', () => {
    const rules = effectiveRules(objects, { name: 'ai4all-sre-agent', namespace: 'ai4all-sre' });
    expect(agentPrivilegeViolations(rules, [EXAMPLE_OPTIONS.appNamespace], 'ai4all-sre')).toEqual([]);
    const namespaced = rules.filter((rule) => rule.namespace === EXAMPLE_OPTIONS.appNamespace);
    expect(namespaced.flatMap((rule) => rule.resources ?? [])).toContain('deployments/scale');
    expect(namespaced.flatMap((rule) => rule.resources ?? [])).not.toContain('replicasets'); // rollback not enabled
    expect(workloadHygieneViolations(objects)).toEqual([]);
  });

  it('routes the example namespace to the agent', () => {
    expect(alertmanager.route.matchers).toEqual(['namespace=~"shop"']);
  });

  it('takes its options from the caller', () => {
    const other = synthesizeOtherCluster({ ...EXAMPLE_OPTIONS, appNamespace: 'store' });
    expect(other.manifests['shop']).toContain('namespace: store');
    expect(() => synthesizeOtherCluster({ ...EXAMPLE_OPTIONS, appNamespace: 'kube-system' })).toThrow(
      /system namespace/,
    );
  });
});
