/** Maps @kubernetes/client-node models to the Cluster port's plain snapshots. */
import type {
  CoreV1Event,
  V1Deployment,
  V1Pod,
  V1PodTemplateSpec,
  V1ReplicaSet,
  V2HorizontalPodAutoscaler,
} from '@kubernetes/client-node';
import { RESTART_ANNOTATION, REVISION_ANNOTATION } from '../../../catalog/action-catalog.js';
import type {
  AutoscalerSnapshot,
  DeploymentSnapshot,
  EventSnapshot,
  PodSnapshot,
  ReplicaSetSnapshot,
} from '../../ports/cluster.js';

/** The typed models use the wire field names; a JSON round trip turns Dates into RFC 3339 strings. */
export function toWire(template: V1PodTemplateSpec | undefined): Record<string, unknown> {
  return template ? (JSON.parse(JSON.stringify(template)) as Record<string, unknown>) : {};
}

const iso = (value: Date | string | undefined | null): string | null =>
  value === undefined || value === null ? null : value instanceof Date ? value.toISOString() : String(value);

function revisionOf(annotations: Record<string, string> | undefined): number | null {
  const raw = annotations?.[REVISION_ANNOTATION];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isSafeInteger(value) ? value : null;
}

export function deploymentSnapshot(deployment: V1Deployment): DeploymentSnapshot {
  const metadata = deployment.metadata ?? {};
  const spec = deployment.spec;
  const status = deployment.status ?? {};
  return {
    ref: { namespace: metadata.namespace ?? '', kind: 'Deployment', name: metadata.name ?? '' },
    uid: metadata.uid ?? '',
    resourceVersion: metadata.resourceVersion ?? '',
    generation: metadata.generation ?? 0,
    createdAt: iso(metadata.creationTimestamp),
    replicas: spec?.replicas ?? 1,
    selector: spec?.selector.matchLabels ?? {},
    revision: revisionOf(metadata.annotations),
    template: toWire(spec?.template),
    restartAnnotation: spec?.template.metadata?.annotations?.[RESTART_ANNOTATION] ?? null,
    images: (spec?.template.spec?.containers ?? []).map((container) => container.image ?? ''),
    paused: spec?.paused ?? false,
    status: {
      observedGeneration: status.observedGeneration ?? 0,
      replicas: status.replicas ?? 0,
      updatedReplicas: status.updatedReplicas ?? 0,
      readyReplicas: status.readyReplicas ?? 0,
      availableReplicas: status.availableReplicas ?? 0,
      unavailableReplicas: status.unavailableReplicas ?? 0,
      conditions: (status.conditions ?? []).map((condition) => ({
        type: condition.type,
        status: condition.status,
        ...(condition.reason ? { reason: condition.reason } : {}),
        ...(condition.message ? { message: condition.message } : {}),
        ...(condition.lastUpdateTime ? { lastUpdateTime: iso(condition.lastUpdateTime) ?? '' } : {}),
      })),
    },
  };
}

export function replicaSetSnapshot(replicaSet: V1ReplicaSet): ReplicaSetSnapshot {
  const metadata = replicaSet.metadata ?? {};
  return {
    name: metadata.name ?? '',
    namespace: metadata.namespace ?? '',
    revision: revisionOf(metadata.annotations),
    createdAt: iso(metadata.creationTimestamp),
    replicas: replicaSet.status?.replicas ?? 0,
    readyReplicas: replicaSet.status?.readyReplicas ?? 0,
    availableReplicas: replicaSet.status?.availableReplicas ?? 0,
    podTemplateHash: metadata.labels?.['pod-template-hash'] ?? null,
    images: (replicaSet.spec?.template?.spec?.containers ?? []).map((container) => container.image ?? ''),
    template: toWire(replicaSet.spec?.template),
  };
}

export function podSnapshot(pod: V1Pod): PodSnapshot {
  const metadata = pod.metadata ?? {};
  const owner = metadata.ownerReferences?.find((reference) => reference.controller) ?? metadata.ownerReferences?.[0];
  const conditions = pod.status?.conditions ?? [];
  return {
    name: metadata.name ?? '',
    namespace: metadata.namespace ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    nodeName: pod.spec?.nodeName ?? null,
    ready: conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True'),
    createdAt: iso(metadata.creationTimestamp),
    owner: owner ? { kind: owner.kind, name: owner.name } : null,
    reason: pod.status?.reason ?? null,
    conditions: conditions.map((condition) => ({
      type: condition.type,
      status: condition.status,
      ...(condition.reason ? { reason: condition.reason } : {}),
      ...(condition.message ? { message: condition.message } : {}),
    })),
    containers: (pod.status?.containerStatuses ?? []).map((status) => ({
      name: status.name,
      image: status.image,
      ready: status.ready,
      restartCount: status.restartCount,
      waitingReason: status.state?.waiting?.reason ?? null,
      waitingMessage: status.state?.waiting?.message ?? null,
      lastTerminationReason: status.lastState?.terminated?.reason ?? status.state?.terminated?.reason ?? null,
      lastTerminationExitCode: status.lastState?.terminated?.exitCode ?? status.state?.terminated?.exitCode ?? null,
      lastTerminatedAt: iso(status.lastState?.terminated?.finishedAt ?? status.state?.terminated?.finishedAt),
    })),
  };
}

export function eventSnapshot(event: CoreV1Event): EventSnapshot {
  return {
    type: event.type ?? 'Normal',
    reason: event.reason ?? '',
    message: event.message ?? '',
    involvedKind: event.involvedObject.kind ?? '',
    involvedName: event.involvedObject.name ?? '',
    count: event.count ?? 1,
    lastSeen: iso(event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp),
  };
}

export function autoscalerSnapshot(autoscaler: V2HorizontalPodAutoscaler): AutoscalerSnapshot {
  return {
    name: autoscaler.metadata?.name ?? '',
    minReplicas: autoscaler.spec?.minReplicas ?? null,
    maxReplicas: autoscaler.spec?.maxReplicas ?? 0,
    currentReplicas: autoscaler.status?.currentReplicas ?? null,
    desiredReplicas: autoscaler.status?.desiredReplicas ?? null,
  };
}

/** Whether the autoscaler's scaleTargetRef is the Deployment `name` (apps group, any version). */
export function autoscalerTargets(autoscaler: V2HorizontalPodAutoscaler, name: string): boolean {
  const target = autoscaler.spec?.scaleTargetRef;
  return (
    target?.kind === 'Deployment' && target.name === name && (target.apiVersion ?? 'apps/v1').split('/')[0] === 'apps'
  );
}
