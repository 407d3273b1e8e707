/**
 * The agent process: the one place that reads the environment. Parses the configuration (exiting
 * with a message naming each bad variable), starts the agent, and stops it cleanly on SIGTERM or
 * SIGINT (Kubernetes sends SIGTERM; unfinished incidents are journaled and resume on next start).
 */
import '../scripts/require-node.mjs'; // first: refuses a Node.js other than 24 before anything heavy loads
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startAgent, type RunningAgent } from './app.js';
import { parseConfig, type Environment } from './config/config.js';
import { ConfigError } from './config/errors.js';

/** Runs the agent until a termination signal; resolves with the process exit code. */
export async function runAgentProcess(environment: Environment): Promise<number> {
  let agent: RunningAgent;
  try {
    agent = await startAgent(parseConfig(environment, { fileExists: existsSync }));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    console.error(
      `the agent could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  console.error(`received ${signal}; stopping`);
  await agent.close();
  return 0;
}

/** True when this module is the process entry (tsx agent/main.ts, node build/agent/main.js, the bundle). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await runAgentProcess(process.env);
}
