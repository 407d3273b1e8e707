/**
 * The agent in a child process for the kill -9 tests (test support, not used at run time): the
 * real composition (startAgent, real pipeline, journal) against the parent's API simulator. The
 * pipeline's clock is the simulator's: `sleep` asks the parent to advance it over IPC.
 * Environment: SUITE_KUBECONFIG, SUITE_DATA_DIR, SUITE_NOW (simulated ms), SUITE_TOKEN.
 */
import { pino } from 'pino';
import { startAgent } from '../app.js';
import { parseConfig } from '../config/config.js';
import { createDefaultWorkflow } from '../wiring.js';
import { childClock } from '../../simulator/kubernetes/ipc-clock.js';
import { FAULT_SUITE_WORKFLOW } from './test-suite-agent.js';

const clock = childClock(Number(process.env['SUITE_NOW']));
process.on('message', (message) => clock.handle(message));

const config = parseConfig(
  {
    KUBECONFIG: process.env['SUITE_KUBECONFIG'],
    OLLAMA_HOST: 'http://127.0.0.1:9',
    AGENT_PORT: '0',
    AGENT_DATA_DIR: process.env['SUITE_DATA_DIR'],
    AGENT_WEBHOOK_TOKEN: process.env['SUITE_TOKEN'],
    AGENT_MODE: 'autonomous',
    AGENT_NAMESPACES: 'online-boutique',
    AGENT_LEADER_ELECTION: 'off',
    AGENT_LOG_LEVEL: 'silent',
  },
  { fileExists: () => true },
);
const agent = await startAgent(config, {
  logger: pino({ level: 'silent' }),
  workflow: (context) => createDefaultWorkflow(context, { clock, config: FAULT_SUITE_WORKFLOW }),
});
process.send?.({ type: 'listening', url: agent.url });
