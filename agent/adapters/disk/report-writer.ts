/**
 * Writes the post-mortem of each finished incident and keeps one runbook per alert name under
 * `<data dir>/reports/`. Files are replaced atomically (temp file + rename). Runbook histories live
 * in memory once read and are written at most every `runbookFlushMilliseconds` per alert name, so
 * an alert storm costs one post-mortem write per incident, not a runbook rewrite each time.
 * In GitOps mode every report is published (committed) right after it is written; a publishing
 * failure is reported, never fatal to the incident.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Incident } from '../../domain/incident.js';
import { safeFileName } from '../../core/reports/markdown.js';
import { renderPostMortem } from '../../core/reports/post-mortem.js';
import type { ReportPublisher } from '../../core/reports/report-publisher.js';
import {
  addToHistory,
  renderRunbook,
  runbookEntry,
  RunbookHistorySchema,
  type RunbookHistory,
} from '../../core/reports/runbook.js';

export interface WrittenReport {
  readonly postMortemPath: string;
  readonly runbookPath: string;
  /** Set when the publisher failed (GitOps mode); the files are still on disk. */
  readonly publishError?: string;
}

export interface ReportWriterOptions {
  readonly publisher?: ReportPublisher | null;
  readonly runbookFlushMilliseconds?: number;
  /** Runbook histories kept in memory (least recently used are written and dropped). */
  readonly maxRunbooksInMemory?: number;
}

export class ReportWriter {
  private readonly histories = new Map<string, RunbookHistory>();
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private runbookTail: Promise<unknown> = Promise.resolve();
  private publishTail: Promise<unknown> = Promise.resolve();
  private readonly ready: Promise<void>;

  constructor(
    private readonly directory: string,
    private readonly options: ReportWriterOptions = {},
  ) {
    this.ready = Promise.all([
      mkdir(join(directory, 'post-mortems'), { recursive: true }),
      mkdir(join(directory, 'runbooks'), { recursive: true }),
    ]).then(() => undefined);
  }

  /** Writes the post-mortem and records the incident in its alert's runbook. */
  async write(incident: Incident): Promise<WrittenReport> {
    await this.ready;
    const postMortemPath = join(this.directory, 'post-mortems', `${safeFileName(incident.id)}.md`);
    await writeAtomically(postMortemPath, renderPostMortem(incident));
    const alertname = incident.alerts[0]?.alertname ?? 'unknown';
    const runbookPath = this.runbookPath(alertname, 'md');
    await this.serially(async () => {
      const history = this.histories.get(alertname) ?? (await this.readHistory(alertname));
      this.histories.delete(alertname); // re-insert: the Map order is least recently used first
      this.histories.set(alertname, addToHistory(history, runbookEntry(incident)));
      this.dirty.add(alertname);
      await this.evictBeyondLimit();
    });
    if (!this.options.publisher) {
      this.timer ??= setTimeout(() => void this.flush(), this.options.runbookFlushMilliseconds ?? 1_000);
      return { postMortemPath, runbookPath };
    }
    await this.flush();
    return this.publish(incident, alertname, postMortemPath, runbookPath);
  }

  /** Writes every runbook changed since the last flush. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.serially(async () => {
      for (const alertname of [...this.dirty]) {
        this.dirty.delete(alertname);
        const history = this.histories.get(alertname);
        if (history) await this.writeRunbook(alertname, history);
      }
    });
  }

  private publish(incident: Incident, alertname: string, postMortemPath: string, runbookPath: string) {
    const publisher = this.options.publisher!;
    const run = this.publishTail.then(async (): Promise<WrittenReport> => {
      try {
        await publisher.publish({
          files: [postMortemPath, runbookPath].map((path) => ({ path, relativePath: relative(this.directory, path) })),
          message: `post-mortem ${incident.id}: ${alertname} (${incident.status})`,
        });
        return { postMortemPath, runbookPath };
      } catch (error) {
        return { postMortemPath, runbookPath, publishError: error instanceof Error ? error.message : String(error) };
      }
    });
    this.publishTail = run;
    return run;
  }

  private serially(operation: () => Promise<void>): Promise<void> {
    const run = this.runbookTail.then(operation);
    this.runbookTail = run.catch(() => undefined);
    return run;
  }

  private async evictBeyondLimit(): Promise<void> {
    const limit = this.options.maxRunbooksInMemory ?? 200;
    while (this.histories.size > limit) {
      const [alertname, history] = this.histories.entries().next().value!;
      if (this.dirty.delete(alertname)) await this.writeRunbook(alertname, history);
      this.histories.delete(alertname);
    }
  }

  private runbookPath(alertname: string, extension: 'md' | 'json'): string {
    return join(this.directory, 'runbooks', `${safeFileName(alertname)}.${extension}`);
  }

  private async readHistory(alertname: string): Promise<RunbookHistory> {
    try {
      const parsed = RunbookHistorySchema.safeParse(
        JSON.parse(await readFile(this.runbookPath(alertname, 'json'), 'utf8')),
      );
      // A damaged history restarts from empty rather than blocking the post-mortem.
      return parsed.success ? parsed.data : { alertname, entries: [] };
    } catch {
      return { alertname, entries: [] };
    }
  }

  private async writeRunbook(alertname: string, history: RunbookHistory): Promise<void> {
    await writeAtomically(this.runbookPath(alertname, 'json'), `${JSON.stringify(history, null, 2)}\n`);
    await writeAtomically(this.runbookPath(alertname, 'md'), renderRunbook(history));
  }
}

let temporarySequence = 0;
async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${++temporarySequence}.tmp`;
  await writeFile(temporary, text, { encoding: 'utf8', mode: 0o644 });
  await rename(temporary, path);
}
