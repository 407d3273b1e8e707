/** Builds realistic incidents for the state, intake and report tests (not used at run time). */
import type { Incident, IncidentStatus } from '../../domain/incident.js';
import { openIncident } from '../../core/intake/open-incident.js';

/** An incident opened the way the intake opens one (openIncident), then put in `status`. */
export function testIncident(id: string, status: IncidentStatus, createdAt = new Date().toISOString()): Incident {
  const incident = openIncident({
    id,
    at: createdAt,
    alert: {
      fingerprint: `fp-${id}`,
      alertname: 'KubePodCrashLooping',
      severity: 'critical',
      status: 'firing',
      startsAt: createdAt,
      labels: { alertname: 'KubePodCrashLooping', namespace: 'online-boutique', deployment: 'cartservice' },
      annotations: { summary: 'cartservice is crash looping' },
    },
  });
  return { ...incident, status };
}
