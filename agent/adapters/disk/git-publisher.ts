/**
 * GitOps mode: copies reports into a local clone of the configured repository, commits them as the
 * agent, and optionally pushes to the configured branch. Uses the `git` CLI with an argument array
 * (never a shell string), and never writes credentials into the repository config: pushing relies
 * on the credentials the clone already has (a deploy key or credential helper set up by the operator).
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ReportPublisher, PublishedFile } from '../../core/reports/report-publisher.js';

const run = promisify(execFile);

export interface GitPublisherOptions {
  /** Path of a local clone (a working tree). */
  readonly repository: string;
  readonly branch: string;
  readonly push: boolean;
  /** Folder inside the repository that receives the reports. */
  readonly folder?: string;
  readonly git?: string;
  readonly timeoutMilliseconds?: number;
}

export class GitReportPublisher implements ReportPublisher {
  constructor(private readonly options: GitPublisherOptions) {}

  async publish(change: { readonly files: readonly PublishedFile[]; readonly message: string }): Promise<void> {
    const folder = this.options.folder ?? 'incident-reports';
    const inRepository: string[] = [];
    for (const file of change.files) {
      const target = join(folder, file.relativePath);
      await mkdir(dirname(join(this.options.repository, target)), { recursive: true });
      await copyFile(file.path, join(this.options.repository, target));
      inRepository.push(target);
    }
    await this.git(['add', '--', ...inRepository]);
    const staged = await this.git(['diff', '--cached', '--name-only', '--', ...inRepository]);
    if (staged.trim().length === 0) return; // identical content: nothing to commit
    await this.git([
      '-c',
      'user.name=ai4all-sre agent',
      '-c',
      'user.email=agent@ai4all-sre.local',
      'commit',
      '--no-verify',
      '-m',
      change.message,
      '--',
      ...inRepository,
    ]);
    if (this.options.push) await this.git(['push', 'origin', `HEAD:${this.options.branch}`]);
  }

  private async git(args: readonly string[]): Promise<string> {
    // core.askPass=true answers any credential prompt with nothing, so a missing credential fails fast.
    const { stdout } = await run(
      this.options.git ?? 'git',
      ['-C', this.options.repository, '-c', 'core.askPass=true', ...args],
      { timeout: this.options.timeoutMilliseconds ?? 30_000 },
    );
    return stdout;
  }
}
