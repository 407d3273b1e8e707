/**
 * `npm run bench`: one run on 127.0.0.1, printing ratios and exiting non-zero when a target is missed.
 *   1. Webhook intake throughput/latency vs a bare node:http JSON endpoint (target ≥ 0.5× baseline).
 *   2. Overhead from alert intake to the applied action with an instant workflow (target p99 < 50 ms).
 *   3. Memory during and after two 10,000-alert storms (target RSS < 200 MB, no growth between
 *      storms) and zero alerts lost (every alert has a disposition; 503s are retried like Alertmanager).
 * The servers run in child processes; this process only generates load.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAgentBundle } from '../agent/packaging/build-bundle.js';
import { deploymentAlertBody, webhookBody } from './alert-bodies.js';
import { PIPELINE_NAMESPACE, startPipelineHarness, workloadName } from './pipeline-harness.js';
import { percentile, runLoad, type LoadResult } from './load-generator.js';
import { AGENT_NODE_FLAGS, AGENT_RUNTIME_ENVIRONMENT } from './runtime-settings.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const THROUGHPUT_REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 10_000);
const CONNECTIONS = 16;
const STORM_ALERTS = 10_000;
const PIPELINE_WARMUP = 10;
const PIPELINE_WORKLOADS = Number(process.env['BENCH_PIPELINE_INCIDENTS'] ?? 110);
/** Extra Node flags for the children while investigating (e.g. `--trace-gc`, `--cpu-prof`); not for measurements. */
const EXTRA_CHILD_FLAGS = (process.env['BENCH_CHILD_FLAGS'] ?? '').split(' ').filter(Boolean);
/** `BENCH_ONLY=intake|pipeline|storms` runs one phase (while investigating); the default runs all three. */
const ONLY = process.env['BENCH_ONLY'];

interface Child {
  readonly process: ChildProcess;
  readonly ready: Record<string, unknown>;
  call<T>(type: string, extra?: Record<string, unknown>): Promise<T>;
}

/** Children to kill if the bench stops early (they share our stdout, so they must not outlive us). */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** The servers run from esbuild bundles with plain node, as the image runs the agent. */
async function spawnChild(
  file: string,
  scratch: string,
  environment: Record<string, string> = {},
  mode: 'bundle' | 'tsx' = 'bundle',
): Promise<Child> {
  const outdir = join(scratch, `${file.replace(/\.ts$/, '')}-${children.size}`);
  const entry = mode === 'bundle' ? (await buildAgentBundle(outdir, join(HERE, file))).file : join(HERE, file);
  const child = fork(entry, [], {
    execArgv: [...(mode === 'bundle' ? [] : ['--import', 'tsx']), ...AGENT_NODE_FLAGS, ...EXTRA_CHILD_FLAGS],
    env: { ...process.env, ...AGENT_RUNTIME_ENVIRONMENT, ...environment },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let sequence = 0;
  const pending = new Map<number, (value: unknown) => void>();
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    child.on('message', (message: { type?: string; id?: number; value?: unknown }) => {
      if (message.type === 'listening') resolve(message);
      // Replies carry only `id` and `value`; typed messages (e.g. 'advance') have ids of their own.
      else if (message.type === undefined && message.id !== undefined) pending.get(message.id)?.(message.value);
    });
  });
  return {
    process: child,
    ready,
    call: <T>(type: string, extra: Record<string, unknown> = {}) =>
      new Promise<T>((resolve) => {
        const id = ++sequence;
        pending.set(id, resolve as (value: unknown) => void);
        child.send({ type, id, ...extra });
      }),
  };
}

const format = (value: number, digits = 1) => value.toFixed(digits);

/** Polls `/readyz` until the agent answers 200 (it leads and can act), for at most 30 s. */
async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${url}/readyz`).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`the agent at ${url} did not become ready within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function describeLoad(name: string, result: LoadResult): string {
  return `${name.padEnd(22)} ${format(result.requestsPerSecond, 0).padStart(7)} req/s  p50 ${format(result.latencyMilliseconds.p50, 2)} ms  p99 ${format(result.latencyMilliseconds.p99, 2)} ms  statuses ${JSON.stringify(result.statuses)}${result.errors > 0 ? `  errors ${result.errors}` : ''}`;
}

interface Check {
  readonly name: string;
  readonly value: string;
  readonly target: string;
  readonly passed: boolean;
}

async function main(): Promise<number> {
  const checks: Check[] = [];
  type Counters = { byDisposition: Record<string, number>; ledgerLines: number; incidents: number };
  /** Per agent: alerts sent, alerts of 503'd payloads (retried), and the agent's own tally. */
  const tallies: { sent: number; retried: number; tally: Counters }[] = [];
  const runs = (phase: 'intake' | 'pipeline' | 'storms') => ONLY === undefined || ONLY === phase;
  const scratch = await mkdtemp(join(tmpdir(), 'ai4all-bench-bundles-'));
  const throughputBody = (phase: string) => (index: number) =>
    webhookBody(index, { phase, alertsPerPayload: 1, workloads: 200 });

  // 1. Throughput: alternate baseline and agent twice, keep the best of each (the host is shared).
  if (runs('intake')) {
    const baseline = await spawnChild('baseline-server.ts', scratch);
    const baselineUrl = `http://127.0.0.1:${String(baseline.ready['port'])}/webhook/alertmanager`;
    // Throughput with the default configuration (cooldown 600 s): a workload's first alert opens an
    // incident (journaled, fsync'ed, run), its later alerts are grouped or cooled down.
    const intakeAgent = await spawnChild('agent-server.ts', scratch, { BENCH_COOLDOWN_SECONDS: '600' });
    const agentUrl = `${String(intakeAgent.ready['url'])}/webhook/alertmanager`;
    await runLoad({ url: baselineUrl, connections: CONNECTIONS, requests: 1_000, body: throughputBody('warm-b') });
    await runLoad({ url: agentUrl, connections: CONNECTIONS, requests: 1_000, body: throughputBody('warm-a') });
    await intakeAgent.call('idle');
    const baselineRuns: LoadResult[] = [];
    const agentRuns: LoadResult[] = [];
    for (let round = 0; round < 2; round += 1) {
      baselineRuns.push(
        await runLoad({
          url: baselineUrl,
          connections: CONNECTIONS,
          requests: THROUGHPUT_REQUESTS,
          body: throughputBody(`b${round}`),
        }),
      );
      agentRuns.push(
        await runLoad({
          url: agentUrl,
          connections: CONNECTIONS,
          requests: THROUGHPUT_REQUESTS,
          body: throughputBody(`t${round}`),
        }),
      );
      await intakeAgent.call('idle');
    }
    const intakeCounters = await intakeAgent.call<Counters>('counters');
    await intakeAgent.call('stop');
    const best = (runs: LoadResult[]) =>
      runs.reduce((left, right) => (right.requestsPerSecond > left.requestsPerSecond ? right : left));
    const bestBaseline = best(baselineRuns);
    const bestAgent = best(agentRuns);
    baseline.process.send({ type: 'stop' });
    console.log('\n== 1. webhook intake vs bare node:http (1 alert per request, 16 connections) ==');
    for (const [index, run] of baselineRuns.entries()) console.log(describeLoad(`baseline run ${index + 1}`, run));
    for (const [index, run] of agentRuns.entries()) console.log(describeLoad(`agent run ${index + 1}`, run));
    const ratio = bestAgent.requestsPerSecond / bestBaseline.requestsPerSecond;
    const agentErrors = agentRuns.reduce(
      (sum, run) =>
        sum +
        run.errors +
        Object.entries(run.statuses)
          .filter(([status]) => status !== '200')
          .reduce((count, [, n]) => count + n, 0),
      0,
    );
    checks.push({
      name: 'intake throughput / baseline',
      value: `${format(ratio, 2)}×`,
      target: '≥ 0.50×',
      passed: ratio >= 0.5,
    });
    checks.push({ name: 'intake non-200 answers', value: String(agentErrors), target: '0', passed: agentErrors === 0 });

    tallies.push({ sent: 1_000 + 2 * THROUGHPUT_REQUESTS, retried: 0, tally: intakeCounters });
  }

  // 2. Overhead alert → applied action through the REAL pipeline (agent in its own process; the
  //    simulator and the instant fake model here), one alert at a time so no queueing is measured.
  if (runs('pipeline')) {
    const harness = await startPipelineHarness(scratch, PIPELINE_WORKLOADS);
    const pipeline = await spawnChild('pipeline-server.ts', scratch, {
      BENCH_KUBECONFIG: harness.kubeconfig,
      BENCH_OLLAMA_HOST: harness.ollamaUrl,
      BENCH_SIMULATOR_NOW: String(harness.now()),
    });
    pipeline.process.on('message', (message: { type?: string; id?: number; milliseconds?: number }) => {
      if (message.type !== 'advance') return;
      harness.advance(message.milliseconds ?? 0);
      pipeline.process.send({ advanced: message.id, now: harness.now() });
    });
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
    checks.push({
      name: 'pipeline overhead p99',
      value: `${overheadP99} ms`,
      target: '< 50 ms',
      passed: measuredPipeline.overheads.length === workloads && overheadP99 < 50,
    });
  }

  // 3. Two storms of 10,000 alerts (5 per payload, 500 workloads, 10% resolved), 503s retried.
  if (runs('storms')) {
    type Memory = { rss: number; heapUsed: number; peakRss: number };
    const agent = await spawnChild('agent-server.ts', scratch);
    const stormUrl = `${String(agent.ready['url'])}/webhook/alertmanager`;
    const before = await agent.call<Memory>('memory');
    await agent.call('reset-peak');
    const storms: { result: LoadResult; memory: Memory }[] = [];
    for (const phase of ['storm1', 'storm2', 'storm3']) {
      const result = await runLoad({
        url: stormUrl,
        connections: 32,
        requests: STORM_ALERTS / 5,
        retry503: true,
        body: (index) => webhookBody(index, { phase, alertsPerPayload: 5, workloads: 500, resolvedEvery: 10 }),
      });
      await agent.call('idle');
      storms.push({ result, memory: await agent.call<Memory>('memory') });
    }
    const counters = await agent.call<Counters>('counters');
    console.log('\n== 3. three 10,000-alert storms (5 alerts/payload, 500 workloads, 32 connections, cooldown 0) ==');
    for (const [index, storm] of storms.entries()) {
      console.log(`${describeLoad(`storm ${index + 1}`, storm.result)}  503-retries ${storm.result.retries}`);
      console.log(
        `  after storm ${index + 1}: rss ${format(storm.memory.rss / MB)} MB, heap ${format(storm.memory.heapUsed / MB)} MB`,
      );
    }
    const peak = storms[2]!.memory.peakRss;
    console.log(
      `before storms: rss ${format(before.rss / MB)} MB, heap ${format(before.heapUsed / MB)} MB; peak rss during storms ${format(peak / MB)} MB`,
    );
    console.log(
      `dispositions ${JSON.stringify(counters.byDisposition)}, ledger lines ${counters.ledgerLines}, incidents in memory ${counters.incidents}`,
    );
    checks.push({
      name: 'peak RSS during storms',
      value: `${format(peak / MB)} MB`,
      target: '< 200 MB',
      passed: peak < 200 * MB,
    });
    // Storm 1 fills the bounded structures (retained incidents, dedupe window, runbooks); another
    // storm after that must not grow memory.
    const heapGrowth = storms[2]!.memory.heapUsed - storms[1]!.memory.heapUsed;
    checks.push({
      name: 'heap growth storm 2 → 3',
      value: `${format(heapGrowth / MB)} MB`,
      target: '< 5 MB',
      passed: heapGrowth < 5 * MB,
    });
    const rssGrowth = storms[2]!.memory.rss - storms[1]!.memory.rss;
    checks.push({
      name: 'RSS growth storm 2 → 3',
      value: `${format(rssGrowth / MB)} MB`,
      target: '< 10 MB',
      passed: rssGrowth < 10 * MB,
    });
    tallies.push({
      sent: 3 * STORM_ALERTS,
      retried: storms.reduce((sum, storm) => sum + storm.result.retries * 5, 0),
      tally: counters,
    });
    await agent.call('stop');
  }
  // Every alert sent has exactly one final disposition (handled or deduplicated); `rejected` counts
  // the alerts of 503'd payloads, each of which was retried until accepted.
  let lost = 0;
  let ledgerMismatch = 0;
  for (const { sent, retried, tally } of tallies) {
    const { handled = 0, deduplicated = 0, rejected = 0 } = tally.byDisposition;
    lost += sent - handled - deduplicated;
    if (rejected !== retried) lost += Math.abs(rejected - retried);
    ledgerMismatch += Math.abs(tally.ledgerLines - (handled + deduplicated + rejected));
  }
  checks.push({ name: 'alerts lost', value: String(lost), target: '0', passed: lost === 0 });
  checks.push({
    name: 'alerts without a ledger line',
    value: String(ledgerMismatch),
    target: '0',
    passed: ledgerMismatch === 0,
  });
  await rm(scratch, { recursive: true, force: true });

  console.log('\n== targets ==');
  for (const check of checks) {
    console.log(
      `${check.passed ? 'PASS' : 'FAIL'}  ${check.name.padEnd(30)} ${check.value.padStart(16)}   target ${check.target}`,
    );
  }
  return checks.every((check) => check.passed) ? 0 : 1;
}

process.exitCode = await main();
