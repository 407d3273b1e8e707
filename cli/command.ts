/**
 * A CLI command: a name and a builder that returns a configured commander `Command` whose action
 * sets the exit code. Each command lives in `cli/commands/<name>.ts`; `cli/registry.ts` lists them.
 */
import type { Command } from 'commander';
import type { CliIo } from './io.js';

/** What every command receives from the composition root. */
export interface CliContext {
  readonly io: CliIo;
  /** Environment variables (only the composition root passes `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Working directory (where `Pulumi.<stack>.yaml` files are looked up). */
  readonly cwd: string;
  /** Record the process exit code (0 = success). */
  setExitCode(code: number): void;
}

/** One subcommand of the project CLI. */
export interface CliCommand {
  readonly name: string;
  build(context: CliContext): Command;
}
