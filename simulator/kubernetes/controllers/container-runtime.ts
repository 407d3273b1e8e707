/**
 * One container's life inside a simulated pod: pull, start, ready, crash or OOM, back-off, restart.
 * Pure state plus the log lines each container instance printed; the kubelet drives it and turns
 * it into a ContainerStatus.
 */
import type { ContainerState, ContainerStatus } from '../model/types.js';

export interface LogLine {
  readonly time: number;
  readonly text: string;
}

export type ContainerPhase =
  | { readonly name: 'creating'; readonly until: number }
  | { readonly name: 'pull-error'; readonly until: number }
  | { readonly name: 'pull-backoff'; readonly until: number }
  | { readonly name: 'running'; readonly startedAt: number }
  | { readonly name: 'crash-backoff'; readonly until: number; readonly delaySeconds: number };

export interface TerminatedRecord {
  readonly exitCode: number;
  readonly reason: string;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly containerId: string;
}

const MAX_LINES_PER_INSTANCE = 1000;

export class ContainerRuntime {
  phase: ContainerPhase;
  restartCount = 0;
  pullFailures = 0;
  lastTerminated: TerminatedRecord | undefined;
  containerId: string | undefined;
  /** Log lines per container instance; the last entry is the current instance. */
  readonly instances: LogLine[][] = [];
  lastProbeFailure = Number.NEGATIVE_INFINITY;
  lastLogLine = Number.NEGATIVE_INFINITY;

  constructor(
    readonly name: string,
    readonly image: string,
    now: number,
    pullSeconds: number,
  ) {
    this.phase = { name: 'creating', until: now + pullSeconds * 1000 };
  }

  log(time: number, text: string): void {
    const current = this.instances.at(-1);
    if (current === undefined) return;
    current.push({ time, text });
    if (current.length > MAX_LINES_PER_INSTANCE) current.splice(0, current.length - MAX_LINES_PER_INSTANCE);
  }

  start(now: number, containerId: string): void {
    this.phase = { name: 'running', startedAt: now };
    this.containerId = containerId;
    this.instances.push([]);
    if (this.instances.length > 2) this.instances.shift();
  }

  terminate(now: number, reason: string, exitCode: number, delaySeconds: number): void {
    if (this.phase.name !== 'running') return;
    this.lastTerminated = {
      exitCode,
      reason,
      startedAt: this.phase.startedAt,
      finishedAt: now,
      containerId: this.containerId ?? '',
    };
    this.restartCount += 1;
    this.phase = { name: 'crash-backoff', until: now + delaySeconds * 1000, delaySeconds };
  }

  /** The instance before the current one (what `previous=true` reads). */
  previousInstance(): LogLine[] | undefined {
    return this.instances.length >= 2 ? this.instances.at(-2) : undefined;
  }

  status(ready: boolean, imageId: string, podName: string, namespace: string): ContainerStatus {
    const iso = (time: number) => new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z');
    let state: ContainerState;
    switch (this.phase.name) {
      case 'creating':
        state = { waiting: { reason: 'ContainerCreating' } };
        break;
      case 'pull-error':
        state = {
          waiting: {
            reason: 'ErrImagePull',
            message: `failed to pull and unpack image "${this.image}": failed to resolve reference "${this.image}": not found`,
          },
        };
        break;
      case 'pull-backoff':
        state = { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${this.image}"` } };
        break;
      case 'running':
        state = { running: { startedAt: iso(this.phase.startedAt) } };
        break;
      case 'crash-backoff':
        state = {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: `back-off ${this.phase.delaySeconds}s restarting failed container=${this.name} pod=${podName}_${namespace}`,
          },
        };
        break;
    }
    const last = this.lastTerminated;
    return {
      name: this.name,
      image: this.image,
      imageID:
        this.pullFailures > 0 && this.containerId === undefined
          ? ''
          : `${this.image.split(':')[0] ?? this.image}@${imageId}`,
      ...(this.containerId === undefined ? {} : { containerID: `containerd://${this.containerId}` }),
      ready,
      started: this.phase.name === 'running',
      restartCount: this.restartCount,
      state,
      lastState:
        last === undefined
          ? {}
          : {
              terminated: {
                exitCode: last.exitCode,
                reason: last.reason,
                startedAt: iso(last.startedAt),
                finishedAt: iso(last.finishedAt),
                containerID: `containerd://${last.containerId}`,
              },
            },
    };
  }
}
