/**
 * Records core/v1 Events the way client-go's event recorder does: one Event per (object, reason,
 * message, source), repeated occurrences bump `count` and `lastTimestamp` instead of adding rows.
 */
import type { ObjectStore } from './store.js';
import type { KubeEvent, KubeObject, ObjectReference } from './types.js';

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

  constructor(
    private readonly store: ObjectStore,
    private readonly now: () => string,
  ) {}

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
    const existing = this.store
      .list('events', namespace)
      .find(
        (event) =>
          event.involvedObject.uid === involvedObject.uid &&
          event.involvedObject.name === involvedObject.name &&
          event.reason === input.reason &&
          event.message === input.message &&
          event.source.component === input.component,
      );
    if (existing !== undefined) {
      existing.count += 1;
      existing.lastTimestamp = timestamp;
      existing.metadata.resourceVersion = undefined;
      return this.store.update('events', existing);
    }
    this.sequence += 1;
    const suffix = (0x17a0000000000000n + BigInt(Date.parse(timestamp)) * 1000n + BigInt(this.sequence)).toString(16);
    return this.store.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${object.metadata.name}.${suffix}`, namespace },
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
