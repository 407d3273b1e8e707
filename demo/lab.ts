/**
 * The demo's lab on 127.0.0.1: the Kubernetes API simulator with the shop, fake Prometheus and Loki
 * answering from it, the agent (real client-node, real pipeline, autonomous in the shop namespace
 * only) and an alert engine that posts real Alertmanager webhooks to it. Ollama is used when the
 * caller found it reachable; otherwise the rule engine decides.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { AGENT_HTTP } from '../catalog/agent-contract.js';
import { startAgent, type RunningAgent } from '../agent/app.js';
import { parseConfig } from '../agent/config/config.js';
import { startKubernetesSimulator, type KubernetesSimulator } from '../simulator/kubernetes/index.js';
import {
  AlertEngine,
  simulatorLogs,
  simulatorMetrics,
  startFakeLoki,
  startFakePrometheus,
  type FakeLoki,
  type FakePrometheus,
} from '../simulator/fakes/index.js';
import { createDefaultWorkflow } from '../agent/wiring.js';
import { demoAlertRules } from './alert-rules.js';
import { SHOP_NAMESPACE, SHOP_SERVICES, deployShop, shopHealthy } from './shop.js';
import { prepareDataDirectory } from './data-directory.js';
import { SimulatedTime, type Pace } from './simulated-time.js';

export interface ModelChoice {
  readonly host: string;
  readonly model: string;
}

export interface LabOptions {
  readonly seed: number;
  /** Agent data: incident journal, post-mortems, runbooks, the agent's log. Emptied first, only if the demo created it. */
  readonly dataDirectory: string;
  /** Ollama to reason with, or null for the rule engine. */
  readonly model: ModelChoice | null;
  /** Simulated start time (ms). */
  readonly startTime?: number;
  /** Simulated time against wall time; unpaced by default. */
  readonly pace?: Pace;
  /**
   * Agent mode; autonomous by default (dry-run shows what it would do and writes nothing; approval
   * waits for a human, as the console's browser tests need).
   */
  readonly mode?: 'autonomous' | 'dry-run' | 'approval';
}

export interface DemoLab {
  readonly simulator: KubernetesSimulator;
  readonly time: SimulatedTime;
  readonly agent: RunningAgent;
  readonly alerts: AlertEngine;
  /** The agent's bearer token (for the console's sign-in in the browser tests). */
  readonly token: string;
  readonly dataDirectory: string;
  readonly agentLogPath: string;
  close(): Promise<void>;
}

const START_TIME = Date.parse('2026-11-24T09:00:00Z');

function cpuLimits(): Record<string, number> {
  return Object.fromEntries(
    SHOP_SERVICES.map((service) => [service.name, Number(service.cpu.replace(/m$/, '')) / 1000]),
  );
}

export async function startDemoLab(options: LabOptions): Promise<DemoLab> {
  await prepareDataDirectory(options.dataDirectory);
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.splice(0).reverse()) await closer().catch(() => undefined);
  };
  try {
    const simulator = await startKubernetesSimulator({
      seed: options.seed,
      startTime: options.startTime ?? START_TIME,
      nodes: ['lab-node-1', 'lab-node-2'],
    });
    closers.push(() => simulator.close());
    const time = new SimulatedTime(simulator.cluster, options.pace);
    deployShop(simulator.cluster);
    simulator.cluster.advanceUntil((cluster) => shopHealthy(cluster), 600, 'the shop to become ready');

    const prometheus: FakePrometheus = await startFakePrometheus({
      resolvers: [simulatorMetrics(simulator.cluster)],
      now: () => time.now() / 1000,
    });
    closers.push(() => prometheus.close());
    const loki: FakeLoki = await startFakeLoki({ sources: [simulatorLogs(simulator.cluster)], now: () => time.now() });
    closers.push(() => loki.close());

    const kubeconfigPath = join(options.dataDirectory, 'kubeconfig.yaml');
    await simulator.writeKubeConfig(kubeconfigPath);
    const token = randomBytes(24).toString('hex');
    const config = parseConfig(
      {
        KUBECONFIG: kubeconfigPath,
        OLLAMA_HOST: options.model?.host,
        OLLAMA_MODEL: options.model?.model,
        PROMETHEUS_URL: prometheus.url,
        LOKI_URL: loki.url,
        AGENT_PORT: '0',
        AGENT_LISTEN_HOST: '127.0.0.1',
        AGENT_DATA_DIR: join(options.dataDirectory, 'agent'),
        AGENT_MODE: options.mode ?? 'autonomous',
        AGENT_NAMESPACES: SHOP_NAMESPACE,
        AGENT_WEBHOOK_TOKEN: token,
        AGENT_LEADER_ELECTION: 'off',
        AGENT_LOG_LEVEL: 'info',
      },
      { fileExists: () => true },
    );
    const agentLogPath = join(options.dataDirectory, 'agent.log');
    const logger = pino({ level: 'info' }, pino.destination({ dest: agentLogPath, sync: true, mkdir: true }));
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(simulator.kubeConfigYaml());
    const agent = await startAgent(config, {
      kubeConfig,
      logger,
      now: () => new Date(time.now()),
      reportPublisher: null,
      stopGraceMilliseconds: 2_000,
      // The agent's own composition root; the demo only drives the clock, and without a model
      // the rules decide (the configuration always names an Ollama host).
      workflow: (context) =>
        time.track(
          createDefaultWorkflow(context, {
            clock: time.clock,
            ...(options.model ? {} : { adapters: { reasoner: null } }),
          }),
        ),
    });
    closers.push(() => agent.close());

    const alerts = new AlertEngine({
      rules: demoAlertRules(SHOP_NAMESPACE, cpuLimits()),
      resolver: simulatorMetrics(simulator.cluster),
      webhookUrl: `${agent.url}${AGENT_HTTP.webhookPath}`,
      token,
      groupBy: ['alertname', 'namespace', 'deployment'],
      receiver: 'ai4all-sre-agent',
    });
    return { simulator, time, agent, alerts, token, dataDirectory: options.dataDirectory, agentLogPath, close };
  } catch (error) {
    await close();
    throw error;
  }
}
