/**
 * Kubernetes API clients that reuse their connections.
 *
 * @kubernetes/client-node 2.0.1 builds a new undici Agent for every request whenever the kubeconfig
 * carries TLS settings (a CA, a client certificate, or insecure-skip-tls-verify), in
 * `KubeConfig.applySecurityAuthentication` → `createDispatcher`. Every API call then opens its own
 * connection: against a real API server, a TCP and TLS handshake per read, and a connection pool
 * to allocate and tear down each time (sharing one cut the agent's allocations in the bench by a
 * quarter; docs/adr/0009).
 *
 * Here all clients made for one KubeConfig share one dispatcher. Authentication still runs on every
 * request (tokens, exec plugins and rotated service-account tokens keep working: they are headers);
 * only the dispatcher client-node created for the request is swapped for the shared one. The shared
 * dispatcher is replaced every `refreshMilliseconds` (default 5 min) so a rotated CA or client
 * certificate file is picked up; the one it replaces finishes its requests and closes.
 */
import {
  createConfiguration,
  ServerConfiguration,
  type KubeConfig,
  type RequestContext,
  type ResponseContext,
  type SecurityAuthentication,
  type Configuration,
} from '@kubernetes/client-node';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/** The User-Agent the API server's audit log shows for the agent's calls. */
export const AGENT_USER_AGENT = 'ai4all-sre-agent';
const DEFAULT_REFRESH_MILLISECONDS = 5 * 60_000;

export interface ConnectionOptions {
  /** How long one dispatcher (and its connections) is used before a fresh one replaces it. */
  readonly refreshMilliseconds?: number;
  readonly now?: () => number;
}

/** KubeConfig authentication with one shared, periodically renewed dispatcher. */
export class SharedConnections implements SecurityAuthentication {
  private dispatcher: Dispatcher | undefined;
  private createdAt = 0;
  private readonly refresh: number;
  private readonly now: () => number;
  /** Dispatchers put in use, and requests that reused the shared one. */
  private counts = { created: 0, reused: 0 };

  constructor(
    private readonly kubeConfig: KubeConfig,
    options: ConnectionOptions = {},
  ) {
    this.refresh = options.refreshMilliseconds ?? DEFAULT_REFRESH_MILLISECONDS;
    this.now = options.now ?? Date.now;
  }

  getName(): string {
    return 'kubeconfig authentication with shared connections';
  }

  async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await this.kubeConfig.applySecurityAuthentication(context);
    const fresh = context.getDispatcher();
    // No TLS settings: client-node leaves the dispatcher unset and fetch's global one pools already.
    if (fresh === undefined) return;
    const now = this.now();
    if (this.dispatcher === undefined || now - this.createdAt >= this.refresh) {
      const replaced = this.dispatcher;
      this.dispatcher = fresh;
      this.createdAt = now;
      this.counts.created += 1;
      // close() lets requests already sent on the replaced dispatcher finish.
      if (replaced) void replaced.close().catch(() => undefined);
      return;
    }
    // The unused per-request Agent holds no connection (undici connects on the first dispatch).
    context.setDispatcher(this.dispatcher);
    this.counts.reused += 1;
  }

  /** For tests and diagnostics: dispatchers put in use, and requests that reused one. */
  get usage(): { readonly created: number; readonly reused: number } {
    return { ...this.counts };
  }

  async close(): Promise<void> {
    const current = this.dispatcher;
    this.dispatcher = undefined;
    await current?.close().catch(() => undefined);
  }
}

const shared = new WeakMap<KubeConfig, SharedConnections>();

/** The SharedConnections of a KubeConfig (one per KubeConfig object, created on first use). */
function sharedConnections(kubeConfig: KubeConfig): SharedConnections {
  let connections = shared.get(kubeConfig);
  if (!connections) {
    connections = new SharedConnections(kubeConfig);
    shared.set(kubeConfig, connections);
  }
  return connections;
}

/** Closes the shared connections of a KubeConfig, if any were opened (agent shutdown). */
export async function closeSharedConnections(kubeConfig: KubeConfig): Promise<void> {
  await shared.get(kubeConfig)?.close();
  shared.delete(kubeConfig);
}

const userAgent = {
  pre: (context: RequestContext): Promise<RequestContext> => {
    context.setHeaderParam('User-Agent', AGENT_USER_AGENT);
    return Promise.resolve(context);
  },
  post: (response: ResponseContext): Promise<ResponseContext> => Promise.resolve(response),
};

/** Like `kubeConfig.makeApiClient(Api)`, with the KubeConfig's shared connections. */
export function makeApiClient<T>(kubeConfig: KubeConfig, Api: new (configuration: Configuration) => T): T {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster (check its current-context)');
  return new Api(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: sharedConnections(kubeConfig) },
      promiseMiddleware: [userAgent],
    }),
  );
}
