/**
 * Wire shapes of the Kubernetes objects the simulator serves, as JSON on the wire (timestamps are
 * RFC 3339 strings). Only the fields the simulator reads or writes are typed; anything else a client
 * sends is kept as-is in the object.
 */

export type Labels = Record<string, string>;

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  generateName?: string;
  labels?: Labels;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface Container {
  name: string;
  image: string;
  [key: string]: unknown;
}

export interface PodTemplate {
  metadata?: { labels?: Labels; annotations?: Record<string, string>; [key: string]: unknown };
  spec: { containers: Container[]; nodeName?: string; [key: string]: unknown };
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  lastHeartbeatTime?: string;
}

export interface DeploymentSpec {
  replicas?: number;
  selector: LabelSelector;
  template: PodTemplate;
  strategy?: {
    type?: 'RollingUpdate' | 'Recreate';
    rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string };
  };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
  [key: string]: unknown;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
}

export interface Deployment extends KubeObject {
  spec: DeploymentSpec;
  status?: DeploymentStatus;
}

export interface ReplicaSet extends KubeObject {
  spec: { replicas?: number; selector: LabelSelector; template: PodTemplate; minReadySeconds?: number };
  status?: {
    replicas: number;
    fullyLabeledReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    observedGeneration?: number;
  };
}

export interface ContainerState {
  waiting?: { reason: string; message?: string };
  running?: { startedAt: string };
  terminated?: {
    exitCode: number;
    reason: string;
    message?: string;
    startedAt?: string;
    finishedAt: string;
    containerID?: string;
  };
}

export interface ContainerStatus {
  name: string;
  image: string;
  imageID: string;
  containerID?: string;
  ready: boolean;
  started: boolean;
  restartCount: number;
  state: ContainerState;
  lastState: ContainerState;
}

export interface PodStatus {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  conditions?: Condition[];
  hostIP?: string;
  podIP?: string;
  startTime?: string;
  qosClass?: string;
  containerStatuses?: ContainerStatus[];
}

export interface Pod extends KubeObject {
  spec: PodTemplate['spec'];
  status?: PodStatus;
}

export interface ObjectReference {
  apiVersion?: string;
  kind: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface KubeEvent extends KubeObject {
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  type: 'Normal' | 'Warning';
  source: { component: string; host?: string };
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  eventTime?: string | null;
  reportingComponent?: string;
  reportingInstance?: string;
}

export interface Node extends KubeObject {
  spec: { unschedulable?: boolean; taints?: { key: string; effect: string; value?: string }[]; podCIDR?: string };
  status: {
    conditions: Condition[];
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    addresses: { type: string; address: string }[];
    nodeInfo: Record<string, string>;
  };
}

export interface Lease extends KubeObject {
  spec: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
  };
}

/** autoscaling/v2 HorizontalPodAutoscaler: the fields the agent reads (no controller runs it here). */
export interface HorizontalPodAutoscaler extends KubeObject {
  spec: {
    scaleTargetRef: { apiVersion?: string; kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
    metrics?: Record<string, unknown>[];
  };
  status?: { currentReplicas?: number; desiredReplicas: number };
}

/** Resources the simulator stores, keyed by their plural REST name. */
export type ResourceKind =
  'deployments' | 'replicasets' | 'pods' | 'events' | 'nodes' | 'leases' | 'namespaces' | 'horizontalpodautoscalers';

/** Type of the stored object per resource. */
export interface ResourceTypes {
  deployments: Deployment;
  replicasets: ReplicaSet;
  pods: Pod;
  events: KubeEvent;
  nodes: Node;
  leases: Lease;
  namespaces: KubeObject;
  horizontalpodautoscalers: HorizontalPodAutoscaler;
}

/** apiVersion and kind per resource, for list envelopes and Status details. */
export const RESOURCE_INFO: { readonly [K in ResourceKind]: { apiVersion: string; kind: string; group: string } } = {
  deployments: { apiVersion: 'apps/v1', kind: 'Deployment', group: 'apps' },
  replicasets: { apiVersion: 'apps/v1', kind: 'ReplicaSet', group: 'apps' },
  pods: { apiVersion: 'v1', kind: 'Pod', group: '' },
  events: { apiVersion: 'v1', kind: 'Event', group: '' },
  nodes: { apiVersion: 'v1', kind: 'Node', group: '' },
  leases: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', group: 'coordination.k8s.io' },
  namespaces: { apiVersion: 'v1', kind: 'Namespace', group: '' },
  horizontalpodautoscalers: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', group: 'autoscaling' },
};
