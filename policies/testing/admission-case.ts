/**
 * A policy fixture: one admission request (who, what operation, the object and the old object,
 * the cluster state Kyverno lookups would see) and what the policy must decide. Fixtures live in
 * `policies/fixtures/<policy>/{pass,fail}/*.yaml` and are parsed with this schema.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const KubernetesObject = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({ name: z.string().min(1), namespace: z.string().optional() }),
});

/** Kind → resource of the objects fixtures use (a Scale is addressed through its parent). */
const RESOURCES: Readonly<Record<string, { group: string; version: string; resource: string }>> = {
  Pod: { group: '', version: 'v1', resource: 'pods' },
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
  DaemonSet: { group: 'apps', version: 'v1', resource: 'daemonsets' },
  ReplicaSet: { group: 'apps', version: 'v1', resource: 'replicasets' },
  Job: { group: 'batch', version: 'v1', resource: 'jobs' },
  CronJob: { group: 'batch', version: 'v1', resource: 'cronjobs' },
  Scale: { group: 'apps', version: 'v1', resource: 'deployments' },
};

/** The fixture file format. */
export const AdmissionFixture = z
  .strictObject({
    description: z.string().min(10),
    operation: z.enum(['CREATE', 'UPDATE', 'DELETE']).default('CREATE'),
    /** @default ArgoCD's application controller (an ordinary GitOps write). */
    username: z.string().default('system:serviceaccount:argocd:argocd-application-controller'),
    subResource: z.enum(['scale']).optional(),
    /** The new object; absent for DELETE (admission sends null there). */
    object: KubernetesObject.optional(),
    oldObject: KubernetesObject.optional(),
    /** Objects `resource.List` returns (Kyverno's resource library, stubbed). */
    cluster: z.array(KubernetesObject).default([]),
    /** Fail fixtures: the exact validation message the denial must carry. */
    expectDenial: z.string().min(1).optional(),
    /** Pass fixtures: the non-denial outcome expected. @default 'admitted' */
    expectDecision: z.enum(['admitted', 'not-matched', 'excepted']).optional(),
  })
  .refine((fixture) => fixture.operation === 'CREATE' || fixture.oldObject !== undefined, {
    message: 'UPDATE and DELETE fixtures need oldObject',
  })
  .refine((fixture) => (fixture.operation === 'DELETE') === (fixture.object === undefined), {
    message: 'DELETE fixtures have no object (admission sends null); CREATE and UPDATE need one',
  })
  .refine((fixture) => !(fixture.expectDenial !== undefined && fixture.expectDecision !== undefined), {
    message: 'set either expectDenial (fail fixture) or expectDecision (pass fixture), not both',
  });
export type AdmissionFixture = z.infer<typeof AdmissionFixture>;

/** The request as the evaluator binds it. */
export interface AdmissionCase {
  readonly operation: 'CREATE' | 'UPDATE' | 'DELETE';
  readonly namespace: string;
  readonly name: string;
  readonly userInfo: { readonly username: string };
  readonly subResource?: string;
  readonly resource: { readonly group: string; readonly version: string; readonly resource: string };
  /** Null for DELETE, as in an AdmissionReview. */
  readonly object: Record<string, unknown> | null;
  readonly oldObject?: Record<string, unknown>;
  readonly cluster?: readonly Record<string, unknown>[];
}

/** Turns a fixture into the admission request Kyverno would see. */
export function toAdmissionCase(fixture: AdmissionFixture): AdmissionCase {
  const subject = fixture.object ?? fixture.oldObject;
  if (subject === undefined) throw new Error('fixture: needs object or oldObject');
  const resource = RESOURCES[subject.kind];
  if (resource === undefined) throw new Error(`fixture: no resource mapping for kind ${subject.kind}`);
  if ((subject.kind === 'Scale') !== (fixture.subResource === 'scale')) {
    throw new Error('fixture: a Scale object goes with subResource "scale" and vice versa');
  }
  return {
    operation: fixture.operation,
    namespace: subject.metadata.namespace ?? '',
    name: subject.metadata.name,
    userInfo: { username: fixture.username },
    subResource: fixture.subResource,
    resource,
    object: fixture.object ?? null,
    oldObject: fixture.oldObject,
    cluster: fixture.cluster,
  };
}

/** A loaded fixture file. */
export interface LoadedFixture {
  readonly file: string;
  readonly expectation: 'pass' | 'fail';
  readonly fixture: AdmissionFixture;
}

/** Loads `<directory>/{pass,fail}/*.yaml`, failing loudly on a malformed file. */
export function loadFixtures(directory: string): LoadedFixture[] {
  const loaded: LoadedFixture[] = [];
  for (const expectation of ['pass', 'fail'] as const) {
    const folder = join(directory, expectation);
    for (const file of readdirSync(folder)
      .filter((name) => name.endsWith('.yaml'))
      .sort()) {
      const path = join(folder, file);
      const parsed = AdmissionFixture.safeParse(parse(readFileSync(path, 'utf8')));
      if (!parsed.success) throw new Error(`fixture ${path}: ${z.prettifyError(parsed.error)}`);
      if (expectation === 'fail' && parsed.data.expectDenial === undefined) {
        throw new Error(`fixture ${path}: fail fixtures must say which message denies them (expectDenial)`);
      }
      if (expectation === 'pass' && parsed.data.expectDenial !== undefined) {
        throw new Error(`fixture ${path}: pass fixtures must not set expectDenial`);
      }
      loaded.push({ file: path, expectation, fixture: parsed.data });
    }
  }
  return loaded;
}
