/**
 * The objects a proof run creates for a catalog scenario: the scenario rendered by the construct
 * library, a recurring Schedule run once as its one-shot experiment (a proof must not leave a
 * recurring fault behind), each name suffixed with the run id and labelled with it so cleanup finds
 * exactly what this run made.
 */
import { isSystemNamespace } from '../../catalog/action-catalog.js';
import type { ChaosScenario } from '../catalog.js';
import { scenarioManifests } from '../render-scenario.js';

export const PROOF_RUN_LABEL = 'ai4all-sre.io/proof-run';

export function oneShot(scenario: ChaosScenario): ChaosScenario {
  return scenario.run.kind === 'schedule'
    ? { ...scenario, run: { kind: 'experiment', experiment: scenario.run.experiment } }
    : scenario;
}

/** Refuses scenarios a proof must never run (a system namespace target). */
export function refusal(scenario: ChaosScenario): string | null {
  if (isSystemNamespace(scenario.target.namespace))
    return `${scenario.id} targets the system namespace ${scenario.target.namespace}`;
  return null;
}

export function proofManifests(scenario: ChaosScenario, runId: string): Record<string, unknown>[] {
  const suffix = runId.slice(-6);
  return scenarioManifests(oneShot(scenario)).map((manifest) => {
    const metadata = (manifest['metadata'] ?? {}) as { name?: string; labels?: Record<string, string> };
    return {
      ...manifest,
      metadata: {
        ...metadata,
        name: `${metadata.name ?? scenario.id}-${suffix}`,
        labels: { ...metadata.labels, [PROOF_RUN_LABEL]: runId },
      },
    };
  });
}

/** apiVersion / kind / namespace of each manifest (what cleanup lists by). */
export function kindsOf(
  manifests: readonly Record<string, unknown>[],
): { apiVersion: string; kind: string; namespace: string }[] {
  const seen = new Map<string, { apiVersion: string; kind: string; namespace: string }>();
  for (const manifest of manifests) {
    const apiVersion = String(manifest['apiVersion']);
    const kind = String(manifest['kind']);
    const namespace = String((manifest['metadata'] as { namespace?: string } | undefined)?.namespace ?? '');
    seen.set(`${apiVersion}/${kind}/${namespace}`, { apiVersion, kind, namespace });
  }
  return [...seen.values()];
}
