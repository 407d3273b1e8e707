/**
 * The deployment controller: one ReplicaSet per pod template (named by its pod-template-hash, with
 * the `deployment.kubernetes.io/revision` annotation), rolling updates within maxSurge /
 * maxUnavailable, Recreate, revision history cleanup, ScalingReplicaSet events and Deployment status
 * with Available / Progressing conditions and the progress deadline.
 */
import { REVISION_ANNOTATION } from '../../../catalog/action-catalog.js';
import type { Condition, Deployment, ReplicaSet } from '../model/types.js';
import { podTemplateHash } from '../random.js';
import { controllerReference, isOwnedBy, type ControllerContext } from './context.js';
import { POD_TEMPLATE_HASH_LABEL, rolloutBudget, sameTemplate, templateWithoutHash } from './rollout-math.js';

function revisionOf(replicaSet: ReplicaSet): number {
  return Number(replicaSet.metadata.annotations?.[REVISION_ANNOTATION] ?? '0') || 0;
}

function specReplicas(replicaSet: ReplicaSet): number {
  return replicaSet.spec.replicas ?? 0;
}

export class DeploymentController {
  constructor(private readonly context: ControllerContext) {}

  sync(): void {
    for (const deployment of this.context.store.view('deployments')) this.syncOne(deployment);
  }

  /** ReplicaSets controlled by a Deployment, oldest revision first. */
  replicaSetsOf(deployment: Deployment): ReplicaSet[] {
    return this.context.store
      .view('replicasets', deployment.metadata.namespace)
      .filter((replicaSet) => isOwnedBy(replicaSet, deployment))
      .sort((left, right) => revisionOf(left) - revisionOf(right));
  }

  private syncOne(deployment: Deployment): void {
    let all = this.replicaSetsOf(deployment);
    let newReplicaSet = all.find((replicaSet) => sameTemplate(replicaSet.spec.template, deployment.spec.template));
    const maxOldRevision = Math.max(0, ...all.filter((item) => item !== newReplicaSet).map(revisionOf));
    if (newReplicaSet === undefined) {
      newReplicaSet = this.createReplicaSet(deployment, maxOldRevision + 1);
      all.push(newReplicaSet);
    } else if (revisionOf(newReplicaSet) <= maxOldRevision) {
      newReplicaSet = this.setRevision(newReplicaSet, maxOldRevision + 1);
    }
    const current = newReplicaSet;
    const newName = current.metadata.name;
    all = all.map((item) => (item.metadata.name === newName ? current : item));
    const old = all.filter((item) => item.metadata.name !== newName);
    if (deployment.spec.paused !== true) {
      if (deployment.spec.strategy?.type === 'Recreate') this.recreate(deployment, newReplicaSet, old);
      else this.rollingUpdate(deployment, newReplicaSet, old);
    }
    this.cleanup(deployment);
    this.syncStatus(deployment, newName);
  }

  private createReplicaSet(deployment: Deployment, revision: number): ReplicaSet {
    const template = templateWithoutHash(deployment.spec.template);
    const hash = podTemplateHash(template);
    template.metadata = {
      ...template.metadata,
      labels: { ...template.metadata?.labels, [POD_TEMPLATE_HASH_LABEL]: hash },
    };
    const annotations = { ...deployment.metadata.annotations };
    delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
    return this.context.store.create('replicasets', {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace ?? 'default',
        labels: { ...template.metadata.labels },
        annotations: {
          ...annotations,
          'deployment.kubernetes.io/desired-replicas': String(deployment.spec.replicas ?? 1),
          'deployment.kubernetes.io/max-replicas': String(
            (deployment.spec.replicas ?? 1) + rolloutBudget(deployment).maxSurge,
          ),
          [REVISION_ANNOTATION]: String(revision),
        },
        ownerReferences: [controllerReference(deployment)],
      },
      spec: {
        replicas: 0,
        minReadySeconds: deployment.spec.minReadySeconds ?? 0,
        selector: {
          ...deployment.spec.selector,
          matchLabels: { ...deployment.spec.selector.matchLabels, [POD_TEMPLATE_HASH_LABEL]: hash },
        },
        template,
      },
      status: { replicas: 0 },
    });
  }

  private setRevision(stored: ReplicaSet, revision: number): ReplicaSet {
    const replicaSet = structuredClone(stored);
    replicaSet.metadata.annotations = { ...replicaSet.metadata.annotations, [REVISION_ANNOTATION]: String(revision) };
    replicaSet.metadata.resourceVersion = undefined;
    return this.context.store.update('replicasets', replicaSet);
  }

  private scale(deployment: Deployment, stored: ReplicaSet, replicas: number): ReplicaSet {
    const from = specReplicas(stored);
    if (from === replicas) return stored;
    const replicaSet = structuredClone(stored);
    replicaSet.spec.replicas = replicas;
    replicaSet.metadata.annotations = {
      ...replicaSet.metadata.annotations,
      'deployment.kubernetes.io/desired-replicas': String(deployment.spec.replicas ?? 1),
    };
    replicaSet.metadata.resourceVersion = undefined;
    const updated = this.context.store.update('replicasets', replicaSet, { bumpGeneration: true });
    this.context.events.record({
      object: deployment,
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${replicas > from ? 'up' : 'down'} replica set ${replicaSet.metadata.name} from ${from} to ${replicas}`,
      component: 'deployment-controller',
    });
    return updated;
  }

  private recreate(deployment: Deployment, newReplicaSet: ReplicaSet, old: ReplicaSet[]): void {
    for (const replicaSet of old) this.scale(deployment, replicaSet, 0);
    const oldPods = old.reduce((sum, replicaSet) => sum + (replicaSet.status?.replicas ?? 0), 0);
    if (oldPods === 0) this.scale(deployment, newReplicaSet, deployment.spec.replicas ?? 1);
  }

  private rollingUpdate(deployment: Deployment, newReplicaSet: ReplicaSet, old: ReplicaSet[]): void {
    const replicas = deployment.spec.replicas ?? 1;
    const { maxSurge, maxUnavailable } = rolloutBudget(deployment);
    let current = newReplicaSet;
    const oldTotal = () => old.reduce((sum, replicaSet) => sum + specReplicas(replicaSet), 0);
    // Scale the new ReplicaSet up within the surge budget (or straight down on a scale-down).
    if (specReplicas(current) > replicas) {
      current = this.scale(deployment, current, replicas);
    } else if (specReplicas(current) < replicas) {
      const room = replicas + maxSurge - (oldTotal() + specReplicas(current));
      const step = Math.min(room, replicas - specReplicas(current));
      if (step > 0) current = this.scale(deployment, current, specReplicas(current) + step);
    }
    // Scale old ReplicaSets down without going below minAvailable; unhealthy old pods go first.
    const minAvailable = replicas - maxUnavailable;
    const newUnavailable = specReplicas(current) - (current.status?.availableReplicas ?? 0);
    let budget = oldTotal() + specReplicas(current) - minAvailable - Math.max(0, newUnavailable);
    for (let index = 0; index < old.length && budget > 0; index += 1) {
      const replicaSet = old[index];
      if (replicaSet === undefined) continue;
      const unhealthy = specReplicas(replicaSet) - (replicaSet.status?.availableReplicas ?? 0);
      const cut = Math.min(Math.max(0, unhealthy), budget);
      if (cut > 0) {
        old[index] = this.scale(deployment, replicaSet, specReplicas(replicaSet) - cut);
        budget -= cut;
      }
    }
    const available = [current, ...old].reduce((sum, item) => sum + (item.status?.availableReplicas ?? 0), 0);
    let removable = Math.min(budget, available - minAvailable);
    for (let index = 0; index < old.length && removable > 0; index += 1) {
      const replicaSet = old[index];
      if (replicaSet === undefined || specReplicas(replicaSet) === 0) continue;
      const cut = Math.min(specReplicas(replicaSet), removable);
      old[index] = this.scale(deployment, replicaSet, specReplicas(replicaSet) - cut);
      removable -= cut;
    }
  }

  private cleanup(deployment: Deployment): void {
    const limit = deployment.spec.revisionHistoryLimit ?? 10;
    const all = this.replicaSetsOf(deployment);
    const newest = all.at(-1);
    const removable = all.filter(
      (replicaSet) =>
        replicaSet !== newest && specReplicas(replicaSet) === 0 && (replicaSet.status?.replicas ?? 0) === 0,
    );
    for (const replicaSet of removable.slice(0, Math.max(0, removable.length - limit))) {
      this.context.store.delete('replicasets', replicaSet.metadata.namespace, replicaSet.metadata.name);
    }
  }

  private syncStatus(deploymentAtStart: Deployment, newName: string): void {
    const deployment = this.context.store.peek(
      'deployments',
      deploymentAtStart.metadata.namespace,
      deploymentAtStart.metadata.name,
    );
    if (deployment === undefined) return;
    const all = this.replicaSetsOf(deployment);
    const newReplicaSet = all.find((replicaSet) => replicaSet.metadata.name === newName);
    const sum = (pick: (replicaSet: ReplicaSet) => number | undefined) =>
      all.reduce((total, replicaSet) => total + (pick(replicaSet) ?? 0), 0);
    const replicas = deployment.spec.replicas ?? 1;
    const available = sum((replicaSet) => replicaSet.status?.availableReplicas);
    const status = {
      observedGeneration: deployment.metadata.generation ?? 1,
      replicas: sum((replicaSet) => replicaSet.status?.replicas),
      updatedReplicas: newReplicaSet?.status?.replicas ?? 0,
      readyReplicas: sum((replicaSet) => replicaSet.status?.readyReplicas),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, sum(specReplicas) - available),
    };
    const { maxUnavailable } = rolloutBudget(deployment);
    const conditions = this.conditions(deployment, newName, status, available >= replicas - maxUnavailable);
    const next = { ...status, conditions };
    const annotations = { ...deployment.metadata.annotations };
    if (newReplicaSet !== undefined) annotations[REVISION_ANNOTATION] = String(revisionOf(newReplicaSet));
    if (
      JSON.stringify(next) === JSON.stringify(deployment.status) &&
      JSON.stringify(annotations) === JSON.stringify(deployment.metadata.annotations)
    ) {
      return;
    }
    const updated = structuredClone(deployment);
    updated.status = next;
    updated.metadata.annotations = annotations;
    updated.metadata.resourceVersion = undefined;
    this.context.store.update('deployments', updated);
  }

  private conditions(
    deployment: Deployment,
    newName: string,
    status: { replicas: number; updatedReplicas: number; availableReplicas: number },
    minimumAvailable: boolean,
  ): Condition[] {
    const timestamp = this.context.timestamp();
    const previous = deployment.status?.conditions ?? [];
    const make = (
      type: string,
      value: 'True' | 'False',
      reason: string,
      message: string,
      touch: boolean,
    ): Condition => {
      const old = previous.find((condition) => condition.type === type);
      const transitioned = old?.status !== value;
      return {
        type,
        status: value,
        lastUpdateTime: transitioned || touch || old?.reason !== reason ? timestamp : (old.lastUpdateTime ?? timestamp),
        lastTransitionTime: transitioned ? timestamp : (old.lastTransitionTime ?? timestamp),
        reason,
        message,
      };
    };
    const available = minimumAvailable
      ? make('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', false)
      : make(
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          false,
        );
    const replicas = deployment.spec.replicas ?? 1;
    const complete =
      status.updatedReplicas === replicas && status.availableReplicas === replicas && status.replicas === replicas;
    const oldProgressing = previous.find((condition) => condition.type === 'Progressing');
    const previousStatus = deployment.status;
    const progressed =
      previousStatus === undefined ||
      previousStatus.updatedReplicas !== status.updatedReplicas ||
      previousStatus.availableReplicas !== status.availableReplicas ||
      previousStatus.replicas !== status.replicas ||
      previousStatus.observedGeneration !== deployment.metadata.generation;
    let progressing: Condition;
    if (complete) {
      progressing = make(
        'Progressing',
        'True',
        'NewReplicaSetAvailable',
        `ReplicaSet "${newName}" has successfully progressed.`,
        false,
      );
    } else if (progressed || oldProgressing === undefined || oldProgressing.reason === 'NewReplicaSetAvailable') {
      progressing = make('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${newName}" is progressing.`, true);
    } else {
      const deadline = (deployment.spec.progressDeadlineSeconds ?? 600) * 1000;
      const since = Date.parse(oldProgressing.lastUpdateTime ?? '');
      progressing =
        oldProgressing.reason === 'ProgressDeadlineExceeded' || this.context.now() - since > deadline
          ? make(
              'Progressing',
              'False',
              'ProgressDeadlineExceeded',
              `ReplicaSet "${newName}" has timed out progressing.`,
              false,
            )
          : oldProgressing;
    }
    return [available, progressing];
  }
}
