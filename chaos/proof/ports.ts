/**
 * What the proof runner needs from the lab, in its own terms. Adapters (kubernetes-adapters.ts,
 * http-sources.ts) implement them with the real APIs; tests implement them with fakes.
 */

/** A chaos object the runner created (enough to find and delete it again). */
export interface CreatedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

export interface ChaosObjects {
  /** Are the Chaos Mesh CRDs the manifests need served by the API server? */
  missingKinds(manifests: readonly Record<string, unknown>[]): Promise<string[]>;
  /** Creates the objects, each labelled with the run id. Returns what was created (even on failure: see error.created). */
  apply(manifests: readonly Record<string, unknown>[], runId: string): Promise<CreatedObject[]>;
  /** Deletes every object labelled with the run id (of the kinds given); returns what could not be deleted. */
  deleteRun(
    runId: string,
    kinds: readonly { apiVersion: string; kind: string; namespace: string }[],
  ): Promise<{ deleted: CreatedObject[]; failed: { object: CreatedObject | string; error: string }[] }>;
}

export interface FiringAlert {
  readonly alertname: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly startsAt: string;
}

export interface AlertSource {
  firing(signal: AbortSignal): Promise<FiringAlert[]>;
}

export interface IncidentView {
  readonly id: string;
  readonly status: string;
  readonly createdAt: string;
  readonly target: { readonly namespace: string; readonly name: string } | null;
  readonly action: { readonly type: string } | null;
  readonly timeline: readonly { readonly at: string; readonly event: string }[];
  /** When the agent's change landed: `execution.appliedAt` (absent before the act step). */
  readonly execution?: { readonly appliedAt: string | null };
  readonly postMortemPath: string | null;
}

export interface IncidentSource {
  list(signal: AbortSignal): Promise<IncidentView[]>;
}

export interface WorkloadHealth {
  readonly desired: number;
  readonly ready: number;
  readonly updated: number;
  readonly available: number;
}

export interface WorkloadStatus {
  health(namespace: string, name: string, signal: AbortSignal): Promise<WorkloadHealth | null>;
}

export interface ProofClock {
  now(): number;
  sleep(milliseconds: number, signal: AbortSignal): Promise<void>;
}
