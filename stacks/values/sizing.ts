/**
 * Replica counts and resource requests per profile: a single-node lab or a highly available
 * cluster. Pure data used by the values functions.
 */

/** Container resources as Helm charts spell them. */
export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits?: { readonly cpu?: string; readonly memory?: string };
}

/** Replicas for a controller: 1 on a lab host, `ha` when highly available. */
export function replicas(highAvailability: boolean, ha = 3): number {
  return highAvailability ? ha : 1;
}

/** Shorthand for requests plus a memory limit. */
export function resources(cpu: string, memory: string, memoryLimit?: string): Resources {
  return memoryLimit === undefined
    ? { requests: { cpu, memory } }
    : { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}
