/**
 * Derives the guardrails' view of past and running actions from incident snapshots (the store
 * agent-service keeps). An action counts from the moment its intent was recorded, so a crash
 * between intent and write can never free budget or cooldown.
 */
import type { Incident } from '../../domain/incident.js';
import type { ActionHistory, ActionHistorySnapshot, AppliedAction } from '../../ports/action-history.js';

/** Builds the snapshot from incidents, pure. */
export function actionHistorySnapshot(incidents: Iterable<Incident>, since: Date): ActionHistorySnapshot {
  const applied: AppliedAction[] = [];
  const inFlight: ActionHistorySnapshot['inFlight'][number][] = [];
  for (const incident of incidents) {
    const execution = incident.execution;
    const action = incident.action;
    if (!execution || !action || action.type === 'none') continue;
    const at = new Date(execution.appliedAt ?? execution.intentAt);
    if (at.getTime() >= since.getTime())
      applied.push({ incidentId: incident.id, type: action.type, target: action.target, at });
    if (incident.status === 'acting' || incident.status === 'verifying') {
      inFlight.push({ incidentId: incident.id, target: action.target });
    }
  }
  return { applied, inFlight };
}

/** An ActionHistory over whatever `incidents()` returns at call time (e.g. `() => store.list()`). */
export function historyFromIncidents(incidents: () => Iterable<Incident>): ActionHistory {
  return { snapshot: (since) => Promise.resolve(actionHistorySnapshot(incidents(), since)) };
}
