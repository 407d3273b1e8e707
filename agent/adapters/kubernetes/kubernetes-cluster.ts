/**
 * The Cluster port over the real @kubernetes/client-node 2.x. Reads: Deployments, ReplicaSets,
 * HorizontalPodAutoscalers, Pods, Events, pod logs. Writes (only these): the restartedAt pod-template annotation (merge
 * patch), the scale subresource (merge patch), and spec.template (JSON patch `replace`, as
 * `kubectl rollout undo`). Every write carries the expected resourceVersion, so a stale plan
 * fails with `conflict` instead of overwriting someone else's change. Every call is time-bounded.
 */
import {
  AppsV1Api,
  AutoscalingV2Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Deployment,
} from '@kubernetes/client-node';
import { RESTART_ANNOTATION } from '../../../catalog/action-catalog.js';
import type { WorkloadRef } from '../../domain/workload.js';
import {
  ClusterError,
  type AutoscalerSnapshot,
  type Cluster,
  type DeploymentSnapshot,
  type EventSnapshot,
  type LogOptions,
  type PodSnapshot,
  type ReplicaSetSnapshot,
  type WriteResult,
} from '../../ports/cluster.js';
import { makeApiClient } from './api-clients.js';
import { toClusterError } from './errors.js';
import {
  autoscalerSnapshot,
  autoscalerTargets,
  deploymentSnapshot,
  eventSnapshot,
  podSnapshot,
  replicaSetSnapshot,
} from './snapshots.js';

export interface KubernetesClusterOptions {
  /** Bound for every API call (default 10 s). */
  readonly requestTimeoutMilliseconds?: number;
  /** Events listed per namespace before filtering (default 500). */
  readonly eventListLimit?: number;
}

const subjectOf = (ref: { namespace: string; name: string }) => `${ref.namespace}/${ref.name}`;

export function createKubernetesCluster(kubeConfig: KubeConfig, options: KubernetesClusterOptions = {}): Cluster {
  return new KubernetesCluster(
    makeApiClient(kubeConfig, AppsV1Api),
    makeApiClient(kubeConfig, CoreV1Api),
    makeApiClient(kubeConfig, AutoscalingV2Api),
    options,
  );
}

class KubernetesCluster implements Cluster {
  private readonly timeout: number;
  private readonly eventListLimit: number;

  constructor(
    private readonly apps: AppsV1Api,
    private readonly core: CoreV1Api,
    private readonly autoscaling: AutoscalingV2Api,
    options: KubernetesClusterOptions,
  ) {
    this.timeout = options.requestTimeoutMilliseconds ?? 10_000;
    this.eventListLimit = options.eventListLimit ?? 500;
  }

  private async call<T>(operation: string, subject: string, request: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new ClusterError('timeout', operation, subject, `no answer within ${this.timeout} ms`)),
        this.timeout,
      );
    });
    try {
      return await Promise.race([request(), deadline]);
    } catch (error) {
      throw toClusterError(error, operation, subject);
    } finally {
      clearTimeout(timer);
    }
  }

  async getDeployment(ref: WorkloadRef): Promise<DeploymentSnapshot> {
    const deployment = await this.call('getDeployment', subjectOf(ref), () =>
      this.apps.readNamespacedDeployment({ namespace: ref.namespace, name: ref.name }),
    );
    return deploymentSnapshot(deployment);
  }

  async listReplicaSets(
    ref: WorkloadRef,
    owner?: Pick<DeploymentSnapshot, 'uid' | 'selector'>,
  ): Promise<readonly ReplicaSetSnapshot[]> {
    const known =
      owner ??
      deploymentSnapshot(
        await this.call('listReplicaSets', subjectOf(ref), () =>
          this.apps.readNamespacedDeployment({ namespace: ref.namespace, name: ref.name }),
        ),
      );
    const labelSelector = Object.entries(known.selector)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    const list = await this.call('listReplicaSets', subjectOf(ref), () =>
      this.apps.listNamespacedReplicaSet({ namespace: ref.namespace, labelSelector }),
    );
    const uid = known.uid;
    return list.items
      .filter((set) => set.metadata?.ownerReferences?.some((owner) => owner.kind === 'Deployment' && owner.uid === uid))
      .map(replicaSetSnapshot);
  }

  async listAutoscalers(ref: WorkloadRef): Promise<readonly AutoscalerSnapshot[]> {
    const list = await this.call('listAutoscalers', subjectOf(ref), () =>
      this.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace: ref.namespace }),
    );
    return list.items.filter((item) => autoscalerTargets(item, ref.name)).map(autoscalerSnapshot);
  }

  async listPods(ref: WorkloadRef, selector: Readonly<Record<string, string>>): Promise<readonly PodSnapshot[]> {
    const labelSelector = Object.entries(selector)
      .map(([key, value]) => `${key}=${value}`)
      .join(',');
    if (labelSelector === '') return [];
    const list = await this.call('listPods', subjectOf(ref), () =>
      this.core.listNamespacedPod({ namespace: ref.namespace, labelSelector }),
    );
    return list.items.map(podSnapshot);
  }

  async listEvents(
    namespace: string,
    names: readonly string[],
    limit: number,
    scope: 'all' | 'warnings' = 'all',
  ): Promise<readonly EventSnapshot[]> {
    // Let the API server filter what it can: Warning events, or the events of one named object.
    const fieldSelector =
      scope === 'warnings' ? 'type=Warning' : names.length === 1 ? `involvedObject.name=${names[0]}` : undefined;
    const list = await this.call('listEvents', namespace, () =>
      this.core.listNamespacedEvent({
        namespace,
        limit: this.eventListLimit,
        ...(fieldSelector ? { fieldSelector } : {}),
      }),
    );
    const wanted = new Set(names);
    return list.items
      .filter((event) => wanted.size === 0 || wanted.has(event.involvedObject.name ?? ''))
      .map(eventSnapshot)
      .sort((left, right) => (right.lastSeen ?? '').localeCompare(left.lastSeen ?? ''))
      .slice(0, limit);
  }

  async readPodLog(namespace: string, pod: string, options: LogOptions): Promise<string> {
    return this.call('readPodLog', `${namespace}/${pod}`, () =>
      this.core.readNamespacedPodLog({
        namespace,
        name: pod,
        tailLines: options.tailLines,
        limitBytes: options.limitBytes,
        ...(options.container ? { container: options.container } : {}),
        ...(options.previous ? { previous: true } : {}),
      }),
    );
  }

  async resolvePodOwner(namespace: string, pod: string): Promise<WorkloadRef | null> {
    const subject = `${namespace}/${pod}`;
    const read = await this.call('resolvePodOwner', subject, () =>
      this.core.readNamespacedPod({ namespace, name: pod }),
    );
    const owner = read.metadata?.ownerReferences?.find((reference) => reference.controller);
    if (owner?.kind !== 'ReplicaSet') return null;
    const replicaSet = await this.call('resolvePodOwner', `${namespace}/${owner.name}`, () =>
      this.apps.readNamespacedReplicaSet({ namespace, name: owner.name }),
    );
    const deployment = replicaSet.metadata?.ownerReferences?.find((reference) => reference.controller);
    return deployment?.kind === 'Deployment' ? { namespace, kind: 'Deployment', name: deployment.name } : null;
  }

  async setRestartAnnotation(
    ref: WorkloadRef,
    value: string | null,
    expectedResourceVersion?: string,
  ): Promise<WriteResult> {
    const body = {
      metadata: expectedResourceVersion ? { resourceVersion: expectedResourceVersion } : {},
      spec: { template: { metadata: { annotations: { [RESTART_ANNOTATION]: value } } } },
    };
    const updated = await this.call('setRestartAnnotation', subjectOf(ref), () =>
      this.apps.patchNamespacedDeployment(
        { namespace: ref.namespace, name: ref.name, body },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    return written(updated);
  }

  async scaleDeployment(ref: WorkloadRef, replicas: number, expectedResourceVersion?: string): Promise<WriteResult> {
    if (!Number.isSafeInteger(replicas) || replicas < 0) {
      throw new ClusterError('invalid', 'scaleDeployment', subjectOf(ref), `replicas ${replicas} is not a count`);
    }
    const body = {
      metadata: expectedResourceVersion ? { resourceVersion: expectedResourceVersion } : {},
      spec: { replicas },
    };
    await this.call('scaleDeployment', subjectOf(ref), () =>
      this.apps.patchNamespacedDeploymentScale(
        { namespace: ref.namespace, name: ref.name, body },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    );
    // The Scale answer carries no generation; read it so the rollout wait knows what to wait for.
    const deployment = await this.getDeployment(ref);
    return { resourceVersion: deployment.resourceVersion, generation: deployment.generation };
  }

  async setPodTemplate(
    ref: WorkloadRef,
    template: Readonly<Record<string, unknown>>,
    expectedResourceVersion: string,
  ): Promise<WriteResult> {
    // Setting resourceVersion in the patched object makes it a precondition: a stale plan gets 409.
    // (A JSON-patch `test` op would fail with 422, indistinguishable from a malformed request.)
    const body = [
      { op: 'replace', path: '/metadata/resourceVersion', value: expectedResourceVersion },
      { op: 'replace', path: '/spec/template', value: template },
    ];
    const updated = await this.call('setPodTemplate', subjectOf(ref), () =>
      this.apps.patchNamespacedDeployment(
        { namespace: ref.namespace, name: ref.name, body },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      ),
    );
    return written(updated);
  }
}

function written(deployment: V1Deployment): WriteResult {
  return {
    resourceVersion: deployment.metadata?.resourceVersion ?? '',
    generation: deployment.metadata?.generation ?? 0,
  };
}
