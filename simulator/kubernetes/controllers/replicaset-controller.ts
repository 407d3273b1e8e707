/**
 * The ReplicaSet controller: keeps the number of pods equal to `spec.replicas` (creating from the
 * template, deleting unready and newest first) and reports replicas / ready / available.
 */
import type { Pod, ReplicaSet } from '../model/types.js';
import { randomSuffix } from '../random.js';
import { controllerReference, isOwnedBy, type ControllerContext } from './context.js';

/** True when a pod's Ready condition is True. */
export function podReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** Ready for at least `minReadySeconds`. */
export function podAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const ready = (pod.status?.conditions ?? []).find((condition) => condition.type === 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(ready.lastTransitionTime ?? '');
  return Number.isFinite(since) && now - since >= minReadySeconds * 1000;
}

/** Deletion preference, as the controller's ActivePods ordering: unscheduled, pending, unready, then newest. */
function deletionRank(pod: Pod): number {
  if (pod.spec.nodeName === undefined) return 0;
  if (pod.status?.phase === 'Pending') return 1;
  if (!podReady(pod)) return 2;
  return 3;
}

export class ReplicaSetController {
  constructor(private readonly context: ControllerContext) {}

  sync(): void {
    for (const replicaSet of this.context.store.view('replicasets')) this.syncOne(replicaSet);
  }

  podsOf(replicaSet: ReplicaSet): Pod[] {
    return this.context.store
      .view('pods', replicaSet.metadata.namespace)
      .filter((pod) => isOwnedBy(pod, replicaSet) && pod.metadata.deletionTimestamp === undefined);
  }

  private syncOne(replicaSet: ReplicaSet): void {
    const desired = replicaSet.spec.replicas ?? 1;
    const pods = this.podsOf(replicaSet);
    if (pods.length < desired) {
      for (let index = pods.length; index < desired; index += 1) pods.push(this.createPod(replicaSet));
    } else if (pods.length > desired) {
      const ordered = [...pods].sort(
        (left, right) =>
          deletionRank(left) - deletionRank(right) ||
          (right.metadata.creationTimestamp ?? '').localeCompare(left.metadata.creationTimestamp ?? ''),
      );
      for (const pod of ordered.slice(0, pods.length - desired)) {
        this.deletePod(replicaSet, pod);
        pods.splice(pods.indexOf(pod), 1);
      }
    }
    const now = this.context.now();
    const minReadySeconds = replicaSet.spec.minReadySeconds ?? 0;
    const status = {
      replicas: pods.length,
      fullyLabeledReplicas: pods.length,
      readyReplicas: pods.filter(podReady).length,
      availableReplicas: pods.filter((pod) => podAvailable(pod, minReadySeconds, now)).length,
      observedGeneration: replicaSet.metadata.generation ?? 1,
    };
    if (JSON.stringify(status) === JSON.stringify(replicaSet.status)) return;
    const updated = structuredClone(replicaSet);
    updated.status = status;
    updated.metadata.resourceVersion = undefined;
    this.context.store.update('replicasets', updated);
  }

  private createPod(replicaSet: ReplicaSet): Pod {
    const template = structuredClone(replicaSet.spec.template);
    const name = `${replicaSet.metadata.name}-${randomSuffix(() => this.context.random())}`;
    const pod = this.context.store.create('pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        generateName: `${replicaSet.metadata.name}-`,
        namespace: replicaSet.metadata.namespace ?? 'default',
        labels: { ...(template.metadata?.labels ?? {}) },
        ...(template.metadata?.annotations === undefined ? {} : { annotations: { ...template.metadata.annotations } }),
        ownerReferences: [controllerReference(replicaSet)],
      },
      spec: {
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        schedulerName: 'default-scheduler',
        serviceAccountName: 'default',
        ...template.spec,
      },
      status: { phase: 'Pending', qosClass: 'Burstable' },
    });
    this.context.events.record({
      object: replicaSet,
      type: 'Normal',
      reason: 'SuccessfulCreate',
      message: `Created pod: ${name}`,
      component: 'replicaset-controller',
    });
    return pod;
  }

  private deletePod(replicaSet: ReplicaSet, pod: Pod): void {
    this.context.store.delete('pods', pod.metadata.namespace, pod.metadata.name);
    this.context.events.recordKilling(pod);
    this.context.events.record({
      object: replicaSet,
      type: 'Normal',
      reason: 'SuccessfulDelete',
      message: `Deleted pod: ${pod.metadata.name}`,
      component: 'replicaset-controller',
    });
  }
}
