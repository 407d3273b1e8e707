/**
 * coordination.k8s.io/v1 Leases: get, list, replace, patch with optimistic concurrency. Create is
 * refused with 403 unless the test allows it, because the agent's RBAC has no `create`: the Lease is
 * pre-created by the deployment.
 */
import type { SimulatedCluster } from '../cluster.js';
import { badRequest, KubernetesStatusError } from '../model/status.js';
import type { Lease } from '../model/types.js';
import { validateLease } from '../model/validation.js';
import { applyPatch } from './patch.js';
import { getReply, listReply } from './reads.js';
import type { Router } from './router.js';

const LEASES = { group: 'coordination.k8s.io', resource: 'leases' } as const;

function asLease(body: unknown): Lease {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Lease must be a JSON object');
  const lease = body as Lease;
  if (typeof lease.metadata?.name !== 'string') throw badRequest('Lease metadata.name is required');
  lease.spec ??= {};
  return lease;
}

function writeLease(cluster: SimulatedCluster, existing: Lease, next: Lease): Lease {
  if (next.metadata.name !== existing.metadata.name) {
    throw badRequest(
      `the name of the object (${next.metadata.name}) does not match the name on the URL (${existing.metadata.name})`,
    );
  }
  validateLease(next);
  return cluster.store.update('leases', {
    ...next,
    metadata: { ...next.metadata, namespace: existing.metadata.namespace },
  });
}

export function addCoordinationRoutes(router: Router, cluster: SimulatedCluster, allowCreate: () => boolean): void {
  const base = '/apis/coordination.k8s.io/v1/namespaces/:namespace/leases';
  router
    .add('GET', base, LEASES, (request) => listReply(cluster, 'leases', request))
    .add('POST', base, LEASES, (request) => {
      const namespace = request.params.namespace ?? '';
      if (!allowCreate()) {
        throw new KubernetesStatusError(
          403,
          'Forbidden',
          `leases.coordination.k8s.io is forbidden: User "system:serviceaccount:ai4all-sre:ai4all-sre-agent" cannot create resource "leases" in API group "coordination.k8s.io" in the namespace "${namespace}"`,
          { group: 'coordination.k8s.io', kind: 'leases' },
        );
      }
      const lease = asLease(request.body);
      validateLease(lease);
      cluster.ensureNamespace(namespace);
      const created = cluster.store.create('leases', {
        ...lease,
        metadata: { ...lease.metadata, namespace, resourceVersion: undefined },
      });
      return { status: 201, body: created };
    })
    .add('GET', `${base}/:name`, LEASES, (request) => getReply(cluster, 'leases', request))
    .add('PUT', `${base}/:name`, LEASES, (request) => {
      const existing = cluster.store.get('leases', request.params.namespace, request.params.name ?? '');
      return { status: 200, body: writeLease(cluster, existing, asLease(request.body)) };
    })
    .add('PATCH', `${base}/:name`, LEASES, (request) => {
      const existing = cluster.store.get('leases', request.params.namespace, request.params.name ?? '');
      return {
        status: 200,
        body: writeLease(cluster, existing, asLease(applyPatch(request.contentType, existing, request.body))),
      };
    });
}
