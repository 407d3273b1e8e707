/**
 * The simulator's object store: one map per resource, a cluster-wide resourceVersion counter,
 * optimistic concurrency and watch notifications. Everything going in or out is deep-copied so
 * callers can never mutate stored state by accident.
 */
import { RESOURCE_INFO, type ResourceKind, type ResourceTypes } from './types.js';
import { alreadyExists, conflict, notFound } from './status.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreChange<K extends ResourceKind = ResourceKind> {
  readonly type: WatchEventType;
  readonly resource: K;
  readonly object: ResourceTypes[K];
}

export type StoreListener = (change: StoreChange) => void;

/** Source of identifiers and time for new objects (seeded, so runs are reproducible). */
export interface StoreEnvironment {
  now(): string;
  uid(): string;
}

function keyOf(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export class ObjectStore {
  private readonly maps = new Map<ResourceKind, Map<string, ResourceTypes[ResourceKind]>>();
  private readonly listeners = new Set<StoreListener>();
  private revision = 1000;

  constructor(private readonly environment: StoreEnvironment) {}

  /** The latest resourceVersion handed out (list responses carry it). */
  currentResourceVersion(): string {
    return String(this.revision);
  }

  private map<K extends ResourceKind>(resource: K): Map<string, ResourceTypes[K]> {
    let map = this.maps.get(resource);
    if (map === undefined) {
      map = new Map();
      this.maps.set(resource, map);
    }
    return map as Map<string, ResourceTypes[K]>;
  }

  private nextVersion(): string {
    this.revision += 1;
    return String(this.revision);
  }

  get<K extends ResourceKind>(resource: K, namespace: string | undefined, name: string): ResourceTypes[K] {
    return structuredClone(this.getView(resource, namespace, name));
  }

  find<K extends ResourceKind>(resource: K, namespace: string | undefined, name: string): ResourceTypes[K] | undefined {
    const found = this.map(resource).get(keyOf(namespace, name));
    return found === undefined ? undefined : structuredClone(found);
  }

  /**
   * The stored object itself, without a copy. For controllers' hot read paths only: callers must
   * never mutate it (copy with structuredClone before changing anything).
   */
  peek<K extends ResourceKind>(resource: K, namespace: string | undefined, name: string): ResourceTypes[K] | undefined {
    return this.map(resource).get(keyOf(namespace, name));
  }

  /** Stored objects without copies (same rule as `peek`: read only), in insertion order. */
  view<K extends ResourceKind>(resource: K, namespace?: string): ResourceTypes[K][] {
    const items = [...this.map(resource).values()];
    return namespace === undefined ? items : items.filter((item) => item.metadata.namespace === namespace);
  }

  /**
   * Objects of a resource, optionally in one namespace and matching `where`, sorted by namespace
   * then name (as the API server lists them), at most `limit` of them; copies. Filtering and the
   * limit come before copying, so a selective list of a large store stays cheap.
   */
  list<K extends ResourceKind>(
    resource: K,
    namespace?: string,
    where?: (item: ResourceTypes[K]) => boolean,
    limit?: number,
  ): ResourceTypes[K][] {
    return this.listView(resource, namespace, where, limit).map((item) => structuredClone(item));
  }

  /**
   * `list` without the copies, for replies serialized at once (same rule as `peek`: read only).
   * Stored objects are replaced, never changed in place, so a view stays a consistent snapshot.
   */
  listView<K extends ResourceKind>(
    resource: K,
    namespace?: string,
    where?: (item: ResourceTypes[K]) => boolean,
    limit?: number,
  ): ResourceTypes[K][] {
    const items = [...this.map(resource).entries()].filter(
      ([, item]) => (namespace === undefined || item.metadata.namespace === namespace) && (where?.(item) ?? true),
    );
    // Keys are namespace/name of DNS labels: plain code-point order is the API server's order.
    items.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    const kept = limit !== undefined && limit > 0 ? items.slice(0, limit) : items;
    return kept.map(([, item]) => item);
  }

  /** `get` without the copy, for replies serialized at once (read only). */
  getView<K extends ResourceKind>(resource: K, namespace: string | undefined, name: string): ResourceTypes[K] {
    const found = this.peek(resource, namespace, name);
    if (found === undefined) throw notFound(resource, RESOURCE_INFO[resource].group, name);
    return found;
  }

  create<K extends ResourceKind>(resource: K, object: ResourceTypes[K]): ResourceTypes[K] {
    const map = this.map(resource);
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    if (map.has(key)) throw alreadyExists(resource, RESOURCE_INFO[resource].group, object.metadata.name);
    const stored = structuredClone(object);
    const info = RESOURCE_INFO[resource];
    stored.apiVersion = info.apiVersion;
    stored.kind = info.kind;
    stored.metadata.uid = this.environment.uid();
    stored.metadata.creationTimestamp = this.environment.now();
    stored.metadata.resourceVersion = this.nextVersion();
    if (resource === 'deployments' || resource === 'replicasets') stored.metadata.generation = 1;
    map.set(key, stored);
    this.emit({ type: 'ADDED', resource, object: structuredClone(stored) });
    return structuredClone(stored);
  }

  /**
   * Replaces an object. When `object.metadata.resourceVersion` is set and stale the update fails with
   * 409 Conflict, as the API server does; `bumpGeneration` marks a spec change.
   */
  update<K extends ResourceKind>(
    resource: K,
    object: ResourceTypes[K],
    options: { bumpGeneration?: boolean } = {},
  ): ResourceTypes[K] {
    const map = this.map(resource);
    const key = keyOf(object.metadata.namespace, object.metadata.name);
    const existing = map.get(key);
    const group = RESOURCE_INFO[resource].group;
    if (existing === undefined) throw notFound(resource, group, object.metadata.name);
    const requested = object.metadata.resourceVersion;
    if (requested !== undefined && requested !== '' && requested !== existing.metadata.resourceVersion) {
      throw conflict(resource, group, object.metadata.name);
    }
    const stored = structuredClone(object);
    stored.apiVersion = existing.apiVersion;
    stored.kind = existing.kind;
    stored.metadata.uid = existing.metadata.uid;
    stored.metadata.creationTimestamp = existing.metadata.creationTimestamp;
    if (existing.metadata.generation !== undefined) {
      stored.metadata.generation = existing.metadata.generation + (options.bumpGeneration === true ? 1 : 0);
    }
    stored.metadata.resourceVersion = this.nextVersion();
    map.set(key, stored);
    this.emit({ type: 'MODIFIED', resource, object: structuredClone(stored) });
    return structuredClone(stored);
  }

  delete<K extends ResourceKind>(resource: K, namespace: string | undefined, name: string): ResourceTypes[K] {
    const map = this.map(resource);
    const key = keyOf(namespace, name);
    const existing = map.get(key);
    if (existing === undefined) throw notFound(resource, RESOURCE_INFO[resource].group, name);
    map.delete(key);
    existing.metadata.resourceVersion = this.nextVersion();
    this.emit({ type: 'DELETED', resource, object: structuredClone(existing) });
    return structuredClone(existing);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
