/**
 * Evaluates a synthesized Kyverno ValidatingPolicy against one admission request, the way Kyverno
 * does at admission: resource rules and namespace selector, then matchConditions (any false →
 * skipped), then CEL PolicyExceptions, then variables, then validations (any false → denied with
 * its message; an evaluation error → denied, as with failurePolicy Fail).
 *
 * CEL runs on @marcbachmann/cel-js (see docs/adr, "CEL evaluator for Kyverno policies"). What it
 * cannot reproduce is listed in policies/README.md; Kyverno's resource library is stubbed with the
 * cluster state a fixture declares (`resource.List` only).
 */
import { Environment } from '@marcbachmann/cel-js';
import type { AdmissionCase } from './admission-case.js';

/** The parts of a synthesized ValidatingPolicy the evaluator reads. */
interface PolicyDocument {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly matchConstraints?: {
      readonly namespaceSelector?: { readonly matchExpressions?: readonly LabelExpression[] };
      readonly resourceRules?: readonly ResourceRule[];
    };
    readonly matchConditions?: readonly { readonly name: string; readonly expression: string }[];
    readonly variables?: readonly { readonly name: string; readonly expression: string }[];
    readonly validations?: readonly { readonly expression: string; readonly message?: string }[];
  };
}

interface LabelExpression {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

interface ResourceRule {
  readonly apiGroups?: readonly string[];
  readonly apiVersions?: readonly string[];
  readonly resources?: readonly string[];
  readonly operations?: readonly string[];
}

/** The parts of a synthesized CEL PolicyException the evaluator reads. */
interface ExceptionDocument {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly policyRefs: readonly { readonly name: string }[];
    readonly matchConditions?: readonly { readonly expression: string }[];
  };
}

/** What admission decided. */
export type AdmissionResult =
  | { readonly decision: 'not-matched'; readonly reason: string }
  | { readonly decision: 'excepted'; readonly exception: string }
  | { readonly decision: 'admitted' }
  | { readonly decision: 'denied'; readonly messages: readonly string[] };

/** Kyverno's `resource` library, stubbed from the fixture's declared cluster state. */
class ResourceLibrary {
  constructor(readonly cluster: readonly Record<string, unknown>[]) {}
}

const environment = new Environment({
  unlistedVariablesAreDyn: true,
  enableOptionalTypes: true,
  homogeneousAggregateLiterals: false,
})
  .registerType('kyverno.Resource', { ctor: ResourceLibrary, fields: {} })
  .registerVariable('resource', 'kyverno.Resource')
  .registerFunction({
    name: 'List',
    receiverType: 'kyverno.Resource',
    returnType: 'map',
    params: [
      { name: 'apiVersion', type: 'string' },
      { name: 'resource', type: 'string' },
      { name: 'namespace', type: 'string' },
    ],
    handler: (library: ResourceLibrary, apiVersion: string, resource: string, namespace: string) => ({
      items: library.cluster.filter((object) => {
        const metadata = object['metadata'] as { namespace?: string } | undefined;
        return (
          object['apiVersion'] === apiVersion &&
          pluralOf(String(object['kind'])) === resource &&
          (namespace === '' || metadata?.namespace === namespace)
        );
      }),
    }),
  });

const PLURALS: Readonly<Record<string, string>> = {
  Pod: 'pods',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
};

function pluralOf(kind: string): string {
  const plural = PLURALS[kind];
  if (plural === undefined) throw new Error(`admission-evaluator: no plural known for kind ${kind}; add it to PLURALS`);
  return plural;
}

/** JSON → CEL values: integral numbers become int (BigInt), as Kubernetes integer fields are. */
export function toCelValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(toCelValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toCelValue(entry)]));
  }
  return value;
}

function matchesRules(rules: readonly ResourceRule[], admission: AdmissionCase): boolean {
  const { group, version, resource } = admission.resource;
  const fullResource = admission.subResource ? `${resource}/${admission.subResource}` : resource;
  return rules.some(
    (rule) =>
      (rule.apiGroups ?? []).includes(group) &&
      (rule.apiVersions ?? []).includes(version) &&
      (rule.resources ?? []).includes(fullResource) &&
      (rule.operations ?? []).includes(admission.operation),
  );
}

function matchesNamespace(expressions: readonly LabelExpression[], namespace: string): boolean {
  const labels: Record<string, string> = { 'kubernetes.io/metadata.name': namespace };
  return expressions.every((expression) => {
    const value = labels[expression.key];
    switch (expression.operator) {
      case 'In':
        return value !== undefined && (expression.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(expression.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        throw new Error(`admission-evaluator: unsupported label selector operator ${expression.operator}`);
    }
  });
}

function evaluateBoolean(expression: string, context: Record<string, unknown>, where: string): boolean {
  const value: unknown = environment.evaluate(expression, context);
  if (typeof value !== 'boolean') throw new Error(`${where}: expression returned ${typeof value}, not bool`);
  return value;
}

/** Evaluates `policy` (and any `exceptions`) against one admission request. */
export function evaluateAdmission(
  policy: PolicyDocument,
  admission: AdmissionCase,
  exceptions: readonly ExceptionDocument[] = [],
): AdmissionResult {
  const constraints = policy.spec.matchConstraints ?? {};
  if (!matchesRules(constraints.resourceRules ?? [], admission)) {
    return { decision: 'not-matched', reason: 'resource rules' };
  }
  const namespaceExpressions = constraints.namespaceSelector?.matchExpressions ?? [];
  if (admission.namespace !== '' && !matchesNamespace(namespaceExpressions, admission.namespace)) {
    return { decision: 'not-matched', reason: 'namespace selector' };
  }
  const context: Record<string, unknown> = {
    object: toCelValue(admission.object),
    oldObject: toCelValue(admission.oldObject ?? null),
    request: toCelValue({
      operation: admission.operation,
      namespace: admission.namespace,
      name: admission.name,
      userInfo: admission.userInfo,
      subResource: admission.subResource ?? '',
      resource: admission.resource,
    }),
    resource: new ResourceLibrary(
      (admission.cluster ?? []).map((object) => toCelValue(object) as Record<string, unknown>),
    ),
  };
  for (const condition of policy.spec.matchConditions ?? []) {
    // An erroring matchCondition rejects the request under failurePolicy Fail.
    if (!evaluateBoolean(condition.expression, context, `matchCondition ${condition.name}`)) {
      return { decision: 'not-matched', reason: `matchCondition ${condition.name}` };
    }
  }
  for (const exception of exceptions) {
    if (!exception.spec.policyRefs.some((reference) => reference.name === policy.metadata.name)) continue;
    const conditions = exception.spec.matchConditions ?? [];
    if (conditions.every((condition) => evaluateBoolean(condition.expression, context, exception.metadata.name))) {
      return { decision: 'excepted', exception: exception.metadata.name };
    }
  }
  const variables: Record<string, unknown> = {};
  context['variables'] = variables;
  for (const variable of policy.spec.variables ?? []) {
    variables[variable.name] = environment.evaluate(variable.expression, context);
  }
  // Like Kyverno's engine: validations run in order and the first one that fails (or errors)
  // decides, with its message alone (a request that breaks several checks shows only the first).
  for (const validation of policy.spec.validations ?? []) {
    const message = validation.message ?? validation.expression;
    try {
      if (!evaluateBoolean(validation.expression, context, message)) return { decision: 'denied', messages: [message] };
    } catch (error) {
      const reason = `evaluation error (failurePolicy Fail): ${(error as Error).message.split('\n')[0]}`;
      return { decision: 'denied', messages: [reason] };
    }
  }
  return { decision: 'admitted' };
}
