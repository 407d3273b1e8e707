/**
 * Runs admission requests through `kyverno-admission-review` (tools/ecosystem/kyverno/admission-review):
 * Kyverno's own ValidatingPolicy compiler and engine, called as the admission controller's webhook
 * handler calls them, on complete requests (object and oldObject, subresource, user) with the
 * fixture's cluster objects behind `resource.List`.
 */
import { toAdmissionCase, type AdmissionFixture } from '../../policies/testing/admission-case.js';
import { describeRun, runTool } from './ecosystem-tools.js';

/** One request for the review. */
export interface ReviewCase {
  readonly id: string;
  readonly fixture: AdmissionFixture;
}

/** What Kyverno decided for one request. */
export interface ReviewResult {
  readonly id: string;
  readonly allowed: boolean;
  /** As the webhook returns them: `Policy <name> failed: <message>`. */
  readonly denials: readonly string[];
  readonly policies: readonly {
    readonly name: string;
    readonly rules: readonly { readonly name: string; readonly status: string; readonly message: string }[];
  }[];
}

function groupVersionKind(object: { apiVersion: string; kind: string }) {
  const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
  return { group: group ?? '', version: version ?? '', kind: object.kind };
}

/** The AdmissionRequest (admission.k8s.io/v1) the API server would send for a fixture. */
export function admissionRequest(id: string, fixture: AdmissionFixture): Record<string, unknown> {
  const admission = toAdmissionCase(fixture);
  const subject = fixture.object ?? fixture.oldObject;
  if (subject === undefined) throw new Error(`${id}: fixture has neither object nor oldObject`);
  const kind = groupVersionKind(subject);
  return {
    uid: `00000000-0000-4000-8000-${String(id.length).padStart(12, '0')}`,
    kind,
    resource: admission.resource,
    subResource: admission.subResource ?? '',
    requestKind: kind,
    requestResource: admission.resource,
    requestSubResource: admission.subResource ?? '',
    name: admission.name,
    namespace: admission.namespace,
    operation: admission.operation,
    userInfo: { username: admission.userInfo.username },
    object: fixture.object ?? null,
    oldObject: fixture.oldObject ?? null,
    dryRun: false,
  };
}

/** Evaluates every case against the policies in `policyFiles`; throws if a policy does not compile. */
export function reviewAdmissions(policyFiles: readonly string[], cases: readonly ReviewCase[]): ReviewResult[] {
  const input = {
    policies: policyFiles,
    cases: cases.map(({ id, fixture }) => ({
      id,
      request: admissionRequest(id, fixture),
      cluster: fixture.cluster,
    })),
  };
  const run = runTool('kyverno-admission-review', [], { input: JSON.stringify(input) });
  if (run.status !== 0) throw new Error(`kyverno-admission-review failed:\n${describeRun(run)}`);
  return JSON.parse(run.stdout) as ReviewResult[];
}
