/**
 * core/v1: Pods (list, get, delete), pods/log (container, tailLines, previous, timestamps,
 * sinceSeconds, limitBytes), Events, Nodes and Namespaces.
 */
import type { SimulatedCluster } from '../cluster.js';
import { badRequest } from '../model/status.js';
import { getReply, listReply } from './reads.js';
import type { ApiRequest, Router } from './router.js';

const PODS = { group: '', resource: 'pods' } as const;
const LOG = { group: '', resource: 'pods', subresource: 'log' } as const;
const EVENTS = { group: '', resource: 'events' } as const;
const NODES = { group: '', resource: 'nodes' } as const;
const NAMESPACES = { group: '', resource: 'namespaces' } as const;

function positiveInteger(request: ApiRequest, name: string): number | undefined {
  const raw = request.query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw badRequest(`invalid ${name} parameter "${raw}": must be a non-negative integer`);
  return value;
}

function podLog(cluster: SimulatedCluster, request: ApiRequest): string {
  const namespace = request.params.namespace ?? '';
  const name = request.params.name ?? '';
  const pod = cluster.store.get('pods', namespace, name);
  const names = pod.spec.containers.map((container) => container.name);
  let container = request.query.get('container') ?? undefined;
  if (container === undefined) {
    if (names.length !== 1) {
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    }
    container = names[0] ?? '';
  }
  if (!names.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
  const previous = request.query.get('previous') === 'true';
  const lines = cluster.podLogs(namespace, name, container, previous);
  if (lines === undefined) {
    if (previous) {
      throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
    }
    const waiting = pod.status?.containerStatuses?.find((status) => status.name === container)?.state.waiting?.reason;
    const why =
      waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull'
        ? 'trying and failing to pull image'
        : (waiting ?? 'ContainerCreating');
    throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${why}`);
  }
  const sinceSeconds = positiveInteger(request, 'sinceSeconds');
  const tailLines = positiveInteger(request, 'tailLines');
  const limitBytes = positiveInteger(request, 'limitBytes');
  const withTimestamps = request.query.get('timestamps') === 'true';
  let selected = lines;
  if (sinceSeconds !== undefined) {
    const cutoff = cluster.clock.now() - sinceSeconds * 1000;
    selected = selected.filter((line) => line.time >= cutoff);
  }
  if (tailLines !== undefined) selected = tailLines === 0 ? [] : selected.slice(-tailLines);
  let text = selected
    .map(
      (line) =>
        `${withTimestamps ? `${new Date(line.time).toISOString().replace('Z', '000000Z')} ` : ''}${line.text}\n`,
    )
    .join('');
  if (limitBytes !== undefined) text = Buffer.from(text).subarray(0, limitBytes).toString();
  return text;
}

export function addCoreRoutes(router: Router, cluster: SimulatedCluster): void {
  const base = '/api/v1/namespaces/:namespace';
  router
    .add('GET', '/api/v1/pods', PODS, (request) => listReply(cluster, 'pods', request))
    .add('GET', `${base}/pods`, PODS, (request) => listReply(cluster, 'pods', request))
    .add('GET', `${base}/pods/:name`, PODS, (request) => getReply(cluster, 'pods', request))
    .add('DELETE', `${base}/pods/:name`, PODS, (request) => {
      const pod = cluster.store.get('pods', request.params.namespace, request.params.name ?? '');
      cluster.killPod(request.params.namespace ?? '', request.params.name ?? '');
      return { status: 200, body: pod };
    })
    .add('GET', `${base}/pods/:name/log`, LOG, (request) => ({
      status: 200,
      body: podLog(cluster, request),
      contentType: 'text/plain',
    }))
    .add('GET', '/api/v1/events', EVENTS, (request) => listReply(cluster, 'events', request))
    .add('GET', `${base}/events`, EVENTS, (request) => listReply(cluster, 'events', request))
    .add('GET', `${base}/events/:name`, EVENTS, (request) => getReply(cluster, 'events', request))
    .add('GET', '/api/v1/nodes', NODES, (request) => listReply(cluster, 'nodes', request))
    .add('GET', '/api/v1/nodes/:name', NODES, (request) => getReply(cluster, 'nodes', request))
    .add('GET', '/api/v1/namespaces', NAMESPACES, (request) => listReply(cluster, 'namespaces', request))
    .add('GET', '/api/v1/namespaces/:name', NAMESPACES, (request) => getReply(cluster, 'namespaces', request));
}
