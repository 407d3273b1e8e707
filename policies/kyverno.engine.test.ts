/**
 * The shipped policies (dist/policies) judged by Kyverno itself:
 * - `kyverno test` (the CLI users run) on every fixture it can express exactly;
 * - every fixture, pass and fail, through Kyverno's ValidatingPolicy compiler and engine as the
 *   admission controller calls them (kyverno-admission-review), with the exact denial message;
 * - the in-repo CEL evaluator (policies/testing, the fast pre-check `npm test` runs) agreeing with
 *   Kyverno on every fixture;
 * - every workload in dist/ admitted.
 * What neither path proves is listed in docs/adr/0010-kyverno-policies-judged-by-kyverno.md.
 * Run with `npm run test:engines`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { describeRun, REPO_ROOT, runTool } from '../test/engines/ecosystem-tools.js';
import { reviewAdmissions, type ReviewResult } from '../test/engines/kyverno-admission-review.js';
import {
  cliExpressible,
  cliLimitation,
  suiteFolder,
  writeKyvernoTestSuite,
  type PolicyFixture,
} from '../test/engines/kyverno-test-suite.js';
import { loadManifestObjects } from '../test/support/manifest-validator.js';
import { evaluateAdmission, type AdmissionResult } from './testing/admission-evaluator.js';
import { AdmissionFixture, loadFixtures, toAdmissionCase } from './testing/admission-case.js';

type PolicyDocument = Parameters<typeof evaluateAdmission>[0];

const POLICIES_FILE = join(REPO_ROOT, 'dist', 'policies', 'manifests.yaml');
const FIXTURES = join(REPO_ROOT, 'policies', 'fixtures');
const shipped = parseAllDocuments(readFileSync(POLICIES_FILE, 'utf8'))
  .map((document) => document.toJS() as PolicyDocument & { kind: string })
  .filter((policy) => policy.kind === 'ValidatingPolicy');
const entries: PolicyFixture[] = readdirSync(FIXTURES)
  .sort()
  .flatMap((policy) => loadFixtures(join(FIXTURES, policy)).map((loaded) => ({ ...loaded, policy })));
const work = mkdtempSync(join(tmpdir(), 'ai4all-kyverno-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Kyverno's decision reduced to the in-repo evaluator's vocabulary, for one policy. */
function kyvernoDecision(result: ReviewResult, policy: string): AdmissionResult['decision'] {
  const rules = result.policies.find((candidate) => candidate.name === policy)?.rules ?? [];
  // No rules: the resource rules or namespace selector did not match. All skipped: a matchCondition was false.
  if (rules.length === 0 || rules.every((rule) => rule.status === 'skip')) return 'not-matched';
  if (rules.some((rule) => rule.status === 'fail' || rule.status === 'error')) return 'denied';
  if (rules.every((rule) => rule.status === 'pass')) return 'admitted';
  return 'excepted';
}

/** Messages of the policy's failed rules, as the webhook reports them. */
function denialsOf(result: ReviewResult, policy: string): string[] {
  const prefix = `Policy ${policy} failed: `;
  return result.denials.filter((denial) => denial.startsWith(prefix)).map((denial) => denial.slice(prefix.length));
}

describe('Kyverno on dist/policies', () => {
  it('has a fixture for every shipped policy', () => {
    expect(shipped.length).toBeGreaterThan(0);
    expect([...new Set(entries.map((entry) => entry.policy))].sort()).toEqual(
      shipped.map((policy) => policy.metadata.name).sort(),
    );
  });

  it('compiles every policy with the compiler the admission controller uses', () => {
    expect(() => reviewAdmissions([POLICIES_FILE], [])).not.toThrow();
  });

  it('passes `kyverno test` on every fixture the CLI can express (CREATE, DELETE, users, namespaces)', () => {
    const expressible = entries.filter((entry) => cliExpressible(entry.fixture));
    expect(expressible.length).toBeGreaterThan(entries.length / 2);
    const folders = writeKyvernoTestSuite(work, POLICIES_FILE, expressible);
    const run = runTool('kyverno', ['test', work, '--remove-color'], { timeoutMs: 300_000 });
    expect(run.status, describeRun(run)).toBe(0);
    for (const folder of folders) expect(run.stdout, folder).toContain(folder);
    expect(run.stdout).not.toMatch(/\bFail\b/);
  }, 300_000);

  describe('every fixture through Kyverno’s admission engine', () => {
    let results = new Map<string, ReviewResult>();
    beforeAll(() => {
      const reviewed = reviewAdmissions(
        [POLICIES_FILE],
        entries.map((entry) => ({ id: suiteFolder(entry), fixture: entry.fixture })),
      );
      results = new Map(reviewed.map((result) => [result.id, result]));
    }, 120_000);

    for (const entry of entries) {
      const label = `${entry.policy} ${entry.expectation}: ${suiteFolder(entry).split('--').at(-1)}${
        cliExpressible(entry.fixture) ? '' : ` (not in kyverno test: ${cliLimitation(entry.fixture)})`
      }`;
      it(label, () => {
        const result = results.get(suiteFolder(entry));
        expect(result, 'no result from kyverno-admission-review').toBeDefined();
        if (result === undefined) return;
        const decision = kyvernoDecision(result, entry.policy);
        if (entry.expectation === 'fail') {
          expect(decision).toBe('denied');
          expect(denialsOf(result, entry.policy)).toContain(entry.fixture.expectDenial);
        } else {
          expect(decision, JSON.stringify(result.policies)).toBe(entry.fixture.expectDecision ?? 'admitted');
          expect(denialsOf(result, entry.policy)).toEqual([]);
        }
      });
    }

    it('the in-repo CEL evaluator (npm test’s pre-check) agrees with Kyverno on every fixture', () => {
      const disagreements: string[] = [];
      for (const entry of entries) {
        const policy = shipped.find((candidate) => candidate.metadata.name === entry.policy);
        const result = results.get(suiteFolder(entry));
        if (policy === undefined || result === undefined) {
          disagreements.push(`${suiteFolder(entry)}: no policy or no Kyverno result`);
          continue;
        }
        const ours = evaluateAdmission(policy, toAdmissionCase(entry.fixture));
        const theirs = kyvernoDecision(result, entry.policy);
        const ourMessages = ours.decision === 'denied' ? [...ours.messages].sort() : [];
        const theirMessages = denialsOf(result, entry.policy).sort();
        if (ours.decision !== theirs || JSON.stringify(ourMessages) !== JSON.stringify(theirMessages)) {
          disagreements.push(
            `${suiteFolder(entry)}: in-repo ${ours.decision} ${JSON.stringify(ourMessages)}, ` +
              `Kyverno ${theirs} ${JSON.stringify(theirMessages)}`,
          );
        }
      }
      expect(disagreements).toEqual([]);
    });
  });

  it('admits every workload in dist/ (as ArgoCD creates them)', () => {
    const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod']);
    const workloads = loadManifestObjects(join(REPO_ROOT, 'dist'))
      .map(({ object }) => object as { kind: string; metadata: { name: string; namespace?: string } })
      .filter((object) => workloadKinds.has(object.kind));
    expect(workloads.length).toBeGreaterThan(0);
    const reviewed = reviewAdmissions(
      [POLICIES_FILE],
      workloads.map((object) => ({
        id: `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`,
        fixture: AdmissionFixture.parse({ description: 'a dist/ workload created by ArgoCD', object }),
      })),
    );
    // The baseline really evaluated them (matched by namespace and kind), not skipped them all.
    expect(
      reviewed.filter((result) => result.policies.some((policy) => policy.rules.length > 0)).length,
    ).toBeGreaterThan(workloads.length / 2);
    const denied = reviewed
      .filter((result) => !result.allowed)
      .map((result) => `${result.id}: ${result.denials.join('; ')}`);
    expect(denied).toEqual([]);
  });
});
