/**
 * The simulated API server: plain HTTP on 127.0.0.1, optional bearer token, optional authorization
 * hook (RBAC stand-in), injected API faults, a record of every write, and Status errors mapped once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { SimulatedCluster } from '../cluster.js';
import { conflict, KubernetesStatusError, type StatusReason } from '../model/status.js';
import { addAppsRoutes } from './apps-routes.js';
import { addAutoscalingRoutes } from './autoscaling-routes.js';
import { addCoordinationRoutes } from './coordination-routes.js';
import { addCoreRoutes } from './core-routes.js';
import { addDiscoveryRoutes, type Authorizer } from './discovery-routes.js';
import { listenOnLoopback } from './listen-loopback.js';
import { Router, verbOf } from './router.js';

export interface ApiServerOptions {
  /** When set, every request needs `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** RBAC stand-in: return false to answer 403 Forbidden. Default: everything allowed. */
  readonly authorize?: Authorizer;
  /** Whether POST on leases is allowed (default false: the agent's RBAC cannot create). */
  readonly allowLeaseCreate?: boolean;
  /** Request body limit in bytes (default 3 MiB, like the API server). */
  readonly bodyLimitBytes?: number;
}

export interface RunningApiServer {
  readonly url: string;
  readonly port: number;
  /** Allows or refuses POST on leases from now on. */
  setLeaseCreateAllowed(allowed: boolean): void;
  close(): Promise<void>;
}

const REASONS: Record<number, StatusReason> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  504: 'Timeout',
};

function sendJson(response: ServerResponse, status: number, body: unknown, contentType = 'application/json'): void {
  const text = typeof body === 'string' && contentType !== 'application/json' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  response.end(text);
}

function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new KubernetesStatusError(413, 'BadRequest', 'Request entity too large: limit is 3145728'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startApiServer(
  cluster: SimulatedCluster,
  options: ApiServerOptions = {},
): Promise<RunningApiServer> {
  const authorize: Authorizer = options.authorize ?? (() => true);
  let allowLeaseCreate = options.allowLeaseCreate ?? false;
  const router = new Router();
  addAppsRoutes(router, cluster);
  addAutoscalingRoutes(router, cluster);
  addCoreRoutes(router, cluster);
  addCoordinationRoutes(router, cluster, () => allowLeaseCreate);
  addDiscoveryRoutes(router, authorize);
  const limit = options.bodyLimitBytes ?? 3 * 1024 * 1024;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', 'http://simulator');
    const path = url.pathname;
    const contentType = request.headers['content-type'] ?? '';
    const isWrite = method !== 'GET' && method !== 'HEAD';
    let parsedBody: unknown;
    let status = 500;
    try {
      const raw = isWrite ? await readBody(request, limit) : '';
      if (raw !== '') {
        try {
          parsedBody = JSON.parse(raw) as unknown;
        } catch {
          parsedBody = raw;
          throw new KubernetesStatusError(400, 'BadRequest', 'the request body is not valid JSON');
        }
      }
      if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
        throw new KubernetesStatusError(401, 'Unauthorized', 'Unauthorized');
      }
      const fault = cluster.faults.takeApiFault(method, path);
      if (fault?.type === 'hang') {
        status = 0;
        return;
      }
      if (fault?.type === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.milliseconds));
      if (fault?.type === 'error') {
        const reason = REASONS[fault.status] ?? (fault.status === 429 ? 'InternalError' : 'InternalError');
        throw new KubernetesStatusError(
          fault.status,
          reason,
          fault.message ?? `Internal error occurred: injected fault on ${method} ${path}`,
        );
      }
      if (fault?.type === 'conflict') {
        const segments = path.split('/').filter(Boolean);
        throw conflict(
          segments.at(-2) ?? 'deployments',
          path.startsWith('/apis/apps') ? 'apps' : '',
          segments.at(-1) ?? '',
        );
      }
      // Controllers still owed a run after an earlier write act before anything is read or written.
      cluster.settle();
      const { found, allowed } = router.match(method, path);
      if (found === undefined) {
        if (allowed.length > 0)
          throw new KubernetesStatusError(
            405,
            'MethodNotAllowed',
            `the server does not allow this method on the requested resource`,
          );
        throw new KubernetesStatusError(404, 'NotFound', 'the server could not find the requested resource');
      }
      const attributes = found.route.attributes;
      if (attributes !== undefined) {
        const verb = verbOf(method, found.params, url.searchParams);
        const namespace = found.params.namespace;
        const name = found.params.name;
        if (
          !authorize({
            ...attributes,
            verb,
            ...(namespace === undefined ? {} : { namespace }),
            ...(name === undefined ? {} : { name }),
          })
        ) {
          const what =
            attributes.subresource === undefined
              ? attributes.resource
              : `${attributes.resource}/${attributes.subresource}`;
          throw new KubernetesStatusError(
            403,
            'Forbidden',
            `${attributes.group === '' ? attributes.resource : `${attributes.resource}.${attributes.group}`}${name === undefined ? '' : ` "${name}"`} is forbidden: User "system:serviceaccount:ai4all-sre:ai4all-sre-agent" cannot ${verb} resource "${what}" in API group "${attributes.group}"${namespace === undefined ? ' at the cluster scope' : ` in the namespace "${namespace}"`}`,
            { group: attributes.group, kind: attributes.resource, ...(name === undefined ? {} : { name }) },
          );
        }
      }
      const reply = await found.route.handler({
        method,
        path,
        params: found.params,
        query: url.searchParams,
        contentType,
        body: parsedBody,
      });
      if ('stream' in reply) {
        status = 200;
        reply.stream(response, (cleanup) => response.on('close', cleanup));
        return;
      }
      status = reply.status;
      if (fault?.type === 'reply-lost') {
        // Done, but the answer never arrives (a reset connection, a proxy that died): ambiguous.
        request.socket.destroy();
        return;
      }
      sendJson(response, reply.status, reply.body, reply.contentType);
    } catch (error) {
      const statusError =
        error instanceof KubernetesStatusError
          ? error
          : new KubernetesStatusError(500, 'InternalError', `Internal error occurred: ${(error as Error).message}`);
      status = statusError.code;
      if (!response.headersSent) sendJson(response, statusError.code, statusError.toStatus());
    } finally {
      if (isWrite) {
        cluster.writeLog.add({
          time: cluster.clock.timestamp(),
          method,
          path,
          query: Object.fromEntries(url.searchParams),
          contentType: contentType === '' ? undefined : contentType,
          body: parsedBody,
          status,
        });
      }
    }
  };

  const server = createServer((request, response) => {
    void handle(request, response);
  });
  const listening = await listenOnLoopback(server, 'simulator');
  return {
    url: listening.url,
    port: listening.port,
    setLeaseCreateAllowed: (allowed) => {
      allowLeaseCreate = allowed;
    },
    close: () => {
      allowLeaseCreate = false;
      return listening.close();
    },
  };
}
