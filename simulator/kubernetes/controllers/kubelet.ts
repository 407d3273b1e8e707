/**
 * The kubelet of every simulated node: runs each bound pod's containers through their lifecycle,
 * applies workload faults (crash loop, image pull failure, never ready, memory leak), emits the
 * events a real kubelet emits, keeps per-container logs and writes pod status.
 */
import type { Node, Pod } from '../model/types.js';
import { ContainerRuntime, type LogLine } from './container-runtime.js';
import { deploymentOfPod, type ControllerContext } from './context.js';
import { buildPodStatus, imageIdOf } from './pod-status.js';
import { nodeIsReady } from './scheduler.js';

interface PodRuntime {
  readonly containers: ContainerRuntime[];
  readonly podIp: string;
  nodeDownSince: number | undefined;
}

const DEFAULT_CRASH_LINES = [
  'level=error msg="failed to connect to dependency" error="dial tcp 10.43.0.25:5432: connect: connection refused"',
  'level=fatal msg="startup failed, exiting" code=1',
];
const DEFAULT_DEPENDENCY_LINES = [
  'level=error msg="request failed" method=POST path=/cart/checkout status=503 error="rpc error: code = Unavailable desc = connection error: dial tcp 10.43.0.31:50051: connect: connection refused"',
];
const OOM_LINES = [
  '<--- Last few GCs --->',
  'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
];

export class Kubelet {
  private readonly pods = new Map<string, PodRuntime>();
  private nextIp = 10;

  constructor(private readonly context: ControllerContext) {}

  forget(uid: string): void {
    this.pods.delete(uid);
  }

  /** Log lines of a container instance (current or previous), or undefined when unknown. */
  logs(uid: string, container: string, previous: boolean): LogLine[] | undefined {
    const runtime = this.pods.get(uid)?.containers.find((item) => item.name === container);
    if (runtime === undefined) return undefined;
    return previous ? runtime.previousInstance() : runtime.instances.at(-1);
  }

  appendLog(uid: string, container: string, text: string): boolean {
    const runtime = this.pods.get(uid)?.containers.find((item) => item.name === container);
    if (runtime === undefined) return false;
    runtime.log(this.context.now(), text);
    return true;
  }

  /** Advances every bound pod to the current simulated time. */
  sync(): void {
    const { store } = this.context;
    const nodes = new Map(store.view('nodes').map((node) => [node.metadata.name, node]));
    for (const pod of store.view('pods')) {
      const nodeName = pod.spec.nodeName;
      if (nodeName === undefined) continue;
      const runtime = this.runtimeFor(pod);
      const node = nodes.get(nodeName);
      const nodeReady = node !== undefined && nodeIsReady(node);
      if (!nodeReady) {
        runtime.nodeDownSince ??= this.context.now();
        if (this.context.now() - runtime.nodeDownSince >= this.context.timings.nodeEvictionSeconds * 1000) {
          this.evict(pod);
          continue;
        }
      } else {
        runtime.nodeDownSince = undefined;
        for (const container of runtime.containers) this.step(pod, container);
      }
      this.writeStatus(pod, runtime, node, nodeReady);
    }
  }

  private runtimeFor(pod: Pod): PodRuntime {
    const uid = pod.metadata.uid ?? '';
    let runtime = this.pods.get(uid);
    if (runtime === undefined) {
      const now = this.context.now();
      runtime = {
        containers: pod.spec.containers.map(
          (container) => new ContainerRuntime(container.name, container.image, now, this.context.timings.pullSeconds),
        ),
        podIp: `10.42.${Math.floor(this.nextIp / 250)}.${(this.nextIp % 250) + 2}`,
        nodeDownSince: undefined,
      };
      this.nextIp += 1;
      this.pods.set(uid, runtime);
      for (const container of runtime.containers) {
        this.event(pod, container.name, 'Normal', 'Pulling', `Pulling image "${container.image}"`);
      }
    }
    return runtime;
  }

  private event(pod: Pod, container: string, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.context.events.record({
      object: pod,
      type,
      reason,
      message,
      component: 'kubelet',
      ...(pod.spec.nodeName === undefined ? {} : { host: pod.spec.nodeName }),
      fieldPath: `spec.containers{${container}}`,
    });
  }

  private backoff(failures: number): number {
    const { backoffBaseSeconds, backoffMaxSeconds } = this.context.timings;
    return Math.min(backoffBaseSeconds * 2 ** Math.max(0, failures - 1), backoffMaxSeconds);
  }

  private containerId(): string {
    return Array.from({ length: 64 }, () => Math.floor(this.context.random() * 16).toString(16)).join('');
  }

  private startContainer(pod: Pod, container: ContainerRuntime, firstStart: boolean): void {
    const now = this.context.now();
    const pulled = firstStart
      ? `Successfully pulled image "${container.image}" in ${this.context.timings.pullSeconds}s (${this.context.timings.pullSeconds}s including waiting)`
      : `Container image "${container.image}" already present on machine`;
    this.event(pod, container.name, 'Normal', 'Pulled', pulled);
    this.event(pod, container.name, 'Normal', 'Created', `Created container ${container.name}`);
    this.event(pod, container.name, 'Normal', 'Started', `Started container ${container.name}`);
    container.start(now, this.containerId());
    container.log(now, `level=info msg="starting server" container=${container.name} image=${container.image}`);
    container.log(now, 'level=info msg="listening" addr=":8080"');
  }

  private step(pod: Pod, container: ContainerRuntime): void {
    const now = this.context.now();
    const { timings, faults } = this.context;
    const identity = { pod, deployment: deploymentOfPod(this.context.store, pod) };
    const phase = container.phase;
    switch (phase.name) {
      case 'creating': {
        if (now < phase.until) return;
        if (faults.forContainer('image-pull', identity, container.image).length > 0) {
          container.pullFailures += 1;
          this.event(
            pod,
            container.name,
            'Warning',
            'Failed',
            `Failed to pull image "${container.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${container.image}": failed to resolve reference "${container.image}": not found`,
          );
          this.event(pod, container.name, 'Warning', 'Failed', 'Error: ErrImagePull');
          container.phase = { name: 'pull-error', until: now + Math.max(1, timings.pullSeconds) * 1000 };
          return;
        }
        this.startContainer(pod, container, container.restartCount === 0 && container.instances.length === 0);
        return;
      }
      case 'pull-error':
        if (now < phase.until) return;
        this.event(pod, container.name, 'Normal', 'BackOff', `Back-off pulling image "${container.image}"`);
        this.event(pod, container.name, 'Warning', 'Failed', 'Error: ImagePullBackOff');
        container.phase = { name: 'pull-backoff', until: now + this.backoff(container.pullFailures) * 1000 };
        return;
      case 'pull-backoff':
        if (now < phase.until) return;
        this.event(pod, container.name, 'Normal', 'Pulling', `Pulling image "${container.image}"`);
        container.phase = { name: 'creating', until: now + timings.pullSeconds * 1000 };
        return;
      case 'crash-backoff':
        if (now < phase.until) return;
        this.startContainer(pod, container, false);
        return;
      case 'running':
        this.stepRunning(pod, container, phase.startedAt, identity);
        return;
    }
  }

  private stepRunning(
    pod: Pod,
    container: ContainerRuntime,
    startedAt: number,
    identity: { pod: Pod; deployment: string | undefined },
  ): void {
    const now = this.context.now();
    const { timings, faults } = this.context;
    const crashes = faults.forContainer('crash-loop', identity, container.image);
    const leaks = faults.forContainer('memory-leak', identity, container.image);
    const crashAt = Math.min(
      ...crashes.map((fault) => startedAt + (fault.runSeconds ?? timings.crashAfterSeconds) * 1000),
    );
    const oomAt = Math.min(...leaks.map((fault) => startedAt + fault.oomAfterSeconds * 1000));
    if (now >= Math.min(crashAt, oomAt)) {
      const oom = oomAt <= crashAt;
      const delay = this.backoff(container.restartCount + 1);
      if (oom) {
        for (const line of OOM_LINES) container.log(now, line);
        this.context.events.record({
          object: this.context.store.peek('nodes', undefined, pod.spec.nodeName ?? '') ?? pod,
          type: 'Warning',
          reason: 'OOMKilling',
          message: `Memory cgroup out of memory: Killed process ${1000 + container.restartCount} (${container.name}) total-vm:1843212kB, anon-rss:${131072}kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:1024kB oom_score_adj:984`,
          component: 'kernel-monitor',
          ...(pod.spec.nodeName === undefined ? {} : { host: pod.spec.nodeName }),
        });
        container.terminate(now, 'OOMKilled', 137, delay);
      } else {
        const fault = crashes[0];
        for (const line of fault?.logLines ?? DEFAULT_CRASH_LINES) container.log(now, line);
        container.terminate(now, 'Error', fault?.exitCode ?? 1, delay);
      }
      this.event(
        pod,
        container.name,
        'Warning',
        'BackOff',
        `Back-off restarting failed container ${container.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`,
      );
      return;
    }
    if (leaks.length > 0 && now - container.lastLogLine >= timings.logIntervalSeconds * 1000) {
      container.lastLogLine = now;
      const share = Math.min(0.99, (now - startedAt) / (oomAt - startedAt || 1));
      container.log(now, `level=warn msg="heap usage high" heap_used_mb=${Math.round(share * 128)} heap_limit_mb=128`);
    }
    if (
      faults.forContainer('never-ready', identity, container.image).length > 0 &&
      now - container.lastProbeFailure >= timings.probePeriodSeconds * 1000
    ) {
      container.lastProbeFailure = now;
      this.event(
        pod,
        container.name,
        'Warning',
        'Unhealthy',
        'Readiness probe failed: HTTP probe failed with statuscode: 503',
      );
      container.log(now, 'level=error msg="readiness check failed" status=503 reason="dependency not ready"');
    } else if (now - container.lastLogLine >= timings.logIntervalSeconds * 1000) {
      container.lastLogLine = now;
      const failing =
        identity.deployment === undefined
          ? undefined
          : faults.errorRate(pod.metadata.namespace ?? '', identity.deployment);
      if (failing !== undefined && failing.ratio > 0) {
        for (const line of failing.logLines ?? DEFAULT_DEPENDENCY_LINES) container.log(now, line);
      } else {
        container.log(now, 'level=info msg="request completed" method=GET path=/ status=200 duration_ms=12');
      }
    }
  }

  /** Never-ready containers fail their probe; crash-looping ones die during startup, before it passes. */
  private neverReady(container: ContainerRuntime, identity: { pod: Pod; deployment: string | undefined }): boolean {
    const { faults } = this.context;
    return (
      faults.forContainer('never-ready', identity, container.image).length > 0 ||
      faults.forContainer('crash-loop', identity, container.image).length > 0
    );
  }

  private containerReady(pod: Pod, container: ContainerRuntime): boolean {
    if (container.phase.name !== 'running') return false;
    const identity = { pod, deployment: deploymentOfPod(this.context.store, pod) };
    if (this.neverReady(container, identity)) return false;
    return this.context.now() >= container.phase.startedAt + this.context.timings.readySeconds * 1000;
  }

  private evict(pod: Pod): void {
    this.context.events.record({
      object: pod,
      type: 'Normal',
      reason: 'TaintManagerEviction',
      message: `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`,
      component: 'taint-eviction-controller',
    });
    this.context.store.delete('pods', pod.metadata.namespace, pod.metadata.name);
  }

  private writeStatus(pod: Pod, runtime: PodRuntime, node: Node | undefined, nodeReady: boolean): void {
    const timestamp = this.context.timestamp();
    const status = buildPodStatus({
      previous: pod.status?.conditions ?? [],
      timestamp,
      containerStatuses: runtime.containers.map((container) =>
        container.status(
          nodeReady && this.containerReady(pod, container),
          imageIdOf(container.image),
          pod.metadata.name,
          pod.metadata.namespace ?? '',
        ),
      ),
      nodeReady,
      everStarted: runtime.containers.some((container) => container.instances.length > 0),
      podIp: runtime.podIp,
      hostIp: node?.status.addresses.find((address) => address.type === 'InternalIP')?.address ?? '',
      startTime: pod.metadata.creationTimestamp ?? timestamp,
    });
    if (JSON.stringify(status) === JSON.stringify(pod.status)) return;
    const updated = structuredClone(pod);
    updated.status = status;
    updated.metadata.resourceVersion = undefined;
    this.context.store.update('pods', updated);
  }
}
