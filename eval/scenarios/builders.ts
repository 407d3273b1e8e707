/** Small builders that keep the scenario tables readable. */
import type { ActionType } from '../../catalog/action-catalog.js';
import type { DiagnosisCategory } from '../../agent/domain/diagnosis.js';
import type { WorkloadFault } from '../../simulator/kubernetes/faults.js';
import type { EvalExpectation, EvalOutcome, EvalScenario, WorldStep } from '../scenario.js';

/** The namespace the agent may act in during the evaluation. */
export const ALLOWED_NAMESPACE = 'online-boutique';

export const deploy = (name: string, replicas = 2, namespace = ALLOWED_NAMESPACE, image = `${name}:v1`): WorldStep => ({
  kind: 'deploy',
  workload: { name, namespace, replicas, image },
});
export const release = (name: string, image: string, namespace = ALLOWED_NAMESPACE): WorldStep => ({
  kind: 'release',
  name,
  namespace,
  image,
});
export const fault = (value: WorkloadFault): WorldStep => ({ kind: 'fault', fault: value });
export const advance = (seconds: number): WorldStep => ({ kind: 'advance', seconds });
export const killPod = (name: string): WorldStep => ({ kind: 'kill-pod', name });
/** An HPA (read through the API, no kube-state-metrics series) owning `target`'s replicas. */
export const autoscaler = (target: string, minReplicas: number, maxReplicas: number): WorldStep => ({
  kind: 'autoscaler',
  name: `${target}-autoscaler`,
  target,
  minReplicas,
  maxReplicas,
});

export function alert(
  alertname: string,
  deployment: string | null,
  options: { namespace?: string; annotations?: Record<string, string>; labels?: Record<string, string> } = {},
): EvalScenario['alert'] {
  const namespace = options.namespace ?? ALLOWED_NAMESPACE;
  return {
    alertname,
    labels: {
      alertname,
      severity: 'critical',
      namespace,
      ...(deployment === null ? {} : { deployment }),
      ...options.labels,
    },
    annotations: options.annotations ?? { summary: `${alertname} for ${deployment ?? 'an unknown workload'}` },
  };
}

export function expectThat(
  category: DiagnosisCategory | null,
  target: string | null,
  action: ActionType | 'none',
  outcome: EvalOutcome,
  replicas?: number,
): EvalExpectation {
  return {
    category,
    target: target === null ? null : target.includes('/') ? target : `${ALLOWED_NAMESPACE}/${target}`,
    action,
    outcome,
    ...(replicas === undefined ? {} : { replicas }),
  };
}

/** A release `name:v2` whose containers crash at start, after a healthy v1. */
export function crashingRelease(name: string, replicas = 2, logLines?: readonly string[]): WorldStep[] {
  return [
    deploy(name, replicas),
    fault({
      kind: 'crash-loop',
      match: { namespace: ALLOWED_NAMESPACE, image: `${name}:v2` },
      ...(logLines ? { logLines } : {}),
    }),
    release(name, `${name}:v2`),
    advance(150),
  ];
}

/**
 * A director reply in the shape of agent/core/diagnosis/reply-schemas.ts: an action type and its
 * parameters. `name` (and `namespace`) make a hostile reply that names a target, which the schema
 * has no room for: the agent refuses such a reply and the rules decide.
 */
export function director(
  category: DiagnosisCategory,
  action: { type: ActionType | 'none'; namespace?: string; name?: string; replicas?: number; toRevision?: number },
  rootCause = 'the evidence points there',
): Record<string, unknown> {
  return {
    category,
    rootCause,
    confidence: 0.9,
    action: {
      type: action.type,
      ...(action.name === undefined
        ? {}
        : { target: { namespace: action.namespace ?? ALLOWED_NAMESPACE, kind: 'Deployment', name: action.name } }),
      ...(action.replicas === undefined ? {} : { replicas: action.replicas }),
      ...(action.toRevision === undefined ? {} : { toRevision: action.toRevision }),
    },
    findings: ['from the evidence'],
  };
}

export const computeSpecialist = {
  specialist: 'compute',
  findings: ['pods restart'],
  suspectedCause: 'the workload itself',
  confidence: 0.7,
};
