/** The report's timeline points for one scenario: from the steps, the alert, the incident and the write log. */
import { describe, expect, it } from 'vitest';
import type { Incident } from '../agent/domain/incident.js';
import { selectScenarios, type DemoScenario } from './scenarios.js';
import { timelineMarks } from './timeline-marks.js';

const T0 = Date.parse('2026-11-24T09:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
const [badRollout] = selectScenarios(['bad-rollout']) as [DemoScenario];

describe('timelineMarks', () => {
  it('has the fault, alert, decision, the write from the API log, verification and recovery, in order', () => {
    const incident = {
      id: 'inc-1',
      timeline: [
        { at: at(150), event: 'incident-opened', message: 'opened' },
        { at: at(150), event: 'action-allowed', message: 'allowed (all-checks-passed)' },
        { at: at(180), event: 'verification-failed', message: 'still firing' },
        { at: at(195), event: 'verification-passed', message: 'cleared' },
      ],
    } as unknown as Incident;
    const marks = timelineMarks({
      scenario: badRollout,
      startedAt: T0,
      endedAt: T0 + 240_000,
      alert: { name: 'DeploymentCrashLooping', at: T0 + 150_000 },
      alertResolvedAt: T0 + 165_000,
      incidents: [incident],
      writes: [{ at: T0 + 151_000, method: 'PATCH', path: '/apis/apps/v1/namespaces/x/deployments/checkoutservice' }],
      recoveredAt: T0 + 200_000,
      timedOut: false,
    });
    expect(marks.map((mark) => [mark.kind, mark.seconds, mark.good])).toEqual([
      ...badRollout.steps.map((step) => ['fault', step.atSeconds, step.kind === 'end-faults']),
      ['alert', 150, false],
      ['decision', 150, true],
      ['write', 151, true],
      ['alert', 165, true],
      ['verification', 180, false],
      ['verification', 195, true],
      ['recovery', 200, true],
    ]);
  });
});
