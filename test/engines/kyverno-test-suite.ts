/**
 * Turns the project's policy fixtures (policies/fixtures) into a `kyverno test` suite: one folder
 * per fixture with its `kyverno-test.yaml`, the resource, a values file declaring the namespaces
 * (labelled as the API server labels them, for namespaceSelector) and a userinfo file (the
 * requesting user, for matchConditions on request.userInfo).
 *
 * The CLI sends no subresource and, on UPDATE, the resource as both object and oldObject; fixtures
 * that depend on either cannot be expressed faithfully and are left to the admission review
 * (kyverno-admission-review.ts). {@link cliExpressible} says which.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import type { AdmissionFixture, LoadedFixture } from '../../policies/testing/admission-case.js';

/** A fixture together with the policy it belongs to. */
export interface PolicyFixture extends LoadedFixture {
  readonly policy: string;
}

/** Why a fixture cannot go through `kyverno test`, or undefined when it can. */
export function cliLimitation(fixture: AdmissionFixture): string | undefined {
  if (fixture.subResource !== undefined) return `subresource ${fixture.subResource} (the CLI sends none)`;
  if (fixture.operation === 'UPDATE' && !isDeepStrictEqual(fixture.object, fixture.oldObject)) {
    return 'UPDATE with an oldObject that differs (the CLI sends object as oldObject)';
  }
  if (fixture.cluster.length > 0) return 'cluster objects for resource.List';
  return undefined;
}

/** True when `kyverno test` can express the fixture exactly. */
export function cliExpressible(fixture: AdmissionFixture): boolean {
  return cliLimitation(fixture) === undefined;
}

/** The result `kyverno test` must report for the fixture's own policy. */
export function expectedCliResult(entry: PolicyFixture): 'pass' | 'fail' | 'skip' {
  if (entry.expectation === 'fail') return 'fail';
  return entry.fixture.expectDecision === 'not-matched' ? 'skip' : 'pass';
}

/** Folder name of a fixture inside the suite. */
export function suiteFolder(entry: PolicyFixture): string {
  return `${entry.policy}--${entry.expectation}--${basename(entry.file, '.yaml')}`;
}

/**
 * Writes the suite into `directory` (policies copied to `directory/policies.yaml`) and returns the
 * folders written, one per fixture.
 */
export function writeKyvernoTestSuite(
  directory: string,
  policiesFile: string,
  entries: readonly PolicyFixture[],
): string[] {
  copyFileSync(policiesFile, join(directory, 'policies.yaml'));
  const folders: string[] = [];
  for (const entry of entries) {
    const { fixture } = entry;
    const subject = fixture.object ?? fixture.oldObject;
    if (subject === undefined) throw new Error(`${entry.file}: no object`);
    const folder = suiteFolder(entry);
    const path = join(directory, folder);
    mkdirSync(path);
    const namespace = subject.metadata.namespace ?? 'default';
    writeFileSync(join(path, 'resource.yaml'), stringify(subject));
    writeFileSync(
      join(path, 'values.yaml'),
      stringify({
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Value',
        metadata: { name: 'values' },
        namespaces: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } },
          },
        ],
      }),
    );
    writeFileSync(
      join(path, 'userinfo.yaml'),
      stringify({
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'UserInfo',
        metadata: { name: 'userinfo' },
        userInfo: { username: fixture.username },
      }),
    );
    writeFileSync(
      join(path, 'kyverno-test.yaml'),
      stringify({
        apiVersion: 'cli.kyverno.io/v1alpha1',
        kind: 'Test',
        metadata: { name: folder },
        policies: ['../policies.yaml'],
        resources: ['resource.yaml'],
        variables: 'values.yaml',
        userinfo: 'userinfo.yaml',
        results: [
          {
            isValidatingPolicy: true,
            policy: entry.policy,
            kind: subject.kind,
            resources: [subject.metadata.name],
            result: expectedCliResult(entry),
            ...(fixture.operation === 'CREATE' ? {} : { operation: fixture.operation }),
          },
        ],
      }),
    );
    folders.push(folder);
  }
  return folders;
}
