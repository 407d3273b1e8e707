/**
 * The whole demo: one lab, the chosen scenarios one after another (the shop is reset between
 * them), each judged against its expectation. Returns the results; printing is the caller's.
 */
import { startDemoLab, type DemoLab, type ModelChoice } from './lab.js';
import {
  EVALUATION_INTERVAL_MILLISECONDS,
  runScenario,
  type ProgressListener,
  type TickListener,
} from './run-scenario.js';
import type { DemoScenario } from './scenarios.js';
import { SHOP_NAMESPACE, SHOP_SERVICES, deployShop, shopHealthy } from './shop.js';
import { judge, type ScenarioResult } from './verdict.js';

export interface DemoOptions {
  readonly seed: number;
  readonly scenarios: readonly DemoScenario[];
  readonly dataDirectory: string;
  readonly model: ModelChoice | null;
  /** Simulated seconds per wall second; 0 or absent = as fast as the agent allows. */
  readonly speed?: number;
  /** The agent's mode; autonomous unless said otherwise. */
  readonly mode?: 'autonomous' | 'dry-run';
  readonly onScenarioStart?: (scenario: DemoScenario, index: number) => void;
  readonly onProgress?: ProgressListener;
  readonly onTick?: TickListener;
  readonly settleTimeoutMilliseconds?: number;
  /** Stops between scenarios (Ctrl-C); the current one finishes unpaced. */
  readonly signal?: AbortSignal;
}

export interface DemoRun {
  readonly results: readonly ScenarioResult[];
  readonly dataDirectory: string;
  readonly agentLogPath: string;
  readonly interrupted: boolean;
  /** Simulated seconds the whole run took (start-up excluded). */
  readonly simulatedSeconds: number;
}

/**
 * Puts the shop back as it ships: faults cleared, every Deployment re-applied with its original
 * spec, then time runs (alerts evaluated, so resolutions are delivered) until it is healthy and
 * quiet. The demo's own changes go straight to the simulator, so they are never counted as the
 * agent's writes.
 */
async function resetShop(lab: DemoLab, nextEvaluation: { at: number }): Promise<void> {
  const cluster = lab.simulator.cluster;
  cluster.clearFaults();
  deployShop(cluster);
  const deadline = lab.time.now() + 900_000;
  for (;;) {
    await lab.time.settle(60_000);
    const quiet = lab.alerts.firing().every((labels) => labels['namespace'] !== SHOP_NAMESPACE);
    if (shopHealthy(cluster) && quiet && lab.time.running === 0) return;
    if (lab.time.now() >= deadline) {
      const services = SHOP_SERVICES.filter((service) => !shopHealthy(cluster, service.name)).map(
        (service) => service.name,
      );
      throw new Error(
        `the shop did not return to healthy within 900 simulated seconds (unhealthy: ${services.join(', ') || 'none'}, alerts firing)`,
      );
    }
    await lab.time.advance(Math.min(nextEvaluation.at, lab.time.nextWake() ?? Number.POSITIVE_INFINITY));
    if (lab.time.now() >= nextEvaluation.at) {
      nextEvaluation.at += EVALUATION_INTERVAL_MILLISECONDS;
      await lab.alerts.evaluate(lab.time.now());
    }
  }
}

export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const lab = await startDemoLab({
    seed: options.seed,
    dataDirectory: options.dataDirectory,
    model: options.model,
    pace: { speed: options.speed ?? 0, ...(options.signal ? { signal: options.signal } : {}) },
    ...(options.mode ? { mode: options.mode } : {}),
  });
  const results: ScenarioResult[] = [];
  let interrupted = false;
  const startedAt = lab.time.now();
  let endedAt: number;
  try {
    const nextEvaluation = { at: lab.time.now() + EVALUATION_INTERVAL_MILLISECONDS };
    for (const [index, scenario] of options.scenarios.entries()) {
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      if (index > 0) await resetShop(lab, nextEvaluation);
      options.onScenarioStart?.(scenario, index);
      const observation = await runScenario(lab, scenario, nextEvaluation, {
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.onTick ? { onTick: options.onTick } : {}),
        ...(options.settleTimeoutMilliseconds ? { settleTimeoutMilliseconds: options.settleTimeoutMilliseconds } : {}),
      });
      results.push(judge(observation));
    }
    endedAt = lab.time.now();
  } finally {
    await lab.close();
  }
  return {
    results,
    dataDirectory: lab.dataDirectory,
    agentLogPath: lab.agentLogPath,
    interrupted,
    simulatedSeconds: Math.round((endedAt - startedAt) / 1000),
  };
}

/** The process exit status: 0 all as expected, 1 a scenario ended wrong, 130 interrupted. */
export function exitCodeFor(run: Pick<DemoRun, 'results' | 'interrupted'>): number {
  if (run.interrupted) return 130;
  return run.results.every((result) => result.passed) ? 0 : 1;
}
