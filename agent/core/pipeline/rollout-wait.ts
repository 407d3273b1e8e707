/**
 * Waits until a Deployment's rollout is complete (the controller observed the generation, every
 * replica is updated and available, old replicas are gone) or fails (ProgressDeadlineExceeded, or
 * the agent's own deadline). Read errors are retried until the deadline.
 */
import type { WorkloadRef } from '../../domain/workload.js';
import type { Clock } from '../../ports/clock.js';
import type { Cluster, DeploymentSnapshot } from '../../ports/cluster.js';

export type RolloutResult =
  | { readonly complete: true; readonly waitedMilliseconds: number; readonly detail: string }
  | { readonly complete: false; readonly waitedMilliseconds: number; readonly detail: string };

/**
 * `writtenAt` (ms): when the agent's write landed. A ProgressDeadlineExceeded condition last updated
 * before that second describes the rollout the agent replaced (a rollback of a stuck revision keeps
 * it until the controller records progress), so it is not this rollout's failure. Kubernetes
 * timestamps have one-second resolution, hence the comparison by whole seconds.
 */
export function rolloutState(
  deployment: DeploymentSnapshot,
  generation: number,
  writtenAt?: number,
): 'complete' | 'failed' | 'progressing' {
  const status = deployment.status;
  const observed = status.observedGeneration >= generation;
  if (
    observed &&
    status.updatedReplicas === deployment.replicas &&
    status.availableReplicas === deployment.replicas &&
    status.replicas === deployment.replicas
  ) {
    return 'complete';
  }
  const writtenSecond = writtenAt === undefined ? undefined : Math.floor(writtenAt / 1000) * 1000;
  const stalled = status.conditions.some((condition) => {
    if (condition.type !== 'Progressing' || condition.reason !== 'ProgressDeadlineExceeded') return false;
    if (writtenSecond === undefined || condition.lastUpdateTime === undefined) return true;
    const updated = Date.parse(condition.lastUpdateTime);
    return !Number.isFinite(updated) || updated >= writtenSecond;
  });
  return observed && stalled ? 'failed' : 'progressing';
}

function describe(deployment: DeploymentSnapshot): string {
  const status = deployment.status;
  return `observedGeneration ${status.observedGeneration}/${deployment.generation}, updated ${status.updatedReplicas}, available ${status.availableReplicas}, total ${status.replicas}, desired ${deployment.replicas}`;
}

export async function waitForRollout(
  cluster: Cluster,
  clock: Clock,
  target: WorkloadRef,
  generation: number,
  options: { readonly deadlineMilliseconds: number; readonly pollMilliseconds: number },
  writtenAt?: number,
): Promise<RolloutResult> {
  const started = clock.now().getTime();
  let last: string;
  for (;;) {
    const waited = clock.now().getTime() - started;
    try {
      const deployment = await cluster.getDeployment(target);
      last = describe(deployment);
      const state = rolloutState(deployment, generation, writtenAt);
      if (state === 'complete') return { complete: true, waitedMilliseconds: waited, detail: last };
      if (state === 'failed') {
        return {
          complete: false,
          waitedMilliseconds: waited,
          detail: `rollout stalled (ProgressDeadlineExceeded): ${last}`,
        };
      }
    } catch (error) {
      last = `read failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (waited >= options.deadlineMilliseconds) {
      return {
        complete: false,
        waitedMilliseconds: waited,
        detail: `rollout not complete after ${options.deadlineMilliseconds} ms: ${last}`,
      };
    }
    await clock.sleep(Math.min(options.pollMilliseconds, Math.max(1, options.deadlineMilliseconds - waited)));
  }
}
