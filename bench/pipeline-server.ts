/**
 * The agent with the REAL pipeline for the overhead measurement. The Kubernetes API simulator and
 * the fake Ollama (an "instant model") run in the bench's own process (bench/pipeline-harness.ts),
 * so this process does only the agent's work: intake, evidence reads through the real client,
 * specialist and director requests through the real Ollama client, guardrails, the journaled
 * intent, the PATCH. The pipeline's clock is the simulator's: `sleep` asks the bench to advance it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { writeHeapSnapshot } from 'node:v8';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { AGENT_DEFAULTS } from '../catalog/agent-contract.js';
import { startAgent } from '../agent/app.js';
import { parseConfig } from '../agent/config/config.js';
import { isTerminal, type Incident } from '../agent/domain/incident.js';
import type { IncidentWorkflowPort } from '../agent/core/intake/workflow-port.js';
import { createDefaultWorkflow } from '../agent/wiring.js';
import { childClock } from '../simulator/kubernetes/ipc-clock.js';

/** `BENCH_HEAP_SAMPLING=<file>`: sample every allocation (garbage included) while investigating; written at stop. */
const heapSampling = process.env['BENCH_HEAP_SAMPLING'];
const inspector = heapSampling ? new Session() : null;
if (inspector) {
  inspector.connect();
  await inspector.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}
async function writeHeapSampling(): Promise<void> {
  if (!inspector || !heapSampling) return;
  const { profile } = await inspector.post('HeapProfiler.stopSampling');
  await writeFile(heapSampling, JSON.stringify(profile));
}
const scratch = await mkdtemp(join(tmpdir(), 'ai4all-bench-pipeline-'));
const clock = childClock(Number(process.env['BENCH_SIMULATOR_NOW']));

const config = parseConfig(
  {
    KUBECONFIG: process.env['BENCH_KUBECONFIG'],
    OLLAMA_HOST: process.env['BENCH_OLLAMA_HOST'],
    OLLAMA_MODEL: 'qwen2.5:7b-instruct',
    AGENT_PORT: '0',
    AGENT_LISTEN_HOST: '127.0.0.1',
    AGENT_DATA_DIR: join(scratch, 'data'),
    AGENT_MODE: 'autonomous',
    AGENT_NAMESPACES: 'online-boutique',
    AGENT_LEASE_NAMESPACE: AGENT_DEFAULTS.namespace,
    AGENT_HOURLY_ACTION_BUDGET: '1000',
    AGENT_LOG_LEVEL: 'warn',
    AGENT_INSECURE_NO_AUTH: 'true',
  },
  { fileExists: () => true },
);

/** Wall-clock milliseconds from intake (incident creation) to the first snapshot with the change applied (`execution.appliedAt`). */
const overheads: number[] = [];
/** Monotonic [start, end] microseconds of each measured span (the clock CPU profiles use), to line spikes up with a profile. */
const spans: [number, number][] = [];
const statuses: Record<string, number> = {};
const measured = (workflow: IncidentWorkflowPort): IncidentWorkflowPort => ({
  ...workflow,
  run: (incident, persist) => {
    let seen = false;
    return workflow.run(incident, async (snapshot: Incident) => {
      if (!seen && snapshot.execution?.appliedAt) {
        seen = true;
        const elapsed = Date.now() - Date.parse(incident.createdAt);
        overheads.push(elapsed);
        const end = Number(process.hrtime.bigint() / 1000n);
        spans.push([end - elapsed * 1000, end]);
      }
      await persist(snapshot);
      if (isTerminal(snapshot.status)) statuses[snapshot.status] = (statuses[snapshot.status] ?? 0) + 1;
    });
  },
});
const agent = await startAgent(config, {
  logger: pino({ level: 'warn' }),
  workflow: (context) => measured(createDefaultWorkflow(context, { clock })),
});

process.on('message', (message: { type?: string; id?: number; now?: number; advanced?: number }) => {
  if (clock.handle(message)) return;
  const reply = (value: unknown) => process.send?.({ id: message.id, value });
  if (message.type === 'idle') void agent.idle().then(() => reply(true));
  else if (message.type === 'set-now') {
    if (message.now !== undefined) clock.set(message.now);
    reply(true);
  } else if (message.type === 'overhead') reply({ overheads, statuses, spans });
  else if (message.type === 'stop') {
    if (process.env['BENCH_HEAP_SNAPSHOT']) writeHeapSnapshot(process.env['BENCH_HEAP_SNAPSHOT']);
    void writeHeapSampling()
      .then(() => agent.close())
      .then(() => rm(scratch, { recursive: true, force: true }))
      .then(() => {
        reply(true);
        process.exit(0);
      });
  } else reply(null);
});
process.send?.({ type: 'listening', url: agent.url });
