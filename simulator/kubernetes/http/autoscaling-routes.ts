/**
 * autoscaling/v2 HorizontalPodAutoscalers: list (namespaced and cluster-wide) and get. Read-only:
 * the agent's RBAC grants only reads on them, and tests create them through the cluster.
 */
import type { SimulatedCluster } from '../cluster.js';
import { getReply, listReply } from './reads.js';
import type { Router } from './router.js';

const AUTOSCALERS = { group: 'autoscaling', resource: 'horizontalpodautoscalers' } as const;

export function addAutoscalingRoutes(router: Router, cluster: SimulatedCluster): void {
  const base = '/apis/autoscaling/v2/namespaces/:namespace/horizontalpodautoscalers';
  router
    .add('GET', '/apis/autoscaling/v2/horizontalpodautoscalers', AUTOSCALERS, (request) =>
      listReply(cluster, 'horizontalpodautoscalers', request),
    )
    .add('GET', base, AUTOSCALERS, (request) => listReply(cluster, 'horizontalpodautoscalers', request))
    .add('GET', `${base}/:name`, AUTOSCALERS, (request) => getReply(cluster, 'horizontalpodautoscalers', request));
}
