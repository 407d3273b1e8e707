/** Builds realistic incidents for the state, intake and report tests (not used at run time). */
import type { Incident, IncidentStatus } from '../../domain/incident.js';

export function testIncident(id: string, status: IncidentStatus, createdAt = new Date().toISOString()): Incident {
  return {
    id,
    status,
    createdAt,
    updatedAt: createdAt,
    alerts: [
      {
        fingerprint: `fp-${id}`,
        alertname: 'KubePodCrashLooping',
        severity: 'critical',
        status: 'firing',
        startsAt: createdAt,
        labels: { alertname: 'KubePodCrashLooping', namespace: 'online-boutique', deployment: 'cartservice' },
        annotations: { summary: 'cartservice is crash looping' },
      },
    ],
    target: { namespace: 'online-boutique', kind: 'Deployment', name: 'cartservice' },
    diagnosis: null,
    action: null,
    decision: null,
    undo: null,
    verification: null,
    approvedAt: null,
    verifiedAt: null,
    timeline: [{ at: createdAt, event: 'incident-opened', message: 'opened from KubePodCrashLooping' }],
    postMortemPath: null,
  };
}
