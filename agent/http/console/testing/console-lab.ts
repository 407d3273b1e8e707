/**
 * The agent on the simulator for the console's browser tests: the demo's lab (the real agent,
 * real client-node, real pipeline) in approval or dry-run mode, a bad release of checkout, and a
 * driver that moves simulated time until a condition holds (alerts evaluated every 15 s).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Incident } from '../../../domain/incident.js';
import { startDemoLab, type DemoLab } from '../../../../demo/lab.js';
import { DEMO_SCENARIOS } from '../../../../demo/scenarios.js';
import { SHOP_NAMESPACE } from '../../../../demo/shop.js';

export const TARGET = 'checkoutservice';
const EVALUATION_MILLISECONDS = 15_000;

export interface ConsoleLab {
  readonly lab: DemoLab;
  readonly url: string;
  /** Successful writes to the API server since the lab started (the simulator's write log). */
  writes(): { method: string; path: string }[];
  /** Runs simulated time until `done` holds (or throws after `maxSeconds` simulated seconds). */
  until(done: () => boolean, maxSeconds?: number): Promise<void>;
  incidents(): Incident[];
  close(): Promise<void>;
}

export async function startConsoleLab(mode: 'approval' | 'dry-run'): Promise<ConsoleLab> {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'ai4all-console-lab-'));
  const lab = await startDemoLab({ seed: 1, dataDirectory, model: null, mode });
  const writesBefore = lab.simulator.cluster.writes().length;
  let nextEvaluation = lab.time.now() + EVALUATION_MILLISECONDS;
  const until = async (done: () => boolean, maxSeconds = 900) => {
    const deadline = lab.time.now() + maxSeconds * 1000;
    for (;;) {
      await lab.time.settle(60_000);
      if (done()) return;
      if (lab.time.now() >= deadline) throw new Error(`not reached within ${maxSeconds} simulated seconds`);
      await lab.time.advance(Math.min(nextEvaluation, lab.time.nextWake() ?? Number.POSITIVE_INFINITY));
      if (lab.time.now() >= nextEvaluation) {
        nextEvaluation += EVALUATION_MILLISECONDS;
        await lab.alerts.evaluate(lab.time.now());
      }
    }
  };
  return {
    lab,
    url: `${lab.agent.url}/console/`,
    writes: () =>
      lab.simulator.cluster
        .writes()
        .slice(writesBefore)
        .filter((write) => write.status >= 200 && write.status < 300)
        .map((write) => ({ method: write.method, path: write.path })),
    until,
    incidents: () => lab.agent.store.list(),
    close: async () => {
      await lab.close();
      await rm(dataDirectory, { recursive: true, force: true });
    },
  };
}

/** The demo's bad release of checkout: its crash-loop fault and its image. */
function badRelease() {
  const scenario = DEMO_SCENARIOS.find((item) => item.id === 'bad-rollout');
  const injected = scenario?.steps.find((step) => step.kind === 'inject');
  const released = scenario?.steps.find((step) => step.kind === 'release');
  if (injected?.kind !== 'inject' || released?.kind !== 'release')
    throw new Error('demo scenario bad-rollout changed: update the console lab');
  return { fault: injected.fault, image: released.image };
}

/** A release of checkout whose container exits at start (the demo's bad-rollout scenario). */
export function breakCheckout(lab: DemoLab): void {
  const cluster = lab.simulator.cluster;
  const current = cluster.getDeployment(SHOP_NAMESPACE, TARGET);
  if (!current) throw new Error(`${TARGET} is missing`);
  const scenario = badRelease();
  cluster.injectFault(scenario.fault);
  const next = structuredClone(current);
  const container = next.spec.template.spec.containers[0];
  if (!container) throw new Error(`${TARGET} has no container`);
  container.image = scenario.image;
  cluster.applyDeployment(next);
}
