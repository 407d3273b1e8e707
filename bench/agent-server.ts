/**
 * The agent under test, in its own process (so load generation does not share its event loop):
 * started through `startAgent` like the demo does, with the instant recording workflow (a model and
 * cluster that answer at once). Answers the bench over IPC: memory (after GC), counters, idle.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { pino } from 'pino';
import { startAgent } from '../agent/app.js';
import { parseConfig } from '../agent/config/config.js';
import { RecordingWorkflow } from '../agent/core/intake/recording-workflow.js';
import { StaticLeadership } from '../agent/ports/leadership.js';

setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

const dataDirectory = await mkdtemp(join(tmpdir(), 'ai4all-bench-'));
const config = parseConfig(
  {
    KUBECONFIG: '/unused',
    AGENT_PORT: '0',
    AGENT_LISTEN_HOST: '127.0.0.1',
    AGENT_DATA_DIR: dataDirectory,
    AGENT_MODE: 'autonomous',
    AGENT_NAMESPACES: 'online-boutique',
    AGENT_LEADER_ELECTION: 'off',
    AGENT_INSECURE_NO_AUTH: 'true',
    // The storms run with cooldown 0 (every finished incident frees its workload at once: the worst
    // case for memory and backpressure); the throughput phase runs with the default cooldown.
    AGENT_COOLDOWN_SECONDS: process.env['BENCH_COOLDOWN_SECONDS'] ?? '0',
    AGENT_LOG_LEVEL: 'warn',
    AGENT_ALERT_LEDGER_MAX_MB: '1024',
  },
  { fileExists: () => true },
);
const workflow = new RecordingWorkflow();
const agent = await startAgent(config, {
  workflow,
  leadership: new StaticLeadership(true),
  logger: pino({ level: 'warn' }),
});

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

function memory() {
  collectGarbage();
  collectGarbage();
  const usage = process.memoryUsage();
  return { rss: usage.rss, heapUsed: usage.heapUsed, peakRss };
}

async function counters() {
  const received = await agent.metrics.alertsReceived.get();
  const byDisposition: Record<string, number> = {};
  for (const value of received.values) {
    const disposition = String(value.labels['disposition']);
    byDisposition[disposition] = (byDisposition[disposition] ?? 0) + value.value;
  }
  await new Promise((resolve) => setTimeout(resolve, 300)); // let the ledger flush
  return {
    byDisposition,
    ledgerLines: await countLines(join(dataDirectory, 'alerts.jsonl')),
    incidents: agent.store.size,
  };
}

/** Non-empty lines of a file, streamed (the ledger is tens of MB after the storms; 0 when missing). */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  try {
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      if (line.length > 0) lines += 1;
    }
  } catch {
    return 0;
  }
  return lines;
}

process.on('message', (message: { type: string; id: number }) => {
  const reply = (value: unknown) => process.send?.({ id: message.id, value });
  switch (message.type) {
    case 'memory':
      reply(memory());
      break;
    case 'reset-peak':
      peakRss = process.memoryUsage.rss();
      reply(peakRss);
      break;
    case 'idle':
      void agent.idle().then(() => reply(true));
      break;
    case 'counters':
      void counters().then(reply);
      break;
    case 'stop':
      clearInterval(sampler);
      void agent
        .close()
        .then(() => rm(dataDirectory, { recursive: true, force: true }))
        .then(() => {
          reply(true);
          process.exit(0);
        });
      break;
    default:
      reply(null);
  }
});
process.send?.({ type: 'listening', url: agent.url });
