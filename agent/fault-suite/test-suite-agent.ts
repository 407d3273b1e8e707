/**
 * The agent as production runs it (configuration parsed from an environment, the real Kubernetes
 * client against the API simulator, the real pipeline, journal, reports, HTTP) for the fault and
 * abuse suite; only the pipeline's clock drives the simulator's time. No model: OLLAMA_HOST points
 * at a closed port, so the rule engine decides.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startAgent, type RunningAgent } from '../app.js';
import { parseConfig } from '../config/config.js';
import type { Clock } from '../ports/clock.js';
import { createDefaultWorkflow } from '../wiring.js';
import { makeAlert, makeWebhook } from '../../simulator/fakes/index.js';
import {
  makeDeployment,
  startKubernetesSimulator,
  type KubernetesSimulator,
} from '../../simulator/kubernetes/index.js';

/** Pipeline timings short enough for simulated minutes (the suite's agents and its kill -9 child share them). */
export const FAULT_SUITE_WORKFLOW = {
  rollout: { deadlineMilliseconds: 120_000, pollMilliseconds: 2_000 },
  verification: {
    settleMilliseconds: 5_000,
    windowMilliseconds: 60_000,
    intervalMilliseconds: 5_000,
    stableMilliseconds: 20_000,
  },
  model: { timeoutMilliseconds: 500, retries: 0 },
} as const;

export const SUITE_TOKEN = 'fault-suite-webhook-token-0123456789';
export const SUITE_READ_TOKEN = 'fault-suite-read-token-0123456789';
export const NAMESPACE = 'online-boutique';

export interface SuiteLab {
  readonly simulator: KubernetesSimulator;
  readonly scratch: string;
  /** Successful writes to Deployments (what really changed in the cluster). */
  deploymentWrites(): { method: string; path: string }[];
}

export async function startSuiteLab(): Promise<SuiteLab> {
  const scratch = await mkdtemp(join(tmpdir(), 'ai4all-fault-suite-'));
  const simulator = await startKubernetesSimulator({ seed: 11, startTime: Date.parse('2026-11-24T10:00:00Z') });
  await simulator.writeKubeConfig(join(scratch, 'kubeconfig'));
  for (const name of ['cartservice', 'frontend']) {
    simulator.cluster.applyDeployment(makeDeployment({ namespace: NAMESPACE, name, image: `${name}:v1`, replicas: 2 }));
  }
  simulator.cluster.applyDeployment(
    makeDeployment({ namespace: 'kube-system', name: 'coredns', image: 'coredns:1', replicas: 2 }),
  );
  simulator.cluster.advance(30);
  return {
    simulator,
    scratch,
    deploymentWrites: () =>
      simulator.cluster
        .writes()
        .filter((write) => write.status >= 200 && write.status < 300 && write.path.includes('/deployments/'))
        .map(({ method, path }) => ({ method, path })),
  };
}

export async function startSuiteAgent(
  lab: SuiteLab,
  options: { mode?: 'autonomous' | 'approval'; dataDirectory?: string; environment?: Record<string, string> } = {},
): Promise<RunningAgent> {
  const config = parseConfig(
    {
      KUBECONFIG: join(lab.scratch, 'kubeconfig'),
      OLLAMA_HOST: 'http://127.0.0.1:9',
      AGENT_PORT: '0',
      AGENT_DATA_DIR: options.dataDirectory ?? join(lab.scratch, 'data'),
      AGENT_WEBHOOK_TOKEN: SUITE_TOKEN,
      AGENT_READ_TOKEN: SUITE_READ_TOKEN,
      AGENT_MODE: options.mode ?? 'approval',
      AGENT_NAMESPACES: NAMESPACE,
      AGENT_LEADER_ELECTION: 'off',
      AGENT_MODEL_TIMEOUT_SECONDS: '1',
      ...options.environment,
    },
    { fileExists: () => true },
  );
  const clock: Clock = {
    now: () => new Date(lab.simulator.cluster.clock.now()),
    sleep: (milliseconds) => {
      lab.simulator.cluster.advanceMilliseconds(milliseconds);
      return Promise.resolve();
    },
  };
  return startAgent(config, {
    logger: pino({ level: 'silent' }),
    stopGraceMilliseconds: 500,
    workflow: (context) => createDefaultWorkflow(context, { clock, config: FAULT_SUITE_WORKFLOW }),
  });
}

/** Posts Alertmanager's notification of KubeDeploymentRolloutStuck for the suite's cartservice. */
export function postRolloutStuck(url: string, startsAt: string, token = SUITE_TOKEN): Promise<Response> {
  const payload = makeWebhook([
    makeAlert({
      labels: {
        alertname: 'KubeDeploymentRolloutStuck',
        namespace: NAMESPACE,
        deployment: 'cartservice',
        severity: 'critical',
      },
      annotations: { summary: 'rollout stuck' },
      startsAt,
    }),
  ]);
  return fetch(`${url}/webhook/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(payload),
  });
}
