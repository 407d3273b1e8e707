/**
 * What `doctor` needs from the outside world, as small ports: the Kubernetes API, the host
 * (files, disk, PATH) and HTTP. Adapters in `adapters/` implement them; tests use fakes.
 */

/** One node's capacity as the API reports it (`status.allocatable`). */
export interface NodeCapacity {
  readonly name: string;
  /** Kubernetes quantity, e.g. "4" or "3800m". */
  readonly cpu: string;
  /** Kubernetes quantity, e.g. "16318680Ki". */
  readonly memory: string;
}

/** The cluster, reached through the configured kubeconfig and context. */
export interface ClusterProbe {
  /** Server version (`/version` gitVersion); throws when unreachable. */
  serverVersion(): Promise<string>;
  nodes(): Promise<readonly NodeCapacity[]>;
  /** Whether a CustomResourceDefinition exists. */
  crdExists(name: string): Promise<boolean>;
}

/** What a path on the host is. */
export type PathKind = 'socket' | 'file' | 'directory' | 'other' | 'missing';

/** The host doctor runs on. */
export interface HostProbe {
  pathKind(path: string): Promise<PathKind>;
  /** Free bytes on the filesystem holding `path` (the nearest existing ancestor). */
  freeBytes(path: string): Promise<number>;
  /** Absolute path of an executable on PATH, or undefined. */
  findExecutable(name: string): Promise<string | undefined>;
}

/** Minimal HTTP: the status of a GET, body discarded. */
export interface HttpProbe {
  status(url: string, timeoutMs: number): Promise<number>;
}
