/**
 * Reads the incident journal back as a stream (issue 12): never the whole file in memory, never a
 * line longer than MAX_LINE_BYTES (a longer one is skipped as it streams past and reported as lost),
 * terminal incidents beyond `retain` evicted while reading, so a journal of any size loads in
 * memory bounded by what is kept. Snapshot lines replace an incident; note lines (deltas appended
 * when alerts join an incident) are applied to the snapshot before them.
 */
import { createReadStream } from 'node:fs';
import { isTerminal, type Incident } from '../../domain/incident.js';
import { applyNotes, decodeJournalLine } from './incident-record.js';

/** Longest journal line read (an incident is bounded well below this: see MAX_INCIDENT_BYTES). */
export const MAX_LINE_BYTES = 2 * 1024 * 1024;
/** Corrupt lines copied to the quarantine file (the rest are only counted). */
const QUARANTINE_LINES = 1000;

export type LostReason = 'corrupt' | 'oversized' | 'torn';

export interface LostRecord {
  readonly line: number;
  readonly reason: string;
  readonly kind: LostReason;
  /** The incident the line belonged to, when it could be told (a note line of a known id). */
  readonly incidentId?: string;
}

export interface JournalScan {
  /** Latest state of each kept incident, in first-seen order. */
  readonly incidents: Map<string, Incident>;
  /** The first QUARANTINE_LINES unreadable lines, in full (oversized lines are only described). */
  readonly quarantine: string[];
  readonly lost: LostRecord[];
  /** Unreadable lines in all (lost may list only the first ones). */
  readonly lostCount: number;
  readonly bytes: number;
  readonly lines: number;
}

/** Streams `path` (absent = empty). Eviction keeps non-terminal incidents and ~`retain` terminal ones. */
const ID = /"id":"([^"\\]{1,200})"/;

/** The incident a damaged line belonged to, when its id can still be read near its start. */
function idOf(text: string): { incidentId?: string } {
  const match = ID.exec(text.slice(0, 512));
  return match?.[1] ? { incidentId: match[1] } : {};
}

export async function scanJournal(path: string, retain: number): Promise<JournalScan> {
  const incidents = new Map<string, Incident>();
  const quarantine: string[] = [];
  const lost: LostRecord[] = [];
  let lostCount = 0;
  let terminal = 0;
  let lineNumber = 0;
  let bytes = 0;
  const report = (record: LostRecord, text: string | null) => {
    lostCount += 1;
    if (lost.length < QUARANTINE_LINES) lost.push(record);
    if (text !== null && quarantine.length < QUARANTINE_LINES) quarantine.push(text);
  };
  const accept = (text: string) => {
    lineNumber += 1;
    if (text.trim().length === 0) return;
    const decoded = decodeJournalLine(text);
    if (!decoded.ok) return report({ line: lineNumber, reason: decoded.reason, kind: 'corrupt', ...idOf(text) }, text);
    if (decoded.kind === 'notes') {
      const current = incidents.get(decoded.notes.id);
      if (current) incidents.set(current.id, applyNotes(current, decoded.notes));
      return;
    }
    const previous = incidents.get(decoded.incident.id);
    if (previous && isTerminal(previous.status)) terminal -= 1;
    incidents.set(decoded.incident.id, decoded.incident);
    if (isTerminal(decoded.incident.status)) terminal += 1;
    if (terminal > retain + Math.max(16, Math.floor(retain / 10))) terminal -= evictOldestTerminal(incidents, retain);
  };

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  /** The first bytes of the line being read (an oversized line is dropped but its id is kept). */
  const headOf = (piece: Buffer) =>
    (pending.length > 0 ? Buffer.concat([pending[0]!, piece]) : piece).subarray(0, 512).toString('utf8');
  const oversized = (head: string) =>
    report(
      { line: (lineNumber += 1), reason: `longer than ${MAX_LINE_BYTES} bytes`, kind: 'oversized', ...idOf(head) },
      null,
    );
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      let start = 0;
      for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, newline);
        start = newline + 1;
        if (skipping) {
          skipping = false;
          continue;
        }
        if (pendingBytes + piece.length > MAX_LINE_BYTES) {
          oversized(headOf(piece));
          pending = [];
          pendingBytes = 0;
          continue;
        }
        const text =
          pending.length === 0 ? piece.toString('utf8') : Buffer.concat([...pending, piece]).toString('utf8');
        pending = [];
        pendingBytes = 0;
        accept(text);
      }
      const rest = chunk.subarray(start);
      if (skipping || rest.length === 0) continue;
      if (pendingBytes + rest.length > MAX_LINE_BYTES) {
        oversized(headOf(rest));
        pending = [];
        pendingBytes = 0;
        skipping = true;
      } else {
        pending.push(Buffer.from(rest));
        pendingBytes += rest.length;
      }
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (pendingBytes > 0) {
    // No newline at the end: a torn last write (the process died mid-append), unless it still parses.
    const text = Buffer.concat(pending).toString('utf8');
    const decoded = decodeJournalLine(text);
    if (decoded.ok) accept(text);
    else
      report(
        { line: (lineNumber += 1), reason: `torn last line: ${decoded.reason}`, kind: 'torn', ...idOf(text) },
        text,
      );
  }
  return { incidents, quarantine, lost, lostCount, bytes, lines: lineNumber };
}

/** Drops the oldest terminal incidents down to `retain`; returns how many were dropped. */
function evictOldestTerminal(incidents: Map<string, Incident>, retain: number): number {
  const terminal = [...incidents.values()].filter((incident) => isTerminal(incident.status));
  terminal.sort((left, right) => left.createdAt.localeCompare(right.createdAt) || left.id.localeCompare(right.id));
  const drop = terminal.slice(0, Math.max(0, terminal.length - retain));
  for (const incident of drop) incidents.delete(incident.id);
  return drop.length;
}
