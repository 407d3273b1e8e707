/**
 * A Kyverno CEL `ValidatingPolicy` (policies.kyverno.io/v1) built from plain data: what it
 * matches, the CEL it evaluates and the message each check denies with. Every validation must
 * carry a message (a denial without a reason is useless to the person or agent that hit it),
 * and a namespaced policy must name its namespaces explicitly (no silent "all but ..." lists).
 */
import { Construct } from 'constructs';
import {
  ValidatingPolicy,
  ValidatingPolicySpecFailurePolicy,
  ValidatingPolicySpecValidationActions,
} from '../imports/kyverno-policies.kyverno.io.js';
import { PropValidationError, requireDnsLabel, requireDnsSubdomain } from '../core/prop-validation.js';

const CONSTRUCT = 'KyvernoValidatingPolicy';

/** Admission operations a policy can match. */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** One group of resources the policy matches (admissionregistration `NamedRuleWithOperations`). */
export interface PolicyResourceRule {
  /** API groups; `''` is the core group. No wildcards. */
  readonly apiGroups: readonly string[];
  /** API versions, e.g. `['v1']`. No wildcards. */
  readonly apiVersions: readonly string[];
  /** Plural resources, optionally `resource/subresource`. No wildcards. */
  readonly resources: readonly string[];
  /** Operations the rule matches. */
  readonly operations: readonly AdmissionOperation[];
}

/** A named CEL condition; the policy is skipped when any condition is false. */
export interface PolicyCondition {
  /** Unique name (a DNS subdomain-ish identifier). */
  readonly name: string;
  /** CEL expression over `object`, `oldObject`, `request`. */
  readonly expression: string;
}

/** A named CEL variable, available as `variables.<name>` in validations. */
export interface PolicyVariable {
  /** Identifier: letters, digits and `_`, starting with a letter. */
  readonly name: string;
  readonly expression: string;
}

/** One check: the request is denied with `message` when `expression` is false. */
export interface PolicyValidation {
  readonly expression: string;
  /** What was wrong and how to fix it. Required and non-empty. */
  readonly message: string;
}

/** Props of {@link KyvernoValidatingPolicy}. */
export interface KyvernoValidatingPolicyProps {
  /** Cluster-scoped object name (DNS subdomain). */
  readonly name: string;
  /** One sentence for humans; becomes the `policies.kyverno.io/description` annotation. */
  readonly description: string;
  /** What the policy matches. At least one rule. */
  readonly resourceRules: readonly PolicyResourceRule[];
  /**
   * Namespaces the policy applies to, matched by the `kubernetes.io/metadata.name` label the API
   * server sets on every Namespace. `'all'` applies to every namespace (use it only when the
   * policy must also deny outside a list, as the agent guardrails do).
   */
  readonly namespaces: readonly string[] | 'all';
  /** @default [] */
  readonly matchConditions?: readonly PolicyCondition[];
  /** @default [] */
  readonly variables?: readonly PolicyVariable[];
  /** At least one validation. */
  readonly validations: readonly PolicyValidation[];
  /** Deny (enforce) or Audit (report only). @default 'Deny' */
  readonly action?: 'Deny' | 'Audit';
}

const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const WILDCARD = /\*/;

function validateProps(props: KyvernoValidatingPolicyProps): void {
  requireDnsSubdomain(CONSTRUCT, 'name', props.name);
  if (props.description.trim().length === 0) {
    throw new PropValidationError(CONSTRUCT, 'description', props.description, 'describe what the policy enforces');
  }
  if (props.resourceRules.length === 0) {
    throw new PropValidationError(CONSTRUCT, 'resourceRules', props.resourceRules, 'match at least one resource');
  }
  for (const rule of props.resourceRules) {
    const all = [...rule.apiGroups, ...rule.apiVersions, ...rule.resources, ...rule.operations];
    if (all.some((value) => WILDCARD.test(value)) || rule.resources.length === 0 || rule.operations.length === 0) {
      throw new PropValidationError(
        CONSTRUCT,
        'resourceRules',
        rule,
        'list explicit groups, versions, resources and operations (no "*"; a wildcard webhook sees every request)',
      );
    }
  }
  if (props.namespaces !== 'all') {
    if (props.namespaces.length === 0) {
      throw new PropValidationError(CONSTRUCT, 'namespaces', props.namespaces, 'name at least one namespace or "all"');
    }
    for (const namespace of props.namespaces) requireDnsLabel(CONSTRUCT, 'namespaces', namespace);
  }
  if (props.validations.length === 0) {
    throw new PropValidationError(CONSTRUCT, 'validations', props.validations, 'add at least one validation');
  }
  for (const validation of props.validations) {
    if (validation.expression.trim().length === 0 || validation.message.trim().length === 0) {
      throw new PropValidationError(
        CONSTRUCT,
        'validations',
        validation,
        'every validation needs a CEL expression and a message saying what to fix',
      );
    }
  }
  const messages = props.validations.map((validation) => validation.message);
  const duplicate = messages.find((message, index) => messages.indexOf(message) !== index);
  if (duplicate !== undefined) {
    throw new PropValidationError(CONSTRUCT, 'validations', duplicate, 'give every validation a distinct message');
  }
  for (const variable of props.variables ?? []) {
    if (!VARIABLE_NAME.test(variable.name)) {
      throw new PropValidationError(CONSTRUCT, 'variables', variable.name, 'use a CEL identifier (letters, digits, _)');
    }
  }
}

/**
 * A Kyverno `ValidatingPolicy` with explicit resource rules, explicit namespaces, and a message on
 * every validation. Autogen for pod controllers is switched off: policies list the controllers
 * they check themselves, so what is evaluated is exactly what is written (and tested).
 */
export class KyvernoValidatingPolicy extends Construct {
  /** The underlying API object. */
  readonly apiObject: ValidatingPolicy;
  /** The policy name (cluster-scoped). */
  readonly policyName: string;

  constructor(scope: Construct, id: string, props: KyvernoValidatingPolicyProps) {
    super(scope, id);
    validateProps(props);
    this.policyName = props.name;
    const namespaceSelector =
      props.namespaces === 'all'
        ? undefined
        : {
            matchExpressions: [
              { key: 'kubernetes.io/metadata.name', operator: 'In', values: [...props.namespaces].sort() },
            ],
          };
    this.apiObject = new ValidatingPolicy(this, 'Resource', {
      metadata: {
        name: props.name,
        annotations: { 'policies.kyverno.io/description': props.description },
      },
      spec: {
        validationActions: [
          props.action === 'Audit'
            ? ValidatingPolicySpecValidationActions.AUDIT
            : ValidatingPolicySpecValidationActions.DENY,
        ],
        failurePolicy: ValidatingPolicySpecFailurePolicy.FAIL,
        autogen: { podControllers: { controllers: [] } },
        matchConstraints: {
          namespaceSelector,
          resourceRules: props.resourceRules.map((rule) => ({
            apiGroups: [...rule.apiGroups],
            apiVersions: [...rule.apiVersions],
            resources: [...rule.resources],
            operations: [...rule.operations],
          })),
        },
        matchConditions:
          props.matchConditions && props.matchConditions.length > 0
            ? props.matchConditions.map((condition) => ({ ...condition }))
            : undefined,
        variables:
          props.variables && props.variables.length > 0
            ? props.variables.map((variable) => ({ ...variable }))
            : undefined,
        validations: props.validations.map((validation) => ({ ...validation })),
      },
    });
  }
}
