/**
 * What the journal lost at start, said where operators look: warnings for /readyz (the agent stays
 * ready: it can still work, but a human should know), counts per reason for
 * `ai4all_sre_journal_records_lost_total`, and the log line.
 */
import type { JournalContents } from './incident-journal.js';

export interface JournalIntegrity {
  readonly warnings: readonly string[];
  readonly lostByReason: Readonly<Record<string, number>>;
}

export function journalIntegrity(loaded: JournalContents): JournalIntegrity {
  const lostByReason: Record<string, number> = {};
  for (const record of loaded.corrupt)
    lostByReason[record.kind ?? 'corrupt'] = (lostByReason[record.kind ?? 'corrupt'] ?? 0) + 1;
  // `corrupt` lists the first records only; the remainder is counted as corrupt.
  const listed = loaded.corrupt.length;
  if (loaded.lostCount > listed) lostByReason['corrupt'] = (lostByReason['corrupt'] ?? 0) + loaded.lostCount - listed;
  const warnings: string[] = [];
  const empty = loaded.corrupt.find((record) => record.kind === 'empty');
  if (empty) warnings.push(empty.reason);
  const unreadable = loaded.lostCount - (empty ? 1 : 0);
  if (unreadable > 0) {
    warnings.push(
      `${unreadable} journal record(s) could not be read back at start (${Object.entries(lostByReason)
        .filter(([reason]) => reason !== 'empty')
        .map(([reason, count]) => `${count} ${reason}`)
        .join(', ')})${loaded.quarantinePath ? `, copied to ${loaded.quarantinePath}` : ''}` +
        (loaded.damagedIncidentIds.length > 0
          ? `; incidents with lost records: ${loaded.damagedIncidentIds.slice(0, 20).join(', ')}`
          : '') +
        (loaded.lostIncidentIds.length > 0
          ? `; incidents lost: ${loaded.lostIncidentIds.slice(0, 20).join(', ')}`
          : ''),
    );
  }
  return { warnings, lostByReason };
}
