import { describe, expect, it } from 'vitest';
import { decodeJournalLine } from './incident-record.js';
import { migrateIncident, type StoredIncident } from './incident-migration.js';
import { testIncident } from './test-incident.js';

/** A journal line as the previous version wrote it: no approvedAt / verifiedAt, state in the timeline. */
function previousFormatLine(incident: StoredIncident): string {
  const { approvedAt: _approved, verifiedAt: _verified, ...rest } = incident;
  return JSON.stringify({ v: 1, incident: rest });
}

describe('incidents journaled by the previous version', () => {
  it('get approvedAt and verifiedAt from the events that used to carry them', () => {
    const base = testIncident('inc-old', 'resolved', '2026-11-24T10:00:00.000Z');
    const line = previousFormatLine({
      ...base,
      timeline: [
        ...base.timeline,
        { at: '2026-11-24T10:01:00.000Z', event: 'approval-granted', message: 'approved: restart' },
        { at: '2026-11-24T10:01:05.000Z', event: 'action-applied', message: 'applied' },
        { at: '2026-11-24T10:02:00.000Z', event: 'verification-passed', message: 'healthy' },
      ],
    });

    const decoded = decodeJournalLine(line);

    expect(decoded).toMatchObject({
      ok: true,
      incident: { approvedAt: '2026-11-24T10:01:00.000Z', verifiedAt: '2026-11-24T10:02:00.000Z' },
    });
  });

  it('an incident never approved or not resolved gets null, not a guess', () => {
    const acting = migrateIncident(previousFormatLineParsed(testIncident('inc-acting', 'acting')));
    expect(acting).toMatchObject({ approvedAt: null, verifiedAt: null });
  });

  it('keeps the fields the current version wrote, even where the timeline disagrees', () => {
    const base = testIncident('inc-new', 'resolved');
    const current = {
      ...base,
      approvedAt: null,
      verifiedAt: '2026-11-24T10:09:00.000Z',
      timeline: [...base.timeline, { at: '2026-11-24T10:01:00.000Z', event: 'approval-granted' as const, message: '' }],
    };
    expect(migrateIncident(current)).toEqual(current);
  });
});

function previousFormatLineParsed(incident: StoredIncident): StoredIncident {
  return (JSON.parse(previousFormatLine(incident)) as { incident: StoredIncident }).incident;
}
