/**
 * A tiny path router for the Kubernetes REST layout (`/apis/{group}/{version}/namespaces/{ns}/{resource}/{name}/{sub}`).
 * Each route knows the RBAC attributes (resource, subresource, verb) of the requests it serves, so the
 * server can apply an authorization hook the way the API server applies RBAC.
 */
import type { ServerResponse } from 'node:http';

export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly contentType: string;
  /** Parsed JSON body (undefined for GET/DELETE without body). */
  readonly body: unknown;
}

/** A JSON (or text) answer, or a streaming one (watch). */
export type ApiReply =
  | { readonly status: number; readonly body: unknown; readonly contentType?: string }
  | { readonly stream: (response: ServerResponse, onClose: (cleanup: () => void) => void) => void };

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete';

export interface RouteAttributes {
  readonly group: string;
  readonly resource: string;
  readonly subresource?: string;
}

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly attributes: RouteAttributes | undefined;
  readonly handler: (request: ApiRequest) => ApiReply | Promise<ApiReply>;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

export class Router {
  private readonly routes: Route[] = [];

  add(
    method: string,
    pattern: string,
    attributes: RouteAttributes | undefined,
    handler: (request: ApiRequest) => ApiReply | Promise<ApiReply>,
  ): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), attributes, handler });
    return this;
  }

  /** Finds the route for a request; `allowed` lists the methods the path supports (for 405). */
  match(method: string, path: string): { found?: RouteMatch; allowed: string[] } {
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const allowed: string[] = [];
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const fits = route.segments.every((segment, index) => {
        const part = parts[index] ?? '';
        if (segment.startsWith(':')) {
          params[segment.slice(1)] = part;
          return true;
        }
        return segment === part;
      });
      if (!fits) continue;
      if (route.method === method) return { found: { route, params }, allowed };
      allowed.push(route.method);
    }
    return { allowed };
  }
}

/** The RBAC verb of a request, as the API server derives it. */
export function verbOf(method: string, params: Readonly<Record<string, string>>, query: URLSearchParams): Verb {
  switch (method) {
    case 'GET':
      if (query.get('watch') === 'true' || query.get('watch') === '1') return 'watch';
      return params.name === undefined ? 'list' : 'get';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return 'delete';
    default:
      return 'get';
  }
}
