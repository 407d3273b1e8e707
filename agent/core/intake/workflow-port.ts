/**
 * What the intake needs from the incident pipeline (agent/core/pipeline/workflow.ts implements it):
 * each entry point takes the incident and a `persist` callback that the workflow awaits after every
 * state change, so the journal always holds the latest state before the workflow moves on.
 */
import type { Incident } from '../../domain/incident.js';

export type PersistIncident = (incident: Incident) => Promise<void>;

export interface IncidentWorkflowPort {
  run(incident: Incident, persist: PersistIncident): Promise<unknown>;
  resume(incident: Incident, persist: PersistIncident): Promise<unknown>;
  approve(incident: Incident, persist: PersistIncident): Promise<unknown>;
  reject(incident: Incident, persist: PersistIncident): Promise<unknown>;
}
