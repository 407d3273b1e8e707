/**
 * The pipeline's first step: the incident's workload. Intake's one from the alert's labels, or a
 * labelled pod's owner. Out-of-scope workloads (system namespace, off the allowlist) stop here,
 * before any evidence is read or any model is called; the guardrails check the scope again before a
 * write.
 */
import type { WorkloadRef } from '../../domain/workload.js';
import type { Cluster } from '../../ports/cluster.js';
import type { PipelineTelemetry } from '../../ports/telemetry.js';
import { scopeReasons } from '../guardrails/scope.js';
import { resolveWorkload } from '../intake/alert-target.js';
import type { WorkflowConfig } from './config.js';
import type { IncidentRecorder } from './incident-recorder.js';

export interface TargetStepDependencies {
  readonly cluster: Cluster;
  readonly config: WorkflowConfig;
  readonly telemetry: PipelineTelemetry;
}

/** Records the resolved target; null when the incident ended here (unresolved: needs-human; out of scope: blocked). */
export async function resolveTarget(
  dependencies: TargetStepDependencies,
  recorder: IncidentRecorder,
): Promise<WorkloadRef | null> {
  const incident = recorder.incident;
  const { cluster, config } = dependencies;
  const inScope = (namespace: string) => scopeReasons(namespace, config.namespaces).length === 0;
  const resolution = incident.target
    ? { target: incident.target, via: 'alert-labels' as const, detail: 'from the incident' }
    : await resolveWorkload(cluster, incident.alerts, config.evidence.timeoutMilliseconds, inScope);
  if (resolution.target === null) {
    if (resolution.outOfScope !== undefined) return refuseScope(dependencies, recorder, resolution.outOfScope, null);
    await recorder.update(
      { status: 'needs-human', action: { type: 'none', reason: 'no workload could be resolved from the alert' } },
      { event: 'target-unresolved', message: `no actionable workload: ${resolution.reason}` },
    );
    return null;
  }
  const { target } = resolution;
  await recorder.update(
    { target },
    {
      event: 'target-resolved',
      message: `target ${target.namespace}/${target.name} (${resolution.detail})`,
      data: { via: resolution.via },
    },
  );
  return inScope(target.namespace) ? target : refuseScope(dependencies, recorder, target.namespace, target);
}

/** Ends an incident whose workload is outside the agent's scope: blocked, nothing read or written. */
async function refuseScope(
  dependencies: TargetStepDependencies,
  recorder: IncidentRecorder,
  namespace: string,
  target: WorkloadRef | null,
): Promise<null> {
  const reasons = scopeReasons(namespace, dependencies.config.namespaces);
  for (const reason of reasons) dependencies.telemetry.guardrailDenied(reason.code);
  const where = target ? `${target.namespace}/${target.name}` : `namespace ${namespace}`;
  await recorder.update(
    {
      status: 'blocked',
      action: { type: 'none', reason: `${where} is outside the agent's scope` },
      decision: { outcome: 'denied', reasons },
    },
    {
      event: 'target-out-of-scope',
      message: `not diagnosed, not acted on: ${reasons.map((reason) => reason.message).join('; ')}`,
      data: { reasons: reasons.map((reason) => reason.code) },
    },
  );
  return null;
}
