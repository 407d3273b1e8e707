import { describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../domain/execution.js';
import type { Incident } from '../../domain/incident.js';
import { testIncident } from '../../adapters/disk/test-incident.js';
import { durationsOf } from './durations.js';

const opened = '2026-11-24T10:00:10.000Z';
const execution = (appliedAt: string | null): ExecutionRecord => ({
  phase: appliedAt ? 'applied' : 'intent-recorded',
  change: { type: 'scale', replicas: 4 },
  resourceVersionBefore: '7',
  intentAt: '2026-11-24T10:00:30.000Z',
  appliedAt,
  appliedResourceVersion: appliedAt ? '8' : null,
  appliedGeneration: appliedAt ? 3 : null,
});

function incident(changes: Partial<Incident>): Incident {
  const base = testIncident('inc-d', 'resolved', opened);
  return { ...base, alerts: [{ ...base.alerts[0]!, startsAt: '2026-11-24T10:00:00.000Z' }], ...changes };
}

describe('time to detect / act / recover', () => {
  it('are read from the incident fields, not from timeline event names', () => {
    const durations = durationsOf(
      incident({
        execution: execution('2026-11-24T10:00:40.000Z'),
        verifiedAt: '2026-11-24T10:01:30.000Z',
        updatedAt: '2026-11-24T10:05:00.000Z',
        // Event names the old code matched on: they must not count.
        timeline: [{ at: '2026-11-24T10:00:20.000Z', event: 'verification-passed', message: 'not this one' }],
      }),
    );
    expect(durations).toEqual({ detectSeconds: 10, actSeconds: 30, recoverSeconds: 90 });
  });

  it('count a change a restarted agent found already applied (action-found-applied)', () => {
    // The resume path records no action-applied event; it sets execution.appliedAt.
    const resumed = incident({
      execution: execution('2026-11-24T10:02:10.000Z'),
      timeline: [{ at: '2026-11-24T10:02:10.000Z', event: 'action-found-applied', message: 'already live' }],
    });
    expect(durationsOf(resumed).actSeconds).toBe(120);
  });

  it('have no time to act without an applied change, and no recovery unless resolved', () => {
    expect(durationsOf(incident({ execution: execution(null) })).actSeconds).toBeNull();
    expect(durationsOf(incident({ status: 'failed', verifiedAt: null })).recoverSeconds).toBeNull();
  });
});
