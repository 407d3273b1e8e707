/** Reads the live Deployment (through the Cluster port) to show what a proposed action would change. */
import type { Incident } from '../../domain/incident.js';
import type { Cluster } from '../../ports/cluster.js';
import { liveChanges, type FieldChange } from './views/change-diff.js';

export function changePreview(
  cluster: () => Pick<Cluster, 'getDeployment' | 'listReplicaSets'>,
): (incident: Incident) => Promise<readonly FieldChange[]> {
  return async (incident) => {
    const action = incident.action;
    if (!action || action.type === 'none') return [];
    const deployment = await cluster().getDeployment(action.target);
    const replicaSets = action.type === 'rollback' ? await cluster().listReplicaSets(action.target, deployment) : [];
    return liveChanges(action, deployment, replicaSets);
  };
}
