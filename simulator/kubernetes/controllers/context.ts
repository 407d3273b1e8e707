/** What every simulated controller receives: state, time, randomness, faults and the event recorder. */
import type { FaultRegistry } from '../faults.js';
import type { EventRecorder } from '../model/events.js';
import type { ObjectStore } from '../model/store.js';
import type { KubeObject, Pod } from '../model/types.js';
import type { SimulatorTimings } from './timings.js';

export interface ControllerContext {
  readonly store: ObjectStore;
  readonly events: EventRecorder;
  readonly faults: FaultRegistry;
  readonly timings: SimulatorTimings;
  /** Simulated milliseconds since the epoch. */
  now(): number;
  /** Simulated time as an RFC 3339 timestamp. */
  timestamp(): string;
  random(): number;
}

/** True when `owner` is the controller owner of `object`. */
export function isOwnedBy(object: KubeObject, owner: KubeObject): boolean {
  return (object.metadata.ownerReferences ?? []).some(
    (reference) => reference.controller === true && reference.uid === owner.metadata.uid,
  );
}

export function controllerReference(owner: KubeObject) {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Name of the Deployment owning a pod through its ReplicaSet, if any. */
export function deploymentOfPod(store: ObjectStore, pod: Pod): string | undefined {
  const owner = (pod.metadata.ownerReferences ?? []).find((reference) => reference.kind === 'ReplicaSet');
  if (owner === undefined) return undefined;
  const replicaSet = store.peek('replicasets', pod.metadata.namespace, owner.name);
  return (replicaSet?.metadata.ownerReferences ?? []).find((reference) => reference.kind === 'Deployment')?.name;
}
