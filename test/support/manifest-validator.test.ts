import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SchemaSetMissingError, formatIssues, loadManifestObjects, validateObjects } from './manifest-validator.js';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'demo', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            resources: { limits: { cpu: '100m', memory: 64 } },
            ports: [{ containerPort: 80 }],
          },
        ],
      },
    },
  },
};

const prometheusRule = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'rules', namespace: 'demo' },
  spec: {
    groups: [
      {
        name: 'demo',
        partial_response_strategy: 'WARN', // RE2 `(?i)` pattern in the CRD
        rules: [{ alert: 'Down', expr: 'up == 0', for: '5m', labels: { severity: 'critical' } }],
      },
    ],
  },
};

const schedule = {
  apiVersion: 'chaos-mesh.org/v1alpha1',
  kind: 'Schedule',
  metadata: { name: 'kill', namespace: 'demo' },
  spec: {
    schedule: '@every 10m',
    type: 'PodChaos',
    historyLimit: 1,
    concurrencyPolicy: 'Forbid',
    startingDeadlineSeconds: 60,
    podChaos: { action: 'pod-kill', mode: 'one', selector: { namespaces: ['demo'] } },
  },
};

const application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'demo', namespace: 'argocd' },
  spec: {
    project: 'default',
    source: { repoURL: 'https://example.com/repo.git', path: 'dist/demo', targetRevision: 'main' },
    destination: { server: 'https://kubernetes.default.svc', namespace: 'demo' },
  },
};

const celException = {
  apiVersion: 'policies.kyverno.io/v1',
  kind: 'PolicyException',
  metadata: { name: 'allow', namespace: 'demo' },
  spec: { policyRefs: [{ name: 'require-limits', kind: 'ValidatingPolicy' }], matchConditions: [] },
};

const legacyException = {
  apiVersion: 'kyverno.io/v2',
  kind: 'PolicyException',
  metadata: { name: 'allow', namespace: 'demo' },
  spec: {
    exceptions: [{ policyName: 'require-limits', ruleNames: ['limits'] }],
    match: { any: [{ resources: { kinds: ['Pod'], namespaces: ['demo'] } }] },
  },
};

const withField = <T extends object>(object: T, path: string[], value: unknown): T => {
  const copy = structuredClone(object) as Record<string, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string, unknown>;
  cursor[path.at(-1)!] = value;
  return copy as T;
};

describe('validateObjects', () => {
  it('accepts valid objects of every family', () => {
    const issues = validateObjects([deployment, prometheusRule, schedule, application, celException, legacyException]);
    expect(issues, formatIssues(issues)).toEqual([]);
  });

  it('rejects unknown fields in core kinds, like kubeconform -strict', () => {
    const bad = withField(deployment, ['spec', 'replicaz'], 3);
    expect(validateObjects([bad]).map((issue) => issue.message)).toContain('unknown field "replicaz"');
  });

  it('rejects wrong types deep inside core kinds', () => {
    const bad = withField(deployment, ['spec', 'replicas'], 'three');
    expect(validateObjects([bad])[0]).toMatchObject({ index: 0, path: '/spec/replicas' });
  });

  it('rejects unknown fields in metadata of custom resources', () => {
    const bad = withField(prometheusRule, ['metadata', 'labelz'], { a: 'b' });
    expect(validateObjects([bad]).map((issue) => issue.message)).toContain('unknown field "labelz"');
  });

  it('rejects invalid PrometheusRules (bad duration, unknown rule field)', () => {
    const group = prometheusRule.spec.groups[0]!;
    const badFor = withField(
      prometheusRule,
      ['spec', 'groups'],
      [{ ...group, rules: [{ ...group.rules[0], for: '5 minutes' }] }],
    );
    expect(validateObjects([badFor])[0]?.path).toBe('/spec/groups/0/rules/0/for');
    const unknown = withField(
      prometheusRule,
      ['spec', 'groups'],
      [{ ...group, rules: [{ ...group.rules[0], severity: 'x' }] }],
    );
    expect(validateObjects([unknown]).map((issue) => issue.message)).toContain('unknown field "severity"');
  });

  it('checks the exclusive minimum the Schedule CRD spells the draft-04 way', () => {
    expect(validateObjects([withField(schedule, ['spec', 'startingDeadlineSeconds'], 0)])[0]?.path).toBe(
      '/spec/startingDeadlineSeconds',
    );
  });

  it('rejects invalid ArgoCD Applications', () => {
    const bad = withField(application, ['spec', 'source'], { repoURL: 'x', pathz: 'dist' });
    expect(validateObjects([bad]).map((issue) => issue.message)).toContain('unknown field "pathz"');
  });

  it('keys custom resources on the group: the two PolicyException kinds have different schemas', () => {
    // A kyverno.io/v2 spec under the policies.kyverno.io group is unknown there, and vice versa.
    const swapped = { ...legacyException, apiVersion: 'policies.kyverno.io/v1' };
    expect(validateObjects([swapped]).length).toBeGreaterThan(0);
    const swappedBack = { ...celException, apiVersion: 'kyverno.io/v2' };
    expect(validateObjects([swappedBack]).length).toBeGreaterThan(0);
  });

  it('treats an unknown apiVersion or kind as an issue, not a pass', () => {
    const issues = validateObjects([
      { ...deployment, apiVersion: 'apps/v9' },
      { ...deployment, kind: 'Deploymint' },
    ]);
    expect(issues.map((issue) => issue.index)).toEqual([0, 1]);
    expect(issues[0]?.message).toMatch(/no schema for apiVersion "apps\/v9"/);
  });

  it('reports objects that are not Kubernetes objects', () => {
    expect(validateObjects([null, 'text', { kind: 'Pod' }]).map((issue) => issue.index)).toEqual([0, 1, 2]);
  });

  it('says exactly that the schema set is missing and where it looked', () => {
    const missing = join(tmpdir(), 'no-such-schemas-dir');
    expect(() => validateObjects([deployment], missing)).toThrow(SchemaSetMissingError);
    expect(() => validateObjects([deployment], missing)).toThrow(`${missing}/kubernetes/v1.28.0/_definitions.json`);
  });
});

describe('loadManifestObjects', () => {
  const directory = mkdtempSync(join(tmpdir(), 'manifests-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reads every document of every YAML file, in sorted file order, skipping empty documents', () => {
    writeFileSync(join(directory, 'b.yaml'), 'kind: B\n---\n---\nkind: C\n');
    writeFileSync(join(directory, 'a.yaml'), 'kind: A\n');
    writeFileSync(join(directory, 'notes.txt'), 'kind: ignored\n');
    expect(loadManifestObjects(directory).map(({ object }) => (object as { kind: string }).kind)).toEqual([
      'A',
      'B',
      'C',
    ]);
  });

  it('fails clearly when the folder does not exist', () => {
    expect(() => loadManifestObjects(join(directory, 'missing'))).toThrow(/does not exist.*npm run synth/);
  });
});
