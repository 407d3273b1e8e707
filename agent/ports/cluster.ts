/**
 * The Cluster port: what the pipeline needs from Kubernetes, in domain terms. The adapter
 * (agent/adapters/kubernetes) implements it with @kubernetes/client-node; tests fake it or run the
 * real adapter against the simulator. Reads return plain snapshots; the only writes are the three
 * catalog actions (restart annotation, scale, pod template) and their exact undo.
 */
import type { WorkloadRef } from '../domain/workload.js';

export const CLUSTER_ERROR_CODES = ['not-found', 'conflict', 'forbidden', 'timeout', 'unavailable', 'invalid'] as const;
export type ClusterErrorCode = (typeof CLUSTER_ERROR_CODES)[number];

/** A failed cluster call, with a stable code and what was being done. */
export class ClusterError extends Error {
  override readonly name = 'ClusterError';
  constructor(
    readonly code: ClusterErrorCode,
    /** The port operation, e.g. `scaleDeployment`. */
    readonly operation: string,
    /** `namespace/name` of the object concerned, when there is one. */
    readonly subject: string,
    message: string,
    /** HTTP status from the API server, when one came back. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`${operation} ${subject}: ${code}: ${message}`, options);
  }
}

export interface DeploymentCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly lastUpdateTime?: string;
}

export interface DeploymentSnapshot {
  readonly ref: WorkloadRef;
  readonly uid: string;
  readonly resourceVersion: string;
  readonly generation: number;
  readonly createdAt: string | null;
  /** Desired replicas (spec.replicas, default 1). */
  readonly replicas: number;
  /** matchLabels of spec.selector. */
  readonly selector: Readonly<Record<string, string>>;
  /** `deployment.kubernetes.io/revision`, when set. */
  readonly revision: number | null;
  /** spec.template as plain JSON (wire format, camelCase). */
  readonly template: Readonly<Record<string, unknown>>;
  /** Value of the restartedAt pod-template annotation, or null. */
  readonly restartAnnotation: string | null;
  /** Container images of the pod template, in order. */
  readonly images: readonly string[];
  readonly paused: boolean;
  readonly status: {
    readonly observedGeneration: number;
    readonly replicas: number;
    readonly updatedReplicas: number;
    readonly readyReplicas: number;
    readonly availableReplicas: number;
    readonly unavailableReplicas: number;
    readonly conditions: readonly DeploymentCondition[];
  };
}

/** A HorizontalPodAutoscaler (autoscaling/v2) whose scaleTargetRef is a Deployment. */
export interface AutoscalerSnapshot {
  readonly name: string;
  readonly minReplicas: number | null;
  readonly maxReplicas: number;
  readonly currentReplicas: number | null;
  readonly desiredReplicas: number | null;
}

export interface ReplicaSetSnapshot {
  readonly name: string;
  readonly namespace: string;
  /** `deployment.kubernetes.io/revision`, when set. */
  readonly revision: number | null;
  readonly createdAt: string | null;
  readonly replicas: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  readonly podTemplateHash: string | null;
  readonly images: readonly string[];
  /** spec.template as plain JSON (wire format). */
  readonly template: Readonly<Record<string, unknown>>;
}

export interface ContainerState {
  readonly name: string;
  readonly image: string;
  readonly ready: boolean;
  readonly restartCount: number;
  /** e.g. CrashLoopBackOff, ImagePullBackOff, ErrImagePull. */
  readonly waitingReason: string | null;
  readonly waitingMessage: string | null;
  /** Reason of the last termination, e.g. OOMKilled, Error. */
  readonly lastTerminationReason: string | null;
  readonly lastTerminationExitCode: number | null;
  readonly lastTerminatedAt: string | null;
}

export interface PodSnapshot {
  readonly name: string;
  readonly namespace: string;
  readonly phase: string;
  readonly nodeName: string | null;
  readonly ready: boolean;
  readonly createdAt: string | null;
  readonly owner: { readonly kind: string; readonly name: string } | null;
  readonly reason: string | null;
  readonly conditions: readonly {
    readonly type: string;
    readonly status: string;
    readonly reason?: string;
    readonly message?: string;
  }[];
  readonly containers: readonly ContainerState[];
}

export interface EventSnapshot {
  readonly type: string;
  readonly reason: string;
  readonly message: string;
  readonly involvedKind: string;
  readonly involvedName: string;
  readonly count: number;
  /** ISO time of the last occurrence, when known. */
  readonly lastSeen: string | null;
}

export interface LogOptions {
  readonly container?: string;
  readonly tailLines: number;
  readonly limitBytes: number;
  /** The previous (crashed) container instance. */
  readonly previous?: boolean;
}

/** What a successful write returned. */
export interface WriteResult {
  readonly resourceVersion: string;
  readonly generation: number;
}

export interface Cluster {
  getDeployment(ref: WorkloadRef): Promise<DeploymentSnapshot>;
  /**
   * ReplicaSets owned by the Deployment (by owner reference), any order. `owner`: the Deployment's
   * uid and selector when the caller has just read it (saves reading it again).
   */
  listReplicaSets(
    ref: WorkloadRef,
    owner?: Pick<DeploymentSnapshot, 'uid' | 'selector'>,
  ): Promise<readonly ReplicaSetSnapshot[]>;
  /**
   * HorizontalPodAutoscalers in the Deployment's namespace whose scaleTargetRef is the Deployment:
   * while one exists it owns spec.replicas, and a direct scale would fight it.
   */
  listAutoscalers(ref: WorkloadRef): Promise<readonly AutoscalerSnapshot[]>;
  /** Pods selected by the Deployment's selector. */
  listPods(ref: WorkloadRef, selector: Readonly<Record<string, string>>): Promise<readonly PodSnapshot[]>;
  /**
   * Recent events in a namespace about the named objects (all objects when names is empty);
   * `scope: 'warnings'` reads only Warning events (the API server filters, so a busy namespace's
   * routine Normal events are not transferred).
   */
  listEvents(
    namespace: string,
    names: readonly string[],
    limit: number,
    scope?: 'all' | 'warnings',
  ): Promise<readonly EventSnapshot[]>;
  readPodLog(namespace: string, pod: string, options: LogOptions): Promise<string>;
  /** Pod → ReplicaSet → Deployment through owner references; null when the chain ends elsewhere. */
  resolvePodOwner(namespace: string, pod: string): Promise<WorkloadRef | null>;
  /** Sets the restartedAt pod-template annotation to `value` (null removes it). */
  setRestartAnnotation(ref: WorkloadRef, value: string | null, expectedResourceVersion?: string): Promise<WriteResult>;
  /** Sets spec.replicas through the scale subresource. */
  scaleDeployment(ref: WorkloadRef, replicas: number, expectedResourceVersion?: string): Promise<WriteResult>;
  /** Replaces spec.template (and nothing else) when the Deployment is still at `expectedResourceVersion`. */
  setPodTemplate(
    ref: WorkloadRef,
    template: Readonly<Record<string, unknown>>,
    expectedResourceVersion: string,
  ): Promise<WriteResult>;
}
