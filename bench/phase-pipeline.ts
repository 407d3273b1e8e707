/**
 * Phase 2: overhead from alert intake to the applied action through the REAL pipeline. The agent
 * runs alone in its process (pipeline-server.ts); the Kubernetes API simulator and an instant fake
 * Ollama run here (pipeline-harness.ts), and the pipeline's clock advances the simulator over IPC.
 * One alert at a time, so no queueing is measured. Target: p99 < 50 ms.
 */
import { writeFile } from 'node:fs/promises';
import { answerClockAdvances } from '../simulator/kubernetes/ipc-clock.js';
import { spawnChild, waitUntilReady } from './children.js';
import { deploymentAlertBody } from './alert-bodies.js';
import { percentile, runLoad } from './load-generator.js';
import { PIPELINE_NAMESPACE, startPipelineHarness, workloadName } from './pipeline-harness.js';
import type { Check } from './report.js';

const PIPELINE_WARMUP = 10;
const PIPELINE_WORKLOADS = Number(process.env['BENCH_PIPELINE_INCIDENTS'] ?? 110);

export async function runPipelinePhase(scratch: string): Promise<Check[]> {
  const harness = await startPipelineHarness(scratch, PIPELINE_WORKLOADS);
  const pipeline = await spawnChild('pipeline-server.ts', scratch, {
    BENCH_KUBECONFIG: harness.kubeconfig,
    BENCH_OLLAMA_HOST: harness.ollamaUrl,
    BENCH_SIMULATOR_NOW: String(harness.now()),
  });
  answerClockAdvances(
    pipeline.process,
    (milliseconds) => harness.advance(milliseconds),
    () => harness.now(),
  );
  const pipelineUrl = `${String(pipeline.ready['url'])}/webhook/alertmanager`;
  // Alerts wait until the agent holds the Lease; before that they would only queue up.
  await waitUntilReady(String(pipeline.ready['url']));
  const workloads = PIPELINE_WORKLOADS;
  for (let index = 0; index < workloads; index += 1) {
    harness.breakWorkload(index);
    await pipeline.call('set-now', { now: harness.now() });
    await runLoad({
      url: pipelineUrl,
      connections: 1,
      requests: 1,
      body: () => deploymentAlertBody(PIPELINE_NAMESPACE, workloadName(index)),
    });
    await pipeline.call('idle');
  }
  const measuredPipeline = await pipeline.call<{
    overheads: number[];
    statuses: Record<string, number>;
    spans: [number, number][];
  }>('overhead');
  if (process.env['BENCH_SPANS_FILE'])
    await writeFile(process.env['BENCH_SPANS_FILE'], JSON.stringify(measuredPipeline.spans));
  await pipeline.call('stop');
  await harness.close();
  // The first incidents pay for JIT compilation of every code path; they are run but not measured.
  const overheads = measuredPipeline.overheads.slice(PIPELINE_WARMUP).sort((left, right) => left - right);
  console.log('\n== 2. alert intake → applied action (real pipeline, simulator + instant fake Ollama) ==');
  console.log(
    `incidents ${workloads}, applied ${measuredPipeline.overheads.length}, measured ${overheads.length} (after ${PIPELINE_WARMUP} warm-up)  p50 ${percentile(overheads, 0.5)} ms  p99 ${percentile(overheads, 0.99)} ms  max ${overheads.at(-1)} ms  outcomes ${JSON.stringify(measuredPipeline.statuses)}`,
  );
  console.log(`  each (ms, in order): ${measuredPipeline.overheads.join(' ')}`);
  const overheadP99 = percentile(overheads, 0.99);
  return [
    {
      name: 'pipeline overhead p99',
      value: `${overheadP99} ms`,
      target: '< 50 ms',
      passed: measuredPipeline.overheads.length === workloads && overheadP99 < 50,
    },
  ];
}
