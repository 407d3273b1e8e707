/**
 * Writes the post-mortem of each finished incident and updates its alert's runbook under
 * `<data dir>/reports/`, atomically (temp file + rename), then hands both to the optional
 * publisher (GitOps mode). A publishing failure is reported, never fatal to the incident.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Incident } from '../domain/incident.js';
import { safeFileName } from './markdown.js';
import { renderPostMortem } from './post-mortem.js';
import { addToHistory, renderRunbook, runbookEntry, RunbookHistorySchema, type RunbookHistory } from './runbook.js';
import type { ReportPublisher } from './report-publisher.js';

export interface WrittenReport {
  readonly postMortemPath: string;
  readonly runbookPath: string;
  /** Set when the publisher failed (GitOps mode); the files are still on disk. */
  readonly publishError?: string;
}

export class ReportWriter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly directory: string,
    private readonly publisher: ReportPublisher | null = null,
  ) {}

  /** Writes both files; calls are serialized so runbook updates never interleave. */
  write(incident: Incident): Promise<WrittenReport> {
    const run = this.tail.then(() => this.writeNow(incident));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async writeNow(incident: Incident): Promise<WrittenReport> {
    const postMortems = join(this.directory, 'post-mortems');
    const runbooks = join(this.directory, 'runbooks');
    await mkdir(postMortems, { recursive: true });
    await mkdir(runbooks, { recursive: true });
    const postMortemPath = join(postMortems, `${safeFileName(incident.id)}.md`);
    await writeAtomically(postMortemPath, renderPostMortem(incident));

    const alertname = incident.alerts[0]?.alertname ?? 'unknown';
    const historyPath = join(runbooks, `${safeFileName(alertname)}.json`);
    const history = addToHistory(await readHistory(historyPath, alertname), runbookEntry(incident));
    await writeAtomically(historyPath, `${JSON.stringify(history, null, 2)}\n`);
    const runbookPath = join(runbooks, `${safeFileName(alertname)}.md`);
    await writeAtomically(runbookPath, renderRunbook(history));

    if (!this.publisher) return { postMortemPath, runbookPath };
    try {
      await this.publisher.publish({
        files: [postMortemPath, runbookPath].map((path) => ({ path, relativePath: relative(this.directory, path) })),
        message: `post-mortem ${incident.id}: ${alertname} (${incident.status})`,
      });
      return { postMortemPath, runbookPath };
    } catch (error) {
      return { postMortemPath, runbookPath, publishError: error instanceof Error ? error.message : String(error) };
    }
  }
}

async function readHistory(path: string, alertname: string): Promise<RunbookHistory> {
  try {
    const parsed = RunbookHistorySchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    // A damaged history restarts from empty rather than blocking the post-mortem.
    return parsed.success ? parsed.data : { alertname, entries: [] };
  } catch {
    return { alertname, entries: [] };
  }
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { encoding: 'utf8', mode: 0o644 });
  await rename(temporary, path);
}
