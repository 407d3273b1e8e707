import { describe, expect, it } from 'vitest';
import {
  ACTION_CATALOG,
  ACTION_TYPES,
  DIAGNOSIS_READS,
  FORBIDDEN_RESOURCES,
  FORBIDDEN_VERBS,
  isActionType,
  isSystemNamespace,
  listActions,
} from './action-catalog.js';

const allRules = [...listActions().flatMap((action) => [...action.writes, ...action.reads]), ...DIAGNOSIS_READS];

describe('action catalog', () => {
  it('defines exactly restart, scale and rollback, keyed by their type', () => {
    expect([...ACTION_TYPES].sort()).toEqual(['restart', 'rollback', 'scale']);
    for (const type of ACTION_TYPES) expect(ACTION_CATALOG[type].type).toBe(type);
  });

  it('never grants a forbidden verb or resource', () => {
    for (const rule of allRules) {
      for (const verb of rule.verbs) expect(FORBIDDEN_VERBS as readonly string[]).not.toContain(verb);
      expect(FORBIDDEN_RESOURCES as readonly string[]).not.toContain(rule.resource);
      expect(rule.resource).not.toContain('*');
      expect(rule.apiGroup).not.toContain('*');
    }
  });

  it('writes only to apps/v1 deployments and their scale subresource', () => {
    const writes = listActions().flatMap((action) => action.writes);
    for (const rule of writes) {
      expect(rule.apiGroup).toBe('apps');
      expect(['deployments', 'deployments/scale']).toContain(rule.resource);
      expect(rule.verbs).toEqual(['patch']);
    }
  });

  it('diagnosis reads are read-only', () => {
    for (const rule of DIAGNOSIS_READS) {
      for (const verb of rule.verbs) expect(['get', 'list', 'watch']).toContain(verb);
    }
  });

  it('every action is reversible and says which paths it may change', () => {
    for (const action of listActions()) {
      expect(action.reversible).toBe(true);
      expect(action.mutablePaths.length).toBeGreaterThan(0);
    }
  });

  it('recognises action types and system namespaces from untrusted input', () => {
    expect(isActionType('scale')).toBe(true);
    expect(isActionType('delete')).toBe(false);
    expect(isActionType(42)).toBe(false);
    expect(isSystemNamespace('kube-system')).toBe(true);
    expect(isSystemNamespace('kube-anything')).toBe(true);
    expect(isSystemNamespace('online-boutique')).toBe(false);
  });
});

describe('platform namespaces', () => {
  it('every namespace the lab installs a platform piece into is a system namespace (only the demo app is not)', async () => {
    const { LAB_NAMESPACES } = await import('./platform-contract.js');
    const { isSystemNamespace } = await import('./action-catalog.js');
    const platform = Object.entries(LAB_NAMESPACES).filter(([key]) => key !== 'demo');
    expect(platform.filter(([, namespace]) => !isSystemNamespace(namespace))).toEqual([]);
    expect(isSystemNamespace(LAB_NAMESPACES.demo)).toBe(false);
  });
});
