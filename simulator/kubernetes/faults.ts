/**
 * Fault injection: typed descriptions of what goes wrong, and the registry the controllers and the
 * HTTP layer consult. Workload faults select pods by namespace plus deployment and/or image:
 * selecting by image makes a "bad release" (a rollback to another image heals it, a restart does not);
 * `transient: true` limits a fault to the pods alive when it was injected (a restart heals it).
 */
import type { Pod } from './model/types.js';

/** Which pods a workload fault applies to. */
export interface PodMatch {
  readonly namespace: string;
  /** Deployment name (pods owned by its ReplicaSets). */
  readonly deployment?: string;
  /** Exact image reference of a container; the fault then hits only that container. */
  readonly image?: string;
}

export type WorkloadFault =
  | {
      /** Container exits shortly after start; the kubelet backs off (CrashLoopBackOff). */
      readonly kind: 'crash-loop';
      readonly match: PodMatch;
      readonly transient?: boolean;
      readonly exitCode?: number;
      /** Seconds the container runs before exiting (default from the cluster timings). */
      readonly runSeconds?: number;
      /** Lines the container prints before dying. */
      readonly logLines?: readonly string[];
    }
  | {
      /** Image cannot be pulled: ErrImagePull, then ImagePullBackOff. Pods stay Pending. */
      readonly kind: 'image-pull';
      readonly match: PodMatch;
    }
  | {
      /** Container runs but its readiness probe keeps failing. */
      readonly kind: 'never-ready';
      readonly match: PodMatch;
      readonly transient?: boolean;
    }
  | {
      /** Memory grows until the container is OOMKilled after `oomAfterSeconds`, then it restarts. */
      readonly kind: 'memory-leak';
      readonly match: PodMatch;
      readonly oomAfterSeconds: number;
      readonly transient?: boolean;
    }
  | {
      /** Offered load in CPU cores; utilisation = demand / (ready pods × cores per pod). */
      readonly kind: 'cpu-saturation';
      readonly namespace: string;
      readonly deployment: string;
      readonly demandCores: number;
      /** Capacity of one pod in cores (default: the container's cpu limit or request, else 0.5). */
      readonly coresPerPod?: number;
    }
  | {
      /**
       * The workload answers `ratio` of its requests with errors while its pods stay healthy, e.g.
       * because a dependency is down (the alerted workload is a victim).
       */
      readonly kind: 'error-rate';
      readonly namespace: string;
      readonly deployment: string;
      /** 0..1 */
      readonly ratio: number;
      /** Lines the containers log while failing requests. */
      readonly logLines?: readonly string[];
    }
  | {
      /** The scheduler cannot place matching pods (Pending, FailedScheduling). */
      readonly kind: 'unschedulable';
      readonly match: PodMatch;
      readonly message?: string;
    }
  | {
      /** The node stops reporting: Ready=Unknown, pods on it become unready, then are evicted. */
      readonly kind: 'node-not-ready';
      readonly node: string;
    };

/** What an API fault does to a matching request. */
export type ApiFaultResponse =
  | { readonly type: 'error'; readonly status: number; readonly message?: string }
  | { readonly type: 'conflict' }
  | { readonly type: 'delay'; readonly milliseconds: number }
  | { readonly type: 'hang' }
  /**
   * The request is carried out (a write lands and is in the write log with its real status), then
   * the connection is reset instead of answering: the client cannot tell whether it happened.
   */
  | { readonly type: 'reply-lost' };

export interface ApiFault {
  readonly kind: 'api';
  /** HTTP method to match (any when omitted). */
  readonly method?: string;
  /** Path prefix (string) or pattern (RegExp) matched against the request path without query. */
  readonly path: string | RegExp;
  /** How many matching requests are affected (default: unlimited until cleared). */
  readonly times?: number;
  readonly response: ApiFaultResponse;
}

export type Fault = WorkloadFault | ApiFault;

interface ActiveFault {
  readonly id: number;
  readonly fault: Fault;
  /** For transient faults: the pod UIDs alive at injection. */
  readonly podUids?: ReadonlySet<string>;
  remaining: number;
}

/** Pod facts the matcher needs (owner deployment comes from the pod-template-hash owner chain). */
export interface PodIdentity {
  readonly pod: Pod;
  readonly deployment: string | undefined;
}

export class FaultRegistry {
  private readonly active = new Map<number, ActiveFault>();
  private nextId = 1;

  /** Registers a fault; `alivePodUids` is required to scope transient faults. */
  add(fault: Fault, alivePodUids: () => ReadonlySet<string>): number {
    validateFault(fault);
    const id = this.nextId;
    this.nextId += 1;
    const transient = 'transient' in fault && fault.transient === true;
    this.active.set(id, {
      id,
      fault,
      remaining: fault.kind === 'api' ? (fault.times ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY,
      ...(transient ? { podUids: alivePodUids() } : {}),
    });
    return id;
  }

  remove(id: number): boolean {
    return this.active.delete(id);
  }

  clear(): void {
    this.active.clear();
  }

  list(): { id: number; fault: Fault }[] {
    return [...this.active.values()].map(({ id, fault }) => ({ id, fault }));
  }

  /** Workload faults of one kind hitting a container of a pod. */
  forContainer<K extends WorkloadFault['kind']>(
    kind: K,
    identity: PodIdentity,
    image: string,
  ): Extract<WorkloadFault, { kind: K }>[] {
    const found: Extract<WorkloadFault, { kind: K }>[] = [];
    for (const entry of this.active.values()) {
      const { fault } = entry;
      if (fault.kind !== kind || !('match' in fault)) continue;
      const { match } = fault;
      if (identity.pod.metadata.namespace !== match.namespace) continue;
      if (match.deployment !== undefined && match.deployment !== identity.deployment) continue;
      if (match.image !== undefined && match.image !== image) continue;
      if (entry.podUids !== undefined && !entry.podUids.has(identity.pod.metadata.uid ?? '')) continue;
      found.push(fault as Extract<WorkloadFault, { kind: K }>);
    }
    return found;
  }

  saturation(namespace: string, deployment: string): Extract<WorkloadFault, { kind: 'cpu-saturation' }> | undefined {
    for (const { fault } of this.active.values()) {
      if (fault.kind === 'cpu-saturation' && fault.namespace === namespace && fault.deployment === deployment) {
        return fault;
      }
    }
    return undefined;
  }

  errorRate(namespace: string, deployment: string): Extract<WorkloadFault, { kind: 'error-rate' }> | undefined {
    for (const { fault } of this.active.values()) {
      if (fault.kind === 'error-rate' && fault.namespace === namespace && fault.deployment === deployment) return fault;
    }
    return undefined;
  }

  nodeNotReady(node: string): boolean {
    return [...this.active.values()].some(({ fault }) => fault.kind === 'node-not-ready' && fault.node === node);
  }

  /** Consumes one use of the first API fault matching a request, if any. */
  takeApiFault(method: string, path: string): ApiFaultResponse | undefined {
    for (const entry of this.active.values()) {
      const { fault } = entry;
      if (fault.kind !== 'api') continue;
      if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase()) continue;
      const matches = typeof fault.path === 'string' ? path.startsWith(fault.path) : fault.path.test(path);
      if (!matches) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.active.delete(entry.id);
      return fault.response;
    }
    return undefined;
  }
}

function validateFault(fault: Fault): void {
  const fail = (message: string): never => {
    throw new Error(`invalid ${fault.kind} fault: ${message}`);
  };
  switch (fault.kind) {
    case 'memory-leak':
      if (!(fault.oomAfterSeconds > 0)) fail(`oomAfterSeconds must be > 0, got ${fault.oomAfterSeconds}`);
      break;
    case 'cpu-saturation':
      if (!(fault.demandCores >= 0)) fail(`demandCores must be >= 0, got ${fault.demandCores}`);
      if (fault.coresPerPod !== undefined && !(fault.coresPerPod > 0)) fail('coresPerPod must be > 0');
      break;
    case 'api':
      if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times > 0)) {
        fail(`times must be a positive integer, got ${fault.times}`);
      }
      if (fault.response.type === 'error' && !(fault.response.status >= 400 && fault.response.status <= 599)) {
        fail(`error status must be 4xx or 5xx, got ${fault.response.status}`);
      }
      break;
    case 'crash-loop':
    case 'image-pull':
    case 'never-ready':
    case 'unschedulable':
      if (fault.match.namespace === '') fail('match.namespace is required');
      if (fault.match.deployment === undefined && fault.match.image === undefined) {
        fail('match needs a deployment or an image (refusing to break a whole namespace by accident)');
      }
      break;
    case 'node-not-ready':
      if (fault.node === '') fail('node is required');
      break;
    case 'error-rate':
      if (!(fault.ratio >= 0 && fault.ratio <= 1)) fail(`ratio must be between 0 and 1, got ${fault.ratio}`);
      break;
  }
}
