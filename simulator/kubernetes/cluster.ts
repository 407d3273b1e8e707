/**
 * The simulated cluster: object store, controllers on a simulated clock, fault registry and write log.
 * This is the typed, in-process face of the simulator; the HTTP layer serves the same state.
 */
import { SimulatedClock } from './clock.js';
import type { ControllerContext } from './controllers/context.js';
import { DeploymentController } from './controllers/deployment-controller.js';
import { Kubelet } from './controllers/kubelet.js';
import { ReplicaSetController } from './controllers/replicaset-controller.js';
import { Scheduler, syncNodes } from './controllers/scheduler.js';
import { resolveTimings, type SimulatorTimings } from './controllers/timings.js';
import { FaultRegistry, type Fault } from './faults.js';
import { EventRecorder } from './model/events.js';
import { makeNode } from './model/nodes.js';
import { parseLabelSelector } from './model/selectors.js';
import { ObjectStore, type StoreListener } from './model/store.js';
import type { Deployment, HorizontalPodAutoscaler, KubeEvent, Lease, Node, Pod, ReplicaSet } from './model/types.js';
import { normalizeDeployment, validateDeployment, validateLease } from './model/validation.js';
import { randomUid, seededRandom } from './random.js';
import { workloadLoad, type WorkloadLoad } from './workload-load.js';
import { WriteLog, type WriteRecord } from './write-log.js';

export interface ClusterOptions {
  /** Seed for names and UIDs (default 1). Same seed and same inputs give the same cluster. */
  readonly seed?: number;
  /** Simulated start time in ms since the epoch (default: the real time at start). */
  readonly startTime?: number;
  /** Node names (default one node, `sim-node-1`). */
  readonly nodes?: readonly string[];
  readonly timings?: Partial<SimulatorTimings>;
  /** Simulated milliseconds per controller step when advancing (default 500). */
  readonly stepMilliseconds?: number;
}

export interface ClusterSnapshot {
  readonly time: string;
  readonly deployments: Deployment[];
  readonly replicaSets: ReplicaSet[];
  readonly pods: Pod[];
  readonly events: KubeEvent[];
  readonly nodes: Node[];
  readonly leases: Lease[];
}

export class SimulatedCluster {
  readonly store: ObjectStore;
  readonly clock: SimulatedClock;
  readonly faults = new FaultRegistry();
  readonly writeLog = new WriteLog();
  readonly timings: SimulatorTimings;
  private readonly context: ControllerContext;
  private readonly deploymentController: DeploymentController;
  private readonly replicaSetController: ReplicaSetController;
  private readonly scheduler: Scheduler;
  private readonly kubelet: Kubelet;
  private readonly stepMilliseconds: number;
  private lastEventPrune = 0;
  private reconcilePending = false;

  constructor(options: ClusterOptions = {}) {
    const random = seededRandom(options.seed ?? 1);
    this.clock = new SimulatedClock(options.startTime ?? Date.now());
    this.timings = resolveTimings(options.timings);
    this.stepMilliseconds = options.stepMilliseconds ?? 500;
    if (!(this.stepMilliseconds > 0)) throw new Error(`stepMilliseconds must be > 0, got ${this.stepMilliseconds}`);
    this.store = new ObjectStore({ now: () => this.clock.timestamp(), uid: () => randomUid(random) });
    this.context = {
      store: this.store,
      events: new EventRecorder(this.store, () => this.clock.timestamp()),
      faults: this.faults,
      timings: this.timings,
      now: () => this.clock.now(),
      timestamp: () => this.clock.timestamp(),
      random,
    };
    this.deploymentController = new DeploymentController(this.context);
    this.replicaSetController = new ReplicaSetController(this.context);
    this.scheduler = new Scheduler(this.context);
    this.kubelet = new Kubelet(this.context);
    this.store.subscribe((change) => {
      if (change.resource === 'pods' && change.type === 'DELETED') {
        this.kubelet.forget(change.object.metadata.uid ?? '');
        this.scheduler.forget(change.object.metadata.uid ?? '');
      }
    });
    const nodes = options.nodes ?? ['sim-node-1'];
    if (nodes.length === 0) throw new Error('a simulated cluster needs at least one node');
    nodes.forEach((name, index) => this.store.create('nodes', makeNode(name, index, this.clock.timestamp())));
  }

  /** Runs every controller once at the current simulated time. */
  reconcile(): void {
    this.reconcilePending = false;
    syncNodes(this.context);
    this.deploymentController.sync();
    this.replicaSetController.sync();
    for (const pod of this.store.view('pods')) if (pod.spec.nodeName === undefined) this.scheduler.schedule(pod);
    this.kubelet.sync();
    this.replicaSetController.sync();
    this.deploymentController.sync();
  }

  /**
   * After a write through the API: the controllers run once the reply is on its way, as a real
   * API server answers a write before its controllers act on it. Nothing can observe the difference:
   * every API request, time step and read helper runs a pending reconcile first (`settle`).
   */
  reconcileSoon(): void {
    if (this.reconcilePending) return;
    this.reconcilePending = true;
    setImmediate(() => this.settle());
  }

  /** Runs the controllers if a write is waiting for them. */
  settle(): void {
    if (this.reconcilePending) this.reconcile();
  }

  /** Advances simulated time by `seconds`, reconciling every step. */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new Error(`advance() needs a non-negative number of seconds, got ${seconds}`);
    this.advanceMilliseconds(seconds * 1000);
  }

  advanceMilliseconds(milliseconds: number): void {
    this.settle();
    let remaining = milliseconds;
    while (remaining > 0) {
      const step = Math.min(this.stepMilliseconds, remaining);
      this.clock.set(this.clock.now() + step);
      this.reconcile();
      remaining -= step;
      if (this.clock.now() - this.lastEventPrune >= 60_000) {
        this.lastEventPrune = this.clock.now();
        this.context.events.prune(this.clock.now() - this.timings.eventTtlSeconds * 1000);
      }
    }
  }

  /** One controller step of `stepMilliseconds`. */
  tick(): void {
    this.advanceMilliseconds(this.stepMilliseconds);
  }

  /** Advances until `predicate` holds; throws after `maxSeconds` of simulated time. */
  advanceUntil(predicate: (cluster: SimulatedCluster) => boolean, maxSeconds = 600, description = 'condition'): number {
    const start = this.clock.now();
    this.reconcile();
    while (!predicate(this)) {
      if (this.clock.now() - start >= maxSeconds * 1000) {
        throw new Error(`simulated cluster: ${description} not reached within ${maxSeconds} simulated seconds`);
      }
      this.tick();
    }
    return (this.clock.now() - start) / 1000;
  }

  /** Creates or replaces a Deployment as `kubectl apply` would (spec changes bump the generation). */
  applyDeployment(manifest: Deployment): Deployment {
    const namespace = manifest.metadata.namespace ?? 'default';
    const object: Deployment = {
      ...structuredClone(manifest),
      metadata: { ...structuredClone(manifest.metadata), namespace },
    };
    this.ensureNamespace(namespace);
    const existing = this.store.find('deployments', namespace, object.metadata.name);
    normalizeDeployment(object);
    validateDeployment(object, existing);
    let result: Deployment;
    if (existing === undefined) {
      delete object.status;
      result = this.store.create('deployments', object);
    } else {
      const specChanged = JSON.stringify(existing.spec) !== JSON.stringify(object.spec);
      result = this.store.update(
        'deployments',
        {
          ...existing,
          metadata: {
            ...existing.metadata,
            labels: object.metadata.labels ?? existing.metadata.labels,
            annotations: { ...existing.metadata.annotations, ...object.metadata.annotations },
          },
          spec: object.spec,
        },
        { bumpGeneration: specChanged },
      );
    }
    this.reconcile();
    return this.store.get('deployments', namespace, result.metadata.name);
  }

  /** Pre-creates a Lease (the agent never creates one unless the server allows it). */
  applyLease(lease: Lease): Lease {
    const namespace = lease.metadata.namespace ?? 'default';
    validateLease(lease);
    this.ensureNamespace(namespace);
    const existing = this.store.find('leases', namespace, lease.metadata.name);
    const object = { ...structuredClone(lease), metadata: { ...structuredClone(lease.metadata), namespace } };
    if (existing === undefined) return this.store.create('leases', object);
    object.metadata.resourceVersion = undefined;
    return this.store.update('leases', object);
  }

  /**
   * Creates or replaces a HorizontalPodAutoscaler (read-only over HTTP: the agent never writes one).
   * Nothing here acts on it; it is what an HPA-owned Deployment looks like to a reader.
   */
  applyAutoscaler(autoscaler: HorizontalPodAutoscaler): HorizontalPodAutoscaler {
    const namespace = autoscaler.metadata.namespace ?? 'default';
    this.ensureNamespace(namespace);
    const object = {
      ...structuredClone(autoscaler),
      metadata: { ...structuredClone(autoscaler.metadata), namespace, resourceVersion: undefined },
    };
    return this.store.find('horizontalpodautoscalers', namespace, autoscaler.metadata.name) === undefined
      ? this.store.create('horizontalpodautoscalers', object)
      : this.store.update('horizontalpodautoscalers', object);
  }

  ensureNamespace(namespace: string): void {
    if (this.store.find('namespaces', undefined, namespace) !== undefined) return;
    this.store.create('namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { 'kubernetes.io/metadata.name': namespace } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  getDeployment(namespace: string, name: string): Deployment {
    this.settle();
    return this.store.get('deployments', namespace, name);
  }

  replicaSets(namespace: string, deployment?: string): ReplicaSet[] {
    this.settle();
    if (deployment === undefined) return this.store.list('replicasets', namespace);
    return this.deploymentController.replicaSetsOf(this.getDeployment(namespace, deployment));
  }

  pods(namespace?: string, labelSelector?: string): Pod[] {
    this.settle();
    const matches = parseLabelSelector(labelSelector);
    return this.store.list('pods', namespace).filter((pod) => matches(pod.metadata.labels ?? {}));
  }

  /** Pods of a Deployment (through its ReplicaSets). */
  podsOf(namespace: string, deployment: string): Pod[] {
    const names = new Set(this.replicaSets(namespace, deployment).map((replicaSet) => replicaSet.metadata.name));
    return this.pods(namespace).filter((pod) =>
      (pod.metadata.ownerReferences ?? []).some((reference) => names.has(reference.name)),
    );
  }

  events(namespace?: string): KubeEvent[] {
    this.settle();
    return this.store.list('events', namespace);
  }

  /** Registers a fault and returns its id (for `clearFault`). */
  injectFault(fault: Fault): number {
    const id = this.faults.add(fault, () => new Set(this.store.list('pods').map((pod) => pod.metadata.uid ?? '')));
    this.reconcile();
    return id;
  }

  clearFault(id: number): boolean {
    const removed = this.faults.remove(id);
    this.reconcile();
    return removed;
  }

  clearFaults(): void {
    this.faults.clear();
    this.reconcile();
  }

  /** Deletes a pod as a crash of its node or `kubectl delete pod` would; its ReplicaSet replaces it. */
  killPod(namespace: string, name: string): void {
    this.context.events.recordKilling(this.store.get('pods', namespace, name));
    this.store.delete('pods', namespace, name);
    this.reconcile();
  }

  /** Log lines of a container (current instance, or the previous one). */
  podLogs(
    namespace: string,
    pod: string,
    container: string,
    previous = false,
  ): { time: number; text: string }[] | undefined {
    this.settle();
    const found = this.store.get('pods', namespace, pod);
    return this.kubelet.logs(found.metadata.uid ?? '', container, previous);
  }

  appendLog(namespace: string, pod: string, container: string, text: string): void {
    const found = this.store.get('pods', namespace, pod);
    if (!this.kubelet.appendLog(found.metadata.uid ?? '', container, text)) {
      throw new Error(`container "${container}" of pod ${namespace}/${pod} has not started yet`);
    }
  }

  /** CPU demand versus capacity of a Deployment (what the fake Prometheus reports). */
  load(namespace: string, deployment: string): WorkloadLoad {
    return workloadLoad(
      this.getDeployment(namespace, deployment),
      this.faults.saturation(namespace, deployment),
      this.faults.errorRate(namespace, deployment),
    );
  }

  /** Every write request the HTTP API received, in order. */
  writes(): WriteRecord[] {
    return this.writeLog.all();
  }

  subscribe(listener: StoreListener): () => void {
    return this.store.subscribe(listener);
  }

  snapshot(): ClusterSnapshot {
    this.settle();
    return {
      time: this.clock.timestamp(),
      deployments: this.store.list('deployments'),
      replicaSets: this.store.list('replicasets'),
      pods: this.store.list('pods'),
      events: this.store.list('events'),
      nodes: this.store.list('nodes'),
      leases: this.store.list('leases'),
    };
  }
}
