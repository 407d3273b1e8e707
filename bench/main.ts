/**
 * `npm run bench`: one run on 127.0.0.1, printing ratios and exiting non-zero when a target is missed.
 *   1. Webhook intake throughput/latency vs a bare node:http JSON endpoint (phase-intake.ts).
 *   2. Overhead from alert intake to the applied action through the real pipeline (phase-pipeline.ts).
 *   3. Memory during and after three 10,000-alert storms (phase-storms.ts).
 * Then: zero alerts lost (every alert has a disposition and a ledger line).
 * The servers run in child processes (children.ts); this process only generates load.
 */
import '../scripts/require-node.mjs'; // first: refuses a Node.js other than 24 before anything heavy loads
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runIntakePhase } from './phase-intake.js';
import { runPipelinePhase } from './phase-pipeline.js';
import { runStormsPhase } from './phase-storms.js';
import { alertLossChecks, printChecks, type AlertTally, type Check } from './report.js';

/** `BENCH_ONLY=intake|pipeline|storms` runs one phase (while investigating); the default runs all three. */
const ONLY = process.env['BENCH_ONLY'];
const runs = (phase: 'intake' | 'pipeline' | 'storms') => ONLY === undefined || ONLY === phase;

async function main(): Promise<number> {
  const checks: Check[] = [];
  const tallies: AlertTally[] = [];
  const scratch = await mkdtemp(join(tmpdir(), 'ai4all-bench-bundles-'));
  if (runs('intake')) {
    const intake = await runIntakePhase(scratch);
    checks.push(...intake.checks);
    tallies.push(intake.tally);
  }
  if (runs('pipeline')) checks.push(...(await runPipelinePhase(scratch)));
  if (runs('storms')) {
    const storms = await runStormsPhase(scratch);
    checks.push(...storms.checks);
    tallies.push(storms.tally);
  }
  checks.push(...alertLossChecks(tallies));
  await rm(scratch, { recursive: true, force: true });
  printChecks(checks);
  return checks.every((check) => check.passed) ? 0 : 1;
}

process.exitCode = await main();
