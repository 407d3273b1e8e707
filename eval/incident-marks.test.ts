/** Marks for the eval's timeline come from the incident's own timeline, in seconds from its opening. */
import { describe, expect, it } from 'vitest';
import { testIncident } from '../agent/adapters/disk/test-incident.js';
import { incidentMarks } from './incident-marks.js';

describe('incidentMarks', () => {
  it('places the decision, the write, verification and the ending; bad turns are marked', () => {
    const base = testIncident('inc-1', 'failed', '2026-12-07T03:00:00.000Z');
    const marks = incidentMarks({
      ...base,
      updatedAt: '2026-12-07T03:02:00.000Z',
      timeline: [
        ...base.timeline,
        { at: '2026-12-07T03:00:01.000Z', event: 'action-allowed', message: 'allowed' },
        { at: '2026-12-07T03:00:02.000Z', event: 'action-applied', message: 'applied' },
        { at: '2026-12-07T03:01:30.000Z', event: 'verification-failed', message: 'still firing' },
        { at: '2026-12-07T03:01:31.000Z', event: 'undo-applied', message: 'restored' },
      ],
    });
    expect(marks.map((mark) => [mark.kind, mark.seconds, mark.good])).toEqual([
      ['alert', 0, true],
      ['decision', 1, true],
      ['write', 2, true],
      ['verification', 90, false],
      ['write', 91, false],
      ['end', 120, false],
    ]);
  });
});
