import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseLabConfig } from '../config/parse-lab-config.js';
import { rawStackConfig } from '../testing/fixtures.js';
import { namespacePlan } from './namespace-plan.js';

interface NamespaceDocument {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** Namespace objects ArgoCD applies from the committed dist/. */
function distNamespaces(): NamespaceDocument[] {
  const dist = fileURLToPath(new URL('../../dist', import.meta.url));
  return readdirSync(dist, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const file = path.join(dist, entry.name, 'manifests.yaml');
      try {
        return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJS() as NamespaceDocument);
      } catch {
        return [];
      }
    })
    .filter((document) => document?.kind === 'Namespace');
}

describe('namespacePlan', () => {
  const plan = namespacePlan(parseLabConfig(rawStackConfig('lab')));

  it('agrees with every Namespace dist/ also declares (no key both set to different values)', () => {
    const declared = distNamespaces();
    expect(declared.length).toBeGreaterThan(0);
    for (const document of declared) {
      const ours = plan.find((entry) => entry.name === document.metadata?.name);
      if (ours === undefined) continue;
      for (const [key, value] of Object.entries(document.metadata?.labels ?? {})) {
        if (key in ours.labels) expect(ours.labels[key], `label ${key} on ${ours.name}`).toBe(value);
      }
      for (const [key, value] of Object.entries(document.metadata?.annotations ?? {})) {
        if (key in ours.annotations) expect(ours.annotations[key], `annotation ${key} on ${ours.name}`).toBe(value);
      }
    }
  });

  it('never meshes a platform namespace and refuses one in the allowlist', () => {
    for (const entry of plan.filter((namespace) => namespace.labels['app.kubernetes.io/part-of'] === 'ai4all-sre')) {
      expect(entry.annotations['linkerd.io/inject'], entry.name).toBe('disabled');
    }
    expect(() =>
      namespacePlan(parseLabConfig({ ...rawStackConfig('lab'), linkerd: { meshedNamespaces: ['logging'] } })),
    ).toThrow(/"logging" is a platform namespace/);
  });
});
