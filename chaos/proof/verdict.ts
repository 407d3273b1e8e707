/**
 * Pass or fail for one proof scenario, from what was observed — never from what was hoped for: a
 * missing observation is a failure with its reason (the reference lab reported success when its
 * evidence was missing).
 */
import type { ChaosScenario } from '../catalog.js';

export interface ProofObservation {
  readonly startedAt: number;
  readonly endedAt: number;
  /** First time the expected (or any) alert for the target was seen firing. */
  readonly alert: { readonly name: string; readonly at: number } | null;
  readonly incident: {
    readonly id: string;
    readonly status: string;
    readonly action: string;
    readonly actedAt: number | null;
    readonly postMortemPath: string | null;
  } | null;
  /** First time after the fault ended that the target was healthy with no alert firing for it. */
  readonly recoveredAt: number | null;
  readonly errors: readonly string[];
  readonly interrupted: boolean;
}

export interface ProofVerdict {
  readonly passed: boolean;
  readonly reasons: readonly string[];
  /** Seconds from the experiment's creation. */
  readonly detectSeconds: number | null;
  readonly actSeconds: number | null;
  readonly recoverSeconds: number | null;
}

export function judgeProof(scenario: ChaosScenario, observation: ProofObservation): ProofVerdict {
  const reasons: string[] = [];
  const since = (at: number | null | undefined) =>
    at === null || at === undefined ? null : Math.round((at - observation.startedAt) / 100) / 10;
  if (observation.interrupted) reasons.push('interrupted before the scenario finished');
  for (const error of observation.errors) reasons.push(error);
  if (scenario.expectedAlert !== null && observation.alert === null)
    reasons.push(`expected alert ${scenario.expectedAlert} never fired`);
  if (
    scenario.expectedAlert !== null &&
    observation.alert !== null &&
    observation.alert.name !== scenario.expectedAlert
  ) {
    reasons.push(`expected alert ${scenario.expectedAlert}, saw ${observation.alert.name}`);
  }
  if (scenario.expectedAlert === null && observation.alert !== null)
    reasons.push(`no alert expected, ${observation.alert.name} fired`);
  const action = observation.incident?.action ?? 'none';
  if (action !== scenario.expectedAction)
    reasons.push(`expected action ${scenario.expectedAction}, the agent's incident shows ${action}`);
  if (scenario.expectedAction !== 'none' && observation.incident === null)
    reasons.push('the agent opened no incident for the target');
  if (
    observation.incident !== null &&
    !['resolved', 'no-action', 'needs-human', 'blocked', 'failed'].includes(observation.incident.status)
  ) {
    reasons.push(
      `the agent's incident ${observation.incident.id} did not finish (status ${observation.incident.status})`,
    );
  }
  if (observation.incident?.status === 'failed')
    reasons.push(`the agent's incident ${observation.incident.id} failed (its action was undone)`);
  if (observation.recoveredAt === null) reasons.push('the workload did not recover within the time budget');
  return {
    passed: reasons.length === 0,
    reasons,
    detectSeconds: since(observation.alert?.at),
    actSeconds: since(observation.incident?.actedAt),
    recoverSeconds: since(observation.recoveredAt),
  };
}
