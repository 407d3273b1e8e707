/** Pod status as the kubelet reports it: phase, the five pod conditions, IPs and container statuses. */
import { createHash } from 'node:crypto';
import type { Condition, ContainerStatus, PodStatus } from '../model/types.js';

const imageIds = new Map<string, string>();

/** A stable content digest per image reference (what containerd reports as imageID). */
export function imageIdOf(image: string): string {
  let id = imageIds.get(image);
  if (id === undefined) {
    id = `sha256:${createHash('sha256').update(image).digest('hex')}`;
    imageIds.set(image, id);
  }
  return id;
}

export interface PodStatusInput {
  /** Conditions currently stored, so unchanged ones keep their lastTransitionTime. */
  readonly previous: readonly Condition[];
  readonly timestamp: string;
  readonly containerStatuses: ContainerStatus[];
  readonly nodeReady: boolean;
  /** True once any container has started at least once (phase Running from then on). */
  readonly everStarted: boolean;
  readonly podIp: string;
  readonly hostIp: string;
  readonly startTime: string;
}

export function buildPodStatus(input: PodStatusInput): PodStatus {
  const condition = (type: string, value: boolean, reason?: string): Condition => {
    const status = value ? 'True' : 'False';
    const old = input.previous.find((item) => item.type === type);
    return {
      type,
      status,
      ...(value || reason === undefined ? {} : { reason }),
      lastProbeTime: null,
      lastTransitionTime: old?.status === status ? (old.lastTransitionTime ?? input.timestamp) : input.timestamp,
    };
  };
  const allReady = input.containerStatuses.every((status) => status.ready);
  return {
    phase: input.everStarted ? 'Running' : 'Pending',
    conditions: [
      condition('PodReadyToStartContainers', true),
      condition('Initialized', true),
      condition('Ready', allReady, input.nodeReady ? 'ContainersNotReady' : 'NodeNotReady'),
      condition('ContainersReady', allReady, 'ContainersNotReady'),
      condition('PodScheduled', true),
    ],
    hostIP: input.hostIp,
    podIP: input.podIp,
    startTime: input.startTime,
    qosClass: 'Burstable',
    containerStatuses: input.containerStatuses,
  };
}
