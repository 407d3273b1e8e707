/**
 * Generic object access with the manifests' own JSON on the wire.
 *
 * The client library's KubernetesObjectApi re-serializes known kinds through its generated models,
 * which silently drops fields it does not know (a typo in dist/ would never reach the server) and
 * mangles JSON-schema keys such as `x-kubernetes-int-or-string` in CRDs. These tests must show the
 * server exactly what ArgoCD would send, so this speaks HTTP to the API server directly, with the
 * kubeconfig's credentials and TLS settings.
 */
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import { type RequestOptions, request } from 'node:https';

/** A non-2xx answer from the API server, with its Status message. */
export class ApiServerError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
  ) {
    super(`HTTP ${status}: ${message}`);
    this.name = 'ApiServerError';
  }
}

interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
}

export class RawApi {
  private readonly discovery = new Map<string, Map<string, ResourceInfo>>();

  constructor(private readonly config: KubeConfig) {}

  /** One request; resolves with the parsed body of a 2xx answer, throws ApiServerError otherwise. */
  async call(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<unknown> {
    const cluster = this.config.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    const url = new URL(path, cluster.server);
    const options: RequestOptions = { method, headers: { accept: 'application/json' } };
    await this.config.applyToHTTPSOptions(options);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) Object.assign(options.headers ?? {}, { 'content-type': contentType });
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const outgoing = request(url, { ...options, timeout: 30_000 }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${url.pathname} timed out`)));
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
    const parsed: unknown = text.length > 0 && text.trimStart().startsWith('{') ? JSON.parse(text) : text;
    if (status < 200 || status > 299) {
      const statusBody = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
        message?: string;
        reason?: string;
      };
      throw new ApiServerError(status, statusBody.reason ?? '', statusBody.message ?? text.trim());
    }
    return parsed;
  }

  /** Plural and scope of `kind` in `apiVersion`, from the server's discovery (re-read on a miss). */
  async resource(apiVersion: string, kind: string): Promise<ResourceInfo> {
    const cached = this.discovery.get(apiVersion)?.get(kind);
    if (cached) return cached;
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = (await this.call('GET', path).catch((error: unknown) => {
      if (error instanceof ApiServerError && error.status === 404) {
        throw new ApiServerError(404, 'NotFound', `the server does not serve ${apiVersion} (is its CRD installed?)`);
      }
      throw error;
    })) as { resources?: Array<{ name: string; kind: string; namespaced: boolean }> };
    const kinds = new Map<string, ResourceInfo>();
    for (const entry of list.resources ?? []) {
      if (!entry.name.includes('/')) kinds.set(entry.kind, { plural: entry.name, namespaced: entry.namespaced });
    }
    this.discovery.set(apiVersion, kinds);
    const found = kinds.get(kind);
    if (!found) throw new ApiServerError(404, 'NotFound', `the server serves no kind ${kind} in ${apiVersion}`);
    return found;
  }

  /** URL path of one object (namespaced objects without a namespace use `default`, as kubectl does). */
  async objectPath(object: KubernetesObject): Promise<string> {
    const apiVersion = object.apiVersion ?? '';
    const { plural, namespaced } = await this.resource(apiVersion, object.kind ?? '');
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const namespace = namespaced ? `/namespaces/${encodeURIComponent(object.metadata?.namespace ?? 'default')}` : '';
    return `${base}${namespace}/${plural}/${encodeURIComponent(object.metadata?.name ?? '')}`;
  }

  /** Server-side apply with strict field validation; `dryRun` runs admission and validation without persisting. */
  async apply(
    object: KubernetesObject,
    fieldManager: string,
    options: { readonly dryRun: boolean },
  ): Promise<KubernetesObject> {
    const query = new URLSearchParams({ fieldManager, force: 'true', fieldValidation: 'Strict' });
    if (options.dryRun) query.set('dryRun', 'All');
    const path = `${await this.objectPath(object)}?${query.toString()}`;
    return (await this.call('PATCH', path, object, 'application/apply-patch+yaml')) as KubernetesObject;
  }

  /** True when the object exists. */
  async exists(object: KubernetesObject): Promise<boolean> {
    try {
      await this.call('GET', await this.objectPath(object));
      return true;
    } catch (error) {
      if (error instanceof ApiServerError && error.status === 404) return false;
      throw error;
    }
  }

  /** Deletes the object (background propagation); an object already gone is fine. */
  async delete(object: KubernetesObject): Promise<void> {
    try {
      await this.call('DELETE', await this.objectPath(object), {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        propagationPolicy: 'Background',
      });
    } catch (error) {
      if (!(error instanceof ApiServerError && error.status === 404)) throw error;
    }
  }
}
