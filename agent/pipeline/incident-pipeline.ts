/** Placeholder replaced by the implementation in the next commits. */
import type { Incident } from '../domain/incident.js';
import type { PersistIncident, WorkflowDependencies } from './workflow.js';

export class IncidentPipeline {
  constructor(readonly dependencies: WorkflowDependencies) {}
  run(_incident: Incident, _persist: PersistIncident): Promise<Incident> {
    return Promise.reject(new Error('agent/pipeline: not implemented yet'));
  }
  resume(incident: Incident, persist: PersistIncident): Promise<Incident> {
    return this.run(incident, persist);
  }
  approve(incident: Incident, persist: PersistIncident): Promise<Incident> {
    return this.run(incident, persist);
  }
  reject(incident: Incident, persist: PersistIncident): Promise<Incident> {
    return this.run(incident, persist);
  }
}
