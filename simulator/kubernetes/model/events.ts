/**
 * Records core/v1 Events the way client-go's event recorder does: one Event per (object, reason,
 * message, source), repeated occurrences bump `count` and `lastTimestamp` instead of adding rows.
 */
import type { ObjectStore } from './store.js';
import type { KubeEvent, KubeObject, ObjectReference, Pod } from './types.js';

export interface EventInput {
  readonly object: KubeObject;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
  /** Reporting component: `deployment-controller`, `kubelet`, `default-scheduler`... */
  readonly component: string;
  readonly host?: string;
  readonly fieldPath?: string;
}

export class EventRecorder {
  private sequence = 0;
  /** Aggregation key (object, reason, message, source) → event name. */
  private readonly index = new Map<string, string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => string,
  ) {}

  /** Deletes events last seen before `cutoff` (ms), like the API server's event TTL. */
  prune(cutoff: number): number {
    const removed = new Set<string>();
    for (const event of this.store.view('events')) {
      if (Date.parse(event.lastTimestamp) >= cutoff) continue;
      this.store.delete('events', event.metadata.namespace, event.metadata.name);
      removed.add(event.metadata.name);
    }
    for (const [key, name] of this.index) if (removed.has(name)) this.index.delete(key);
    return removed.size;
  }

  /** The kubelet's `Killing` event for each container of a pod that is being stopped (only a scheduled pod has one). */
  recordKilling(pod: Pod): void {
    if (pod.spec.nodeName === undefined) return;
    for (const container of pod.spec.containers) {
      this.record({
        object: pod,
        type: 'Normal',
        reason: 'Killing',
        message: `Stopping container ${container.name}`,
        component: 'kubelet',
        host: pod.spec.nodeName,
        fieldPath: `spec.containers{${container.name}}`,
      });
    }
  }

  record(input: EventInput): KubeEvent {
    const { object } = input;
    const namespace = object.metadata.namespace ?? 'default';
    const involvedObject: ObjectReference = {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      ...(object.metadata.namespace === undefined ? {} : { namespace: object.metadata.namespace }),
      ...(object.metadata.uid === undefined ? {} : { uid: object.metadata.uid }),
      ...(object.metadata.resourceVersion === undefined ? {} : { resourceVersion: object.metadata.resourceVersion }),
      ...(input.fieldPath === undefined ? {} : { fieldPath: input.fieldPath }),
    };
    const timestamp = this.now();
    const key = [involvedObject.uid ?? '', involvedObject.name, input.reason, input.message, input.component].join(
      '\u0000',
    );
    const existingName = this.index.get(key);
    const stored = existingName === undefined ? undefined : this.store.peek('events', namespace, existingName);
    if (stored !== undefined) {
      const existing = structuredClone(stored);
      existing.count += 1;
      existing.lastTimestamp = timestamp;
      existing.metadata.resourceVersion = undefined;
      return this.store.update('events', existing);
    }
    this.sequence += 1;
    const suffix = (0x17a0000000000000n + BigInt(Date.parse(timestamp)) * 1000n + BigInt(this.sequence)).toString(16);
    const name = `${object.metadata.name}.${suffix}`;
    this.index.set(key, name);
    return this.store.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject,
      reason: input.reason,
      message: input.message,
      type: input.type,
      source: { component: input.component, ...(input.host === undefined ? {} : { host: input.host }) },
      count: 1,
      firstTimestamp: timestamp,
      lastTimestamp: timestamp,
      eventTime: null,
      reportingComponent: input.component,
      reportingInstance: input.host ?? '',
    });
  }
}
