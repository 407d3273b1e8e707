/**
 * `ai4all-sre agent`: runs the agent in the foreground, configured from the environment exactly as
 * `npm run agent` (see agent/README.md for the variables). Stops cleanly on SIGTERM/SIGINT.
 */
import { Command } from 'commander';
import { runAgentProcess } from '../../agent/main.js';
import type { CliCommand, CliContext } from '../command.js';

export const agentCommand: CliCommand = {
  name: 'agent',
  build(context: CliContext): Command {
    return new Command('agent')
      .description(
        'run the self-healing agent (Alertmanager webhook → diagnosis → guarded action → verification → post-mortem); configured by KUBECONFIG, OLLAMA_HOST, AGENT_MODE, AGENT_NAMESPACES, ...',
      )
      .action(async () => {
        context.setExitCode(await runAgentProcess(context.env));
      });
  },
};
