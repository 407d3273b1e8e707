/**
 * Phase 1: webhook intake throughput and latency against a bare node:http JSON endpoint, with the
 * agent's default configuration (cooldown 600 s: a workload's first alert opens a journaled
 * incident, its later alerts are grouped or cooled down). Baseline and agent alternate twice and
 * the best of each counts (the host is shared). Target: at least half the baseline's throughput.
 */
import { spawnChild } from './children.js';
import { webhookBody } from './alert-bodies.js';
import { runLoad, type LoadResult } from './load-generator.js';
import { describeLoad, format, type AlertTally, type Check, type Counters } from './report.js';

const THROUGHPUT_REQUESTS = Number(process.env['BENCH_REQUESTS'] ?? 10_000);
const CONNECTIONS = 16;

const throughputBody = (phase: string) => (index: number) =>
  webhookBody(index, { phase, alertsPerPayload: 1, workloads: 200 });

export async function runIntakePhase(scratch: string): Promise<{ checks: Check[]; tally: AlertTally }> {
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
  const measure = (url: string, phase: string) =>
    runLoad({ url, connections: CONNECTIONS, requests: THROUGHPUT_REQUESTS, body: throughputBody(phase) });
  for (let round = 0; round < 2; round += 1) {
    baselineRuns.push(await measure(baselineUrl, `b${round}`));
    agentRuns.push(await measure(agentUrl, `t${round}`));
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
  return {
    checks: [
      { name: 'intake throughput / baseline', value: `${format(ratio, 2)}×`, target: '≥ 0.50×', passed: ratio >= 0.5 },
      { name: 'intake non-200 answers', value: String(agentErrors), target: '0', passed: agentErrors === 0 },
    ],
    tally: { sent: 1_000 + 2 * THROUGHPUT_REQUESTS, retried: 0, tally: intakeCounters },
  };
}
