/**
 * Generic reads: list (with labelSelector, fieldSelector, limit), get, and watch streams of
 * newline-delimited `{type, object}` events, for every stored resource.
 */
import type { SimulatedCluster } from '../cluster.js';
import { parseFieldSelector, parseLabelSelector } from '../model/selectors.js';
import { RESOURCE_INFO, type KubeObject, type ResourceKind } from '../model/types.js';
import type { ApiReply, ApiRequest } from './router.js';

function filterFor(request: ApiRequest): (object: KubeObject) => boolean {
  const labels = parseLabelSelector(request.query.get('labelSelector') ?? undefined);
  const fields = parseFieldSelector(request.query.get('fieldSelector') ?? undefined);
  return (object) => labels(object.metadata.labels ?? {}) && fields(object);
}

export function listReply(cluster: SimulatedCluster, resource: ResourceKind, request: ApiRequest): ApiReply {
  if (request.query.get('watch') === 'true' || request.query.get('watch') === '1') {
    return watchReply(cluster, resource, request);
  }
  const limit = Number(request.query.get('limit') ?? '0');
  // Views, not copies: the reply is serialized before anything else runs.
  const items = cluster.store.listView(
    resource,
    request.params.namespace,
    filterFor(request),
    Number.isInteger(limit) && limit > 0 ? limit : undefined,
  );
  const info = RESOURCE_INFO[resource];
  return {
    status: 200,
    body: {
      kind: `${info.kind}List`,
      apiVersion: info.apiVersion,
      metadata: { resourceVersion: cluster.store.currentResourceVersion() },
      items: items.map((item) => {
        // List items omit apiVersion/kind like the real API server.
        const { apiVersion: _apiVersion, kind: _kind, ...rest } = item;
        return rest;
      }),
    },
  };
}

export function getReply(cluster: SimulatedCluster, resource: ResourceKind, request: ApiRequest): ApiReply {
  return { status: 200, body: cluster.store.getView(resource, request.params.namespace, request.params.name ?? '') };
}

function watchReply(cluster: SimulatedCluster, resource: ResourceKind, request: ApiRequest): ApiReply {
  const matches = filterFor(request);
  const namespace = request.params.namespace;
  const since = Number(request.query.get('resourceVersion') ?? '0');
  const timeoutSeconds = Number(request.query.get('timeoutSeconds') ?? '0');
  return {
    stream: (response, onClose) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
      const send = (type: string, object: KubeObject) => response.write(`${JSON.stringify({ type, object })}\n`);
      if (!(since > 0)) {
        for (const item of cluster.store.list(resource, namespace).filter(matches)) send('ADDED', item);
      }
      const unsubscribe = cluster.subscribe((change) => {
        if (change.resource !== resource) return;
        if (namespace !== undefined && change.object.metadata.namespace !== namespace) return;
        if (Number(change.object.metadata.resourceVersion ?? '0') <= since) return;
        if (!matches(change.object)) return;
        send(change.type, change.object);
      });
      const timer =
        timeoutSeconds > 0
          ? setTimeout(() => {
              unsubscribe();
              response.end();
            }, timeoutSeconds * 1000)
          : undefined;
      timer?.unref();
      onClose(() => {
        unsubscribe();
        if (timer !== undefined) clearTimeout(timer);
      });
    },
  };
}
