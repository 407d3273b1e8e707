/**
 * Kubernetes access for the cluster tests: the cluster comes from $KUBECONFIG (set by
 * test-cluster.ts for the local control plane, or by the user for kind/k3d/a lab).
 */
import { ApiException, KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { ApiServerError, RawApi } from './raw-api.js';

/** Field manager of every write the cluster tests make. */
export const TEST_FIELD_MANAGER = 'ai4all-sre-cluster-test';

/** The test cluster's KubeConfig; fails with instructions when KUBECONFIG is unset. */
export function testKubeConfig(): KubeConfig {
  const path = process.env['KUBECONFIG'];
  if (!path) {
    throw new Error(
      'KUBECONFIG is not set: run the cluster tests with `npm run test:cluster`, which starts a local cluster',
    );
  }
  const config = new KubeConfig();
  config.loadFromFile(path);
  return config;
}

/** The API server's reason for a failed call, as one line. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiServerError) return error.message;
  if (error instanceof ApiException) {
    const body: unknown = typeof error.body === 'string' ? safeJson(error.body) : error.body;
    const message = body && typeof body === 'object' && 'message' in body ? String(body.message) : String(error.body);
    return `HTTP ${error.code}: ${message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** HTTP status of an API error, or undefined for anything else. */
export function apiStatus(error: unknown): number | undefined {
  if (error instanceof ApiServerError) return error.status;
  return error instanceof ApiException ? error.code : undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Human name of an object: `Kind namespace/name`. */
export function objectName(object: KubernetesObject): string {
  const namespace = object.metadata?.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind ?? '?'} ${namespace}${object.metadata?.name ?? '?'}`;
}

/** Server-side apply (optionally dry-run) of the object exactly as given, with strict field validation. */
export async function serverSideApply(
  config: KubeConfig,
  object: KubernetesObject,
  options: { readonly dryRun: boolean },
): Promise<KubernetesObject> {
  return new RawApi(config).apply(object, TEST_FIELD_MANAGER, options);
}

/** True when the object exists on the server. */
export async function exists(config: KubeConfig, object: KubernetesObject): Promise<boolean> {
  return new RawApi(config).exists(object);
}

/**
 * Records what a test created that did not exist before, and deletes exactly that afterwards,
 * so a run against a user's cluster leaves it as it found it.
 */
export class CreatedObjects {
  private readonly created: KubernetesObject[] = [];
  private readonly api: RawApi;

  constructor(private readonly config: KubeConfig) {
    this.api = new RawApi(config);
  }

  /** Applies `object` for real; remembers it when it is new. */
  async apply(object: KubernetesObject): Promise<KubernetesObject> {
    const existed = await this.api.exists(object);
    const applied = await this.api.apply(object, TEST_FIELD_MANAGER, { dryRun: false });
    if (!existed) this.created.push(object);
    return applied;
  }

  /**
   * Deletes what this tracker created, newest first, and waits until each is gone (a namespace
   * still terminating would reject the next test's objects).
   */
  async deleteAll(): Promise<void> {
    const deleted = this.created.reverse();
    for (const object of deleted) await this.api.delete(object);
    for (const object of deleted) {
      await eventually(
        `${objectName(object)} to be deleted`,
        () => this.api.exists(object),
        (present) => !present,
        120_000,
      );
    }
    this.created.length = 0;
  }
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls `read` until `accept` holds; the error names what was awaited and the last value seen. */
export async function eventually<T>(
  description: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMilliseconds = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMilliseconds;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  const seen = last === undefined ? describeApiError(lastError) : JSON.stringify(last).slice(0, 600);
  throw new Error(`timed out after ${timeoutMilliseconds / 1000}s waiting for ${description}; last seen: ${seen}`);
}
