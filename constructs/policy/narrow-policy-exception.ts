/**
 * A Kyverno CEL `PolicyException` (policies.kyverno.io/v1) that can only be narrow: one policy,
 * one namespace, one kind, named objects, and a written justification. The reference lab excluded
 * whole namespaces (including the one it meant to protect); this construct makes that impossible.
 */
import { Construct } from 'constructs';
import { PolicyException } from '../imports/kyverno-policies.kyverno.io.js';
import {
  PropValidationError,
  requireDnsLabel,
  requireDnsSubdomain,
  requireUniqueNonEmpty,
} from '../core/prop-validation.js';
import { celString, celStringList } from './pod-spec-cel.js';

const CONSTRUCT = 'NarrowPolicyException';

/** Annotation carrying the justification on the exception object. */
export const EXCEPTION_JUSTIFICATION_ANNOTATION = 'ai4all-sre.io/justification';

/** Props of {@link NarrowPolicyException}. */
export interface NarrowPolicyExceptionProps {
  /** Exception object name. */
  readonly name: string;
  /** Namespace of the excepted objects (the exception object lives there too). */
  readonly namespace: string;
  /** The one ValidatingPolicy excepted. */
  readonly policyName: string;
  /** Kind of the excepted objects, e.g. `Deployment`. */
  readonly kind: string;
  /** Names of the excepted objects; at least one, no patterns. */
  readonly objectNames: readonly string[];
  /** Why the exception is needed and safe (at least 40 characters); shipped as an annotation. */
  readonly justification: string;
}

/** One policy, one namespace, one kind, named objects, justified. */
export class NarrowPolicyException extends Construct {
  readonly apiObject: PolicyException;

  constructor(scope: Construct, id: string, props: NarrowPolicyExceptionProps) {
    super(scope, id);
    requireDnsSubdomain(CONSTRUCT, 'name', props.name);
    requireDnsLabel(CONSTRUCT, 'namespace', props.namespace);
    requireDnsSubdomain(CONSTRUCT, 'policyName', props.policyName);
    requireUniqueNonEmpty(CONSTRUCT, 'objectNames', props.objectNames);
    for (const name of props.objectNames) requireDnsSubdomain(CONSTRUCT, 'objectNames', name);
    if (!/^[A-Z][A-Za-z]+$/.test(props.kind)) {
      throw new PropValidationError(CONSTRUCT, 'kind', props.kind, 'give one Kind, e.g. "Deployment"');
    }
    if (props.justification.trim().length < 40) {
      throw new PropValidationError(
        CONSTRUCT,
        'justification',
        props.justification,
        'explain in a sentence or two why the exception is needed and why it is safe',
      );
    }
    this.apiObject = new PolicyException(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        annotations: { [EXCEPTION_JUSTIFICATION_ANNOTATION]: props.justification },
      },
      spec: {
        policyRefs: [{ name: props.policyName, kind: 'ValidatingPolicy' }],
        matchConditions: [
          {
            name: 'named-objects',
            expression:
              `request.namespace == ${celString(props.namespace)} && object.kind == ${celString(props.kind)} && ` +
              `object.metadata.name in ${celStringList(props.objectNames)}`,
          },
        ],
      },
    });
  }
}
