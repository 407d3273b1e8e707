/**
 * The scheduler (binds pending pods to Ready, schedulable nodes, or reports FailedScheduling) and
 * the node lifecycle controller (Ready condition and taints follow node-not-ready faults).
 */
import type { Node, Pod } from '../model/types.js';
import { deploymentOfPod, type ControllerContext } from './context.js';

const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

export function nodeIsReady(node: Node): boolean {
  return node.status.conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** Updates node conditions and taints from the active faults. */
export function syncNodes(context: ControllerContext): void {
  for (const node of context.store.list('nodes')) {
    const down = context.faults.nodeNotReady(node.metadata.name);
    const ready = node.status.conditions.find((condition) => condition.type === 'Ready');
    const wasReady = ready?.status === 'True';
    if (down === !wasReady) continue;
    const timestamp = context.timestamp();
    const readyCondition = down
      ? {
          type: 'Ready',
          status: 'Unknown' as const,
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastHeartbeatTime: ready?.lastHeartbeatTime ?? timestamp,
          lastTransitionTime: timestamp,
        }
      : {
          type: 'Ready',
          status: 'True' as const,
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: timestamp,
          lastTransitionTime: timestamp,
        };
    node.status.conditions = [
      ...node.status.conditions.filter((condition) => condition.type !== 'Ready'),
      readyCondition,
    ];
    const otherTaints = (node.spec.taints ?? []).filter((taint) => taint.key !== UNREACHABLE_TAINT);
    node.spec.taints = down
      ? [
          ...otherTaints,
          { key: UNREACHABLE_TAINT, effect: 'NoSchedule' },
          { key: UNREACHABLE_TAINT, effect: 'NoExecute' },
        ]
      : otherTaints;
    node.metadata.resourceVersion = undefined;
    const updated = context.store.update('nodes', node);
    context.events.record({
      object: updated,
      type: 'Normal',
      reason: down ? 'NodeNotReady' : 'NodeReady',
      message: down
        ? `Node ${node.metadata.name} status is now: NodeNotReady`
        : `Node ${node.metadata.name} status is now: NodeReady`,
      component: down ? 'node-controller' : 'kubelet',
      host: node.metadata.name,
    });
  }
}

/** Binds pending pods; remembers when it last tried each pod so FailedScheduling repeats at the retry period. */
export class Scheduler {
  private readonly attempts = new Map<string, number>();

  constructor(private readonly context: ControllerContext) {}

  forget(uid: string): void {
    this.attempts.delete(uid);
  }

  /** Tries to bind a pending pod; returns the bound pod or undefined when it stays Pending. */
  schedule(pod: Pod): Pod | undefined {
    return schedulePod(this.context, this.attempts, pod);
  }
}

function schedulePod(context: ControllerContext, attempts: Map<string, number>, stored: Pod): Pod | undefined {
  const pod = structuredClone(stored);
  const uid = pod.metadata.uid ?? '';
  const previous = attempts.get(uid);
  if (previous !== undefined && context.now() - previous < context.timings.schedulingRetrySeconds * 1000) {
    return undefined;
  }
  attempts.set(uid, context.now());
  const nodes = context.store.view('nodes');
  const deployment = deploymentOfPod(context.store, pod);
  const blocked = pod.spec.containers.flatMap((container) =>
    context.faults.forContainer('unschedulable', { pod, deployment }, container.image),
  );
  const candidates = nodes.filter((node) => nodeIsReady(node) && node.spec.unschedulable !== true);
  if (blocked.length > 0 || candidates.length === 0) {
    const total = nodes.length;
    const message =
      blocked[0]?.message ??
      (blocked.length > 0
        ? `0/${total} nodes are available: ${total} Insufficient memory. preemption: 0/${total} nodes are available: ${total} No preemption victims found for incoming pod.`
        : `0/${total} nodes are available: ${total} node(s) had untolerated taint {${UNREACHABLE_TAINT}: }. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling.`);
    context.events.record({
      object: pod,
      type: 'Warning',
      reason: 'FailedScheduling',
      message,
      component: 'default-scheduler',
    });
    const conditions = [
      {
        type: 'PodScheduled',
        status: 'False' as const,
        reason: 'Unschedulable',
        message,
        lastProbeTime: null,
        lastTransitionTime: pod.metadata.creationTimestamp ?? context.timestamp(),
      },
    ];
    if (JSON.stringify(pod.status?.conditions) !== JSON.stringify(conditions)) {
      pod.status = { phase: 'Pending', conditions, qosClass: 'Burstable' };
      pod.metadata.resourceVersion = undefined;
      context.store.update('pods', pod);
    }
    return undefined;
  }
  const load = new Map<string, number>();
  for (const other of context.store.view('pods')) {
    if (other.spec.nodeName !== undefined) load.set(other.spec.nodeName, (load.get(other.spec.nodeName) ?? 0) + 1);
  }
  candidates.sort((left, right) => (load.get(left.metadata.name) ?? 0) - (load.get(right.metadata.name) ?? 0));
  const node = candidates[0];
  if (node === undefined) return undefined;
  attempts.delete(uid);
  pod.spec.nodeName = node.metadata.name;
  pod.metadata.resourceVersion = undefined;
  const bound = context.store.update('pods', pod);
  context.events.record({
    object: bound,
    type: 'Normal',
    reason: 'Scheduled',
    message: `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.metadata.name}`,
    component: 'default-scheduler',
  });
  return bound;
}
