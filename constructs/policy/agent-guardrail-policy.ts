/**
 * The agent's guardrails enforced at admission, generated from the action catalog: whatever the
 * agent's own code decides, the API server only admits the changes the catalog describes.
 */
import { Construct } from 'constructs';
import { ACTION_CATALOG, RESTART_ANNOTATION, listActions } from '../../catalog/action-catalog.js';
import { AGENT_DEFAULTS } from '../../catalog/agent-contract.js';
import {
  PropValidationError,
  requireDnsLabel,
  requireInteger,
  requireUniqueNonEmpty,
  requireWorkloadNamespace,
} from '../core/prop-validation.js';
import { KyvernoValidatingPolicy, type PolicyResourceRule } from './kyverno-validating-policy.js';
import { celString, celStringList } from './pod-spec-cel.js';

const CONSTRUCT = 'AgentGuardrailPolicy';

/**
 * apps/v1 DeploymentSpec fields besides `replicas` and `template`, compared one by one (field by
 * field so the expressions also type-check against a typed Deployment). A test checks this list
 * against the Kubernetes 1.28 schema, so a new field cannot slip through unchecked.
 */
export const DEPLOYMENT_SPEC_FIXED_FIELDS = [
  'minReadySeconds',
  'paused',
  'progressDeadlineSeconds',
  'revisionHistoryLimit',
  'selector',
  'strategy',
] as const;

/** ObjectMeta fields of the Deployment the agent must never change. */
export const DEPLOYMENT_METADATA_FIXED_FIELDS = ['labels', 'annotations', 'ownerReferences', 'finalizers'] as const;

/** Validation messages, exported so tests and docs can refer to them. */
export const GUARDRAIL_MESSAGES = {
  operation: 'The agent may only update existing Deployments: creating or deleting them is never allowed.',
  namespace: 'The agent may only act in its allowlisted namespaces.',
  replicas: 'The agent may set replicas only from 1 to the maximum, and at most double them in one step.',
  replicasFixed: 'The action catalog does not let the agent change spec.replicas.',
  autoscaled: 'The agent may not change the replicas of a Deployment that a HorizontalPodAutoscaler owns.',
  metadata: 'The agent may not change the Deployment metadata (labels, annotations, owners, finalizers).',
  spec: 'The agent may not change Deployment spec fields other than replicas and the pod template.',
  template:
    'The agent may change the pod template only by setting the restart annotation, or by restoring the template ' +
    'of one of the Deployment own ReplicaSets (rollback).',
} as const;

/** Props of {@link AgentGuardrailPolicy}. */
export interface AgentGuardrailPolicyProps {
  /** Namespaces the agent may act in; never system namespaces. At least one. */
  readonly allowlistedNamespaces: readonly string[];
  /** Namespace of the agent's ServiceAccount. @default AGENT_DEFAULTS.namespace */
  readonly agentNamespace?: string;
  /** The agent's ServiceAccount. @default AGENT_DEFAULTS.serviceAccountName */
  readonly serviceAccountName?: string;
  /** Highest replica count the agent may set. @default AGENT_DEFAULTS.replicaMaximum */
  readonly replicaMaximum?: number;
  /** Policy name. @default 'ai4all-sre-agent-guardrails' */
  readonly name?: string;
}

type Allowance = 'replicas' | 'restart' | 'template';

/** Maps each catalog mutable path to the admission allowance that implements it. */
function allowancesFromCatalog(): ReadonlySet<Allowance> {
  const known: Record<string, Allowance> = {
    'spec.replicas': 'replicas',
    [`spec.template.metadata.annotations.${RESTART_ANNOTATION}`]: 'restart',
    'spec.template': 'template',
  };
  const allowances = new Set<Allowance>();
  for (const action of listActions()) {
    for (const path of action.mutablePaths) {
      const allowance = known[path];
      if (allowance === undefined) {
        throw new Error(
          `${CONSTRUCT}: action "${action.type}" declares mutable path "${path}" that has no admission check; ` +
            'add one in constructs/policy/agent-guardrail-policy.ts before shipping the action',
        );
      }
      allowances.add(allowance);
    }
  }
  return allowances;
}

/** Resource rules from the catalog's writes; the agent's writes must be patch/update on Deployments. */
function resourceRulesFromCatalog(): PolicyResourceRule[] {
  const resources = new Set<string>();
  for (const action of listActions()) {
    for (const rule of action.writes) {
      if (
        rule.apiGroup !== 'apps' ||
        !rule.resource.startsWith('deployments') ||
        rule.verbs.some((verb) => verb !== 'patch' && verb !== 'update')
      ) {
        throw new Error(
          `${CONSTRUCT}: action "${action.type}" writes ${rule.verbs.join(',')} on ${rule.apiGroup}/${rule.resource}; ` +
            'the admission guardrail only knows patch/update on apps deployments; extend it first',
        );
      }
      resources.add(rule.resource);
    }
  }
  // CREATE and DELETE are matched on purpose: RBAC already forbids them, the policy denies them again.
  return [
    {
      apiGroups: ['apps'],
      apiVersions: ['v1'],
      resources: [...resources].sort(),
      operations: ['CREATE', 'UPDATE', 'DELETE'],
    },
  ];
}

function unchanged(path: string, field: string): string {
  return `has(object.${path}.${field}) == has(oldObject.${path}.${field}) && (!has(object.${path}.${field}) || object.${path}.${field} == oldObject.${path}.${field})`;
}

/**
 * A ValidatingPolicy that matches only requests made by the agent's ServiceAccount and admits
 * exactly the changes of the action catalog: `spec.replicas` within bounds (scale), the restart
 * annotation on the pod template (restart), and a pod template equal to one the Deployment already
 * ran, looked up with Kyverno's `resource.List` on its ReplicaSets (rollback). Requests in other
 * namespaces, creates and deletes are denied.
 */
export class AgentGuardrailPolicy extends Construct {
  /** The generated policy. */
  readonly policy: KyvernoValidatingPolicy;
  /** The username the policy matches (`system:serviceaccount:<namespace>:<name>`). */
  readonly agentUsername: string;

  constructor(scope: Construct, id: string, props: AgentGuardrailPolicyProps) {
    super(scope, id);
    requireUniqueNonEmpty(CONSTRUCT, 'allowlistedNamespaces', props.allowlistedNamespaces);
    for (const namespace of props.allowlistedNamespaces) {
      requireWorkloadNamespace(CONSTRUCT, 'allowlistedNamespaces', namespace);
    }
    const agentNamespace = requireDnsLabel(
      CONSTRUCT,
      'agentNamespace',
      props.agentNamespace ?? AGENT_DEFAULTS.namespace,
    );
    const serviceAccountName = requireDnsLabel(
      CONSTRUCT,
      'serviceAccountName',
      props.serviceAccountName ?? AGENT_DEFAULTS.serviceAccountName,
    );
    const maximum = requireInteger(
      CONSTRUCT,
      'replicaMaximum',
      props.replicaMaximum ?? AGENT_DEFAULTS.replicaMaximum,
      1,
      100,
    );
    if (props.allowlistedNamespaces.includes(agentNamespace)) {
      throw new PropValidationError(
        CONSTRUCT,
        'allowlistedNamespaces',
        agentNamespace,
        'the agent must not act on its own namespace',
      );
    }
    this.agentUsername = `system:serviceaccount:${agentNamespace}:${serviceAccountName}`;
    const allowances = allowancesFromCatalog();
    const isUpdate = "request.operation == 'UPDATE'";
    const notDeploymentUpdate = `!(${isUpdate}) || variables.isScale`;
    const restartKey = celString(RESTART_ANNOTATION);

    const replicasCheck = allowances.has('replicas')
      ? {
          expression:
            `!(${isUpdate}) || variables.newReplicas == variables.oldReplicas || ` +
            `(variables.newReplicas >= 1 && variables.newReplicas <= ${maximum} && ` +
            'variables.newReplicas <= (variables.oldReplicas == 0 ? 1 : variables.oldReplicas * 2))',
          message: `${GUARDRAIL_MESSAGES.replicas} (maximum ${maximum})`,
        }
      : {
          expression: `!(${isUpdate}) || variables.newReplicas == variables.oldReplicas`,
          message: GUARDRAIL_MESSAGES.replicasFixed,
        };

    // An HPA owns spec.replicas: the agent's scale would fight it. Listed only when replicas change.
    const autoscaledCheck = allowances.has('replicas')
      ? [{ expression: '!variables.autoscaled', message: GUARDRAIL_MESSAGES.autoscaled }]
      : [];

    const templateAlternatives = ['object.spec.template == oldObject.spec.template'];
    if (allowances.has('restart')) templateAlternatives.push('variables.restartOnly');
    if (allowances.has('template')) templateAlternatives.push('variables.restoresOwnedRevision');

    this.policy = new KyvernoValidatingPolicy(this, 'Policy', {
      name: props.name ?? 'ai4all-sre-agent-guardrails',
      description:
        `Requests by the ai4all-sre agent (${this.agentUsername}) may only make the changes of the action catalog ` +
        `(${Object.keys(ACTION_CATALOG).join(', ')}) to Deployments in allowlisted namespaces.`,
      resourceRules: resourceRulesFromCatalog(),
      namespaces: 'all',
      matchConditions: [
        { name: 'is-agent', expression: `request.userInfo.username == ${celString(this.agentUsername)}` },
      ],
      variables: [
        { name: 'isScale', expression: "request.?subResource.orValue('') == 'scale'" },
        { name: 'newReplicas', expression: `${isUpdate} ? object.spec.?replicas.orValue(0) : 0` },
        { name: 'oldReplicas', expression: `${isUpdate} ? oldObject.spec.?replicas.orValue(0) : 0` },
        {
          name: 'autoscaled',
          expression:
            'variables.newReplicas != variables.oldReplicas && ' +
            "dyn(resource.List('autoscaling/v2', 'horizontalpodautoscalers', request.namespace)).items.exists(h, " +
            "h.spec.scaleTargetRef.kind == 'Deployment' && h.spec.scaleTargetRef.name == oldObject.metadata.name)",
        },
        {
          name: 'newTemplateAnnotations',
          expression: `${notDeploymentUpdate} ? {} : object.spec.template.?metadata.?annotations.orValue({})`,
        },
        {
          name: 'oldTemplateAnnotations',
          expression: `${notDeploymentUpdate} ? {} : oldObject.spec.template.?metadata.?annotations.orValue({})`,
        },
        {
          name: 'restartOnly',
          expression:
            `!(${notDeploymentUpdate}) && object.spec.template.spec == oldObject.spec.template.spec && ` +
            'object.spec.template.?metadata.?labels.orValue({}) == oldObject.spec.template.?metadata.?labels.orValue({}) && ' +
            `variables.newTemplateAnnotations.all(k, k == ${restartKey} || (k in variables.oldTemplateAnnotations && ` +
            'variables.newTemplateAnnotations[k] == variables.oldTemplateAnnotations[k])) && ' +
            `variables.oldTemplateAnnotations.all(k, k == ${restartKey} || k in variables.newTemplateAnnotations)`,
        },
        {
          name: 'ownedReplicaSets',
          expression:
            `${notDeploymentUpdate} || object.spec.template == oldObject.spec.template ? [] : ` +
            // resource.List returns map(string, google.protobuf.Any): without dyn(), Kyverno's compiler rejects
            // `.items` as the range of a comprehension (the in-repo evaluator did not; found by the real CLI).
            "dyn(resource.List('apps/v1', 'replicasets', request.namespace)).items.filter(rs, " +
            "rs.metadata.?ownerReferences.orValue([]).exists(o, o.kind == 'Deployment' && o.uid == oldObject.metadata.uid))",
        },
        {
          name: 'restoresOwnedRevision',
          expression:
            'variables.ownedReplicaSets.exists(rs, rs.spec.template.spec == object.spec.template.spec && ' +
            "object.spec.template.?metadata.?labels.orValue({}).all(k, k != 'pod-template-hash' && " +
            'k in rs.spec.template.?metadata.?labels.orValue({}) && rs.spec.template.metadata.labels[k] == object.spec.template.metadata.labels[k]) && ' +
            "rs.spec.template.?metadata.?labels.orValue({}).all(k, k == 'pod-template-hash' || k in object.spec.template.?metadata.?labels.orValue({})))",
        },
      ],
      validations: [
        { expression: isUpdate, message: GUARDRAIL_MESSAGES.operation },
        {
          expression: `request.namespace in ${celStringList(props.allowlistedNamespaces)}`,
          message: `${GUARDRAIL_MESSAGES.namespace} (${props.allowlistedNamespaces.join(', ')})`,
        },
        replicasCheck,
        ...autoscaledCheck,
        {
          expression: `${notDeploymentUpdate} || (${DEPLOYMENT_METADATA_FIXED_FIELDS.map((field) => unchanged('metadata', field)).join(' && ')})`,
          message: GUARDRAIL_MESSAGES.metadata,
        },
        {
          expression: `${notDeploymentUpdate} || (${DEPLOYMENT_SPEC_FIXED_FIELDS.map((field) => unchanged('spec', field)).join(' && ')})`,
          message: GUARDRAIL_MESSAGES.spec,
        },
        {
          expression: `${notDeploymentUpdate} || ${templateAlternatives.join(' || ')}`,
          message: GUARDRAIL_MESSAGES.template,
        },
      ],
    });
  }
}
