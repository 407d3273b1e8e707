/**
 * apps/v1: Deployments (list, get, create, replace, patch, delete), the deployments/scale and
 * deployments/status subresources, and ReplicaSets (list, get).
 */
import type { SimulatedCluster } from '../cluster.js';
import { formatSelector } from '../model/selectors.js';
import { badRequest, invalid } from '../model/status.js';
import type { Deployment } from '../model/types.js';
import { normalizeDeployment, validateDeployment } from '../model/validation.js';
import { applyPatch } from './patch.js';
import { getReply, listReply } from './reads.js';
import type { ApiReply, ApiRequest, Router } from './router.js';

const DEPLOYMENTS = { group: 'apps', resource: 'deployments' } as const;
const SCALE = { group: 'apps', resource: 'deployments', subresource: 'scale' } as const;
const STATUS = { group: 'apps', resource: 'deployments', subresource: 'status' } as const;
const REPLICASETS = { group: 'apps', resource: 'replicasets' } as const;

function asObject(body: unknown, what: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest(`${what} must be a JSON object`);
  return body as Record<string, unknown>;
}

/** The autoscaling/v1 Scale view of a Deployment. */
export function scaleOf(deployment: Deployment) {
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: deployment.metadata.name,
      namespace: deployment.metadata.namespace,
      uid: deployment.metadata.uid,
      resourceVersion: deployment.metadata.resourceVersion,
      creationTimestamp: deployment.metadata.creationTimestamp,
    },
    spec: { replicas: deployment.spec.replicas ?? 1 },
    status: { replicas: deployment.status?.replicas ?? 0, selector: formatSelector(deployment.spec.selector) },
  };
}

/** Stores a new version of a Deployment written by a client: status is kept, spec changes bump generation. */
function writeDeployment(cluster: SimulatedCluster, existing: Deployment, next: Deployment): Deployment {
  if (next.metadata?.name !== existing.metadata.name) {
    throw badRequest(
      `the name of the object (${String(next.metadata?.name)}) does not match the name on the URL (${existing.metadata.name})`,
    );
  }
  if (next.metadata.namespace !== undefined && next.metadata.namespace !== existing.metadata.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  normalizeDeployment(next);
  validateDeployment(next, existing);
  const specChanged = JSON.stringify(existing.spec) !== JSON.stringify(next.spec);
  const stored: Deployment = {
    ...next,
    metadata: { ...next.metadata, namespace: existing.metadata.namespace, generation: existing.metadata.generation },
    ...(existing.status === undefined ? {} : { status: existing.status }),
  };
  const written = cluster.store.update('deployments', stored, { bumpGeneration: specChanged });
  cluster.reconcileSoon();
  return written;
}

function writeReplicas(cluster: SimulatedCluster, existing: Deployment, scale: Record<string, unknown>): ApiReply {
  const spec = (scale.spec ?? {}) as { replicas?: unknown };
  const replicas = spec.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', existing.metadata.name, [
      {
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      },
    ]);
  }
  const metadata = (scale.metadata ?? {}) as { resourceVersion?: string };
  const next: Deployment = {
    ...existing,
    metadata: { ...existing.metadata, resourceVersion: metadata.resourceVersion ?? existing.metadata.resourceVersion },
    spec: { ...existing.spec, replicas },
  };
  const written = writeDeployment(cluster, existing, next);
  return { status: 200, body: scaleOf(written) };
}

export function addAppsRoutes(router: Router, cluster: SimulatedCluster): void {
  const base = '/apis/apps/v1/namespaces/:namespace';
  const one = `${base}/deployments/:name`;
  const read = (request: ApiRequest) =>
    cluster.getDeployment(request.params.namespace ?? '', request.params.name ?? '');

  router
    .add('GET', '/apis/apps/v1/deployments', DEPLOYMENTS, (request) => listReply(cluster, 'deployments', request))
    .add('GET', `${base}/deployments`, DEPLOYMENTS, (request) => listReply(cluster, 'deployments', request))
    .add('POST', `${base}/deployments`, DEPLOYMENTS, (request) => {
      const body = asObject(request.body, 'Deployment') as unknown as Deployment;
      const namespace = request.params.namespace ?? '';
      if (body.metadata?.namespace !== undefined && body.metadata.namespace !== namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      normalizeDeployment(body);
      validateDeployment(body);
      cluster.ensureNamespace(namespace);
      const { status: _status, ...withoutStatus } = body;
      const created = cluster.store.create('deployments', {
        ...withoutStatus,
        metadata: { ...body.metadata, namespace, resourceVersion: undefined },
      });
      cluster.reconcileSoon();
      return { status: 201, body: created };
    })
    .add('GET', one, DEPLOYMENTS, (request) => getReply(cluster, 'deployments', request))
    .add('PUT', one, DEPLOYMENTS, (request) => {
      const written = writeDeployment(
        cluster,
        read(request),
        asObject(request.body, 'Deployment') as unknown as Deployment,
      );
      return { status: 200, body: written };
    })
    .add('PATCH', one, DEPLOYMENTS, (request) => {
      const existing = read(request);
      const patched = applyPatch(request.contentType, existing, request.body) as Deployment;
      return { status: 200, body: writeDeployment(cluster, existing, patched) };
    })
    .add('DELETE', one, DEPLOYMENTS, (request) => {
      const deleted = cluster.store.delete('deployments', request.params.namespace, request.params.name ?? '');
      // Background cascading deletion, as the garbage collector does.
      for (const replicaSet of cluster.store.list('replicasets', request.params.namespace)) {
        if (!(replicaSet.metadata.ownerReferences ?? []).some((owner) => owner.uid === deleted.metadata.uid)) continue;
        cluster.store.delete('replicasets', replicaSet.metadata.namespace, replicaSet.metadata.name);
        for (const pod of cluster.store.list('pods', request.params.namespace)) {
          if ((pod.metadata.ownerReferences ?? []).some((owner) => owner.uid === replicaSet.metadata.uid)) {
            cluster.store.delete('pods', pod.metadata.namespace, pod.metadata.name);
          }
        }
      }
      return { status: 200, body: deleted };
    })
    .add('GET', `${one}/status`, STATUS, (request) => ({ status: 200, body: read(request) }))
    .add('GET', `${one}/scale`, SCALE, (request) => ({ status: 200, body: scaleOf(read(request)) }))
    .add('PUT', `${one}/scale`, SCALE, (request) =>
      writeReplicas(cluster, read(request), asObject(request.body, 'Scale')),
    )
    .add('PATCH', `${one}/scale`, SCALE, (request) => {
      const existing = read(request);
      const patched = applyPatch(request.contentType, scaleOf(existing), request.body);
      return writeReplicas(cluster, existing, asObject(patched, 'Scale'));
    })
    .add('GET', '/apis/apps/v1/replicasets', REPLICASETS, (request) => listReply(cluster, 'replicasets', request))
    .add('GET', `${base}/replicasets`, REPLICASETS, (request) => listReply(cluster, 'replicasets', request))
    .add('GET', `${base}/replicasets/:name`, REPLICASETS, (request) => getReply(cluster, 'replicasets', request));
}
