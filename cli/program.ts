/** Builds the commander program from the registry (thin dispatcher; no command logic here). */
import { Command } from 'commander';
import type { CliCommand, CliContext } from './command.js';

/** The root `ai4all-sre` command with every registered subcommand. */
export function buildProgram(commands: readonly CliCommand[], context: CliContext): Command {
  const program = new Command('ai4all-sre')
    .description('ai4all-sre: AI-driven site reliability lab tooling')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.io.out(text.trimEnd()),
      writeErr: (text) => context.io.error(text.trimEnd()),
    });
  const names = new Set<string>();
  for (const command of commands) {
    if (names.has(command.name)) {
      throw new Error(`buildProgram: command "${command.name}" is registered twice (cli/registry.ts).`);
    }
    names.add(command.name);
    program.addCommand(command.build(context));
  }
  return program;
}
