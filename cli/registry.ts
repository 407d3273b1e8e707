/**
 * Every subcommand of `ai4all-sre` (npm run cli -- <command>). To add one, create
 * `cli/commands/<name>.ts` exporting a {@link CliCommand} and append it here.
 */
import type { CliCommand } from './command.js';
import { agentCommand } from './commands/agent.js';
import { doctorCommand } from './commands/doctor.js';
import { proofCommand } from './commands/proof.js';

/** Registered commands, in help order. */
export const COMMANDS: readonly CliCommand[] = [doctorCommand, agentCommand, proofCommand];
