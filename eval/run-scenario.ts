/**
 * Runs one scenario through the real incident pipeline: a fresh Kubernetes API simulator (manual
 * clock) behind the real client-node adapter, fake Prometheus and Loki answering from it, and a
 * reasoner — none (rules), the fake Ollama replaying the scenario's recorded replies, or a live
 * Ollama. Records the incident as it ended, every write the API server accepted, and wall time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import { AGENT_HTTP } from '../catalog/agent-contract.js';
import { startAgent } from '../agent/app.js';
import { createKubernetesCluster } from '../agent/adapters/kubernetes/kubernetes-cluster.js';
import { createOllamaReasoner } from '../agent/adapters/ollama/ollama-reasoner.js';
import { parseConfig } from '../agent/config/config.js';
import type { Incident } from '../agent/domain/incident.js';
import { createDefaultWorkflow } from '../agent/wiring.js';
import type { Clock } from '../agent/ports/clock.js';
import type { Reasoner } from '../agent/ports/reasoner.js';
import { makeDeployment, startKubernetesSimulator, type SimulatedCluster } from '../simulator/kubernetes/index.js';
import {
  simulatorLogs,
  simulatorMetrics,
  startFakeLoki,
  startFakeOllama,
  startFakePrometheus,
  type FakeOllama,
} from '../simulator/fakes/index.js';
import { ALLOWED_NAMESPACE } from './scenarios/builders.js';
import type { EvalScenario, WorldStep } from './scenario.js';
import { scenarioPayload, unopenedIncident } from './scenario-payload.js';

/** How the scenario is reasoned about. */
export type EvalMode =
  | { readonly kind: 'rules' }
  | { readonly kind: 'replayed-model' }
  | { readonly kind: 'live-model'; readonly host: string; readonly model: string };

export interface ObservedWrite {
  readonly method: string;
  readonly path: string;
}

export interface ScenarioRun {
  /** The incident the agent opened for the scenario's (first) alert. */
  readonly incident: Incident;
  /** Incidents opened for the notification's other alerts (another workload's group). */
  readonly others: readonly Incident[];
  readonly writes: readonly ObservedWrite[];
  readonly wallMilliseconds: number;
  /** Model requests made for the notification's incidents (attempts of every specialist and director call). */
  readonly modelCalls: number;
  /** Set when the webhook refused the notification or no incident was opened for its alert. */
  readonly crash?: string;
}

const START = Date.parse('2026-11-24T10:00:00Z');
/** Tokens of the per-scenario agent (loopback only, gone with the scenario). */
const EVAL_TOKEN = 'eval-webhook-token-0123456789abcdef';
const EVAL_READ_TOKEN = 'eval-read-token-0123456789abcdef';

function build(cluster: SimulatedCluster, step: WorldStep): void {
  switch (step.kind) {
    case 'deploy': {
      const { workload } = step;
      cluster.applyDeployment(
        makeDeployment({
          namespace: workload.namespace ?? ALLOWED_NAMESPACE,
          name: workload.name,
          image: workload.image ?? `${workload.name}:v1`,
          replicas: workload.replicas ?? 2,
          ...(workload.cpu ? { cpu: workload.cpu } : {}),
        }),
      );
      cluster.advance(30);
      return;
    }
    case 'release': {
      const current = cluster.getDeployment(step.namespace ?? ALLOWED_NAMESPACE, step.name);
      const container = current?.spec.template.spec.containers[0];
      if (!current || !container) throw new Error(`world: Deployment ${step.name} must be deployed before a release`);
      const next = structuredClone(current);
      (next.spec.template.spec.containers[0] as typeof container).image = step.image;
      cluster.applyDeployment(next);
      return;
    }
    case 'fault':
      cluster.injectFault(step.fault);
      return;
    case 'kill-pod': {
      const pod = cluster
        .podsOf(ALLOWED_NAMESPACE, step.name)
        .map((item) => item.metadata.name)
        .sort()[0];
      if (pod === undefined) throw new Error(`world: no pod of ${step.name} to kill`);
      cluster.killPod(ALLOWED_NAMESPACE, pod);
      return;
    }
    case 'advance':
      cluster.advance(step.seconds);
      return;
    case 'pause': {
      const current = cluster.getDeployment(ALLOWED_NAMESPACE, step.name);
      if (!current) throw new Error(`world: Deployment ${step.name} must be deployed before a pause`);
      cluster.applyDeployment({ ...structuredClone(current), spec: { ...current.spec, paused: true } });
      return;
    }
    case 'autoscaler': {
      const current = cluster.getDeployment(ALLOWED_NAMESPACE, step.target);
      cluster.applyAutoscaler({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: step.name, namespace: ALLOWED_NAMESPACE },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: step.target },
          minReplicas: step.minReplicas,
          maxReplicas: step.maxReplicas,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          ],
        },
        status: { currentReplicas: current?.spec.replicas ?? 0, desiredReplicas: step.maxReplicas },
      });
      return;
    }
    case 'series':
      return; // answered by the fake Prometheus (runEvalScenario)
  }
}

/** Model requests recorded in the incident's timeline (each call's attempts). */
function modelCallsOf(incident: Incident): number {
  return incident.timeline
    .filter((entry) => entry.event === 'model-consulted' || entry.event === 'model-failed')
    .reduce((sum, entry) => sum + (typeof entry.data?.['attempts'] === 'number' ? entry.data['attempts'] : 1), 0);
}

async function replayedOllama(scenario: EvalScenario): Promise<FakeOllama> {
  const script = scenario.model;
  if (!script) throw new Error(`scenario ${scenario.id} has no recorded model replies`);
  const director = script.director;
  return startFakeOllama({
    replies: [
      ...(script.specialist
        ? [{ match: { formatHasProperties: ['specialist'] }, reply: { content: script.specialist } }]
        : []),
      typeof director === 'string'
        ? { match: { formatHasProperties: ['action'] }, reply: { content: director }, conformToFormat: false }
        : { match: { formatHasProperties: ['action'] }, reply: { content: director }, conformToFormat: false },
    ],
  });
}

export async function runEvalScenario(scenario: EvalScenario, mode: EvalMode, seed = 11): Promise<ScenarioRun> {
  const simulator = await startKubernetesSimulator({
    seed,
    startTime: START - 3_600_000,
    nodes: ['node-a', 'node-b'],
    // Controller steps of 1 s instead of 250 ms: 4x less work, the same outcomes at these time scales.
    stepMilliseconds: 1_000,
  });
  const closers: (() => Promise<void>)[] = [() => simulator.close()];
  try {
    const cluster = simulator.cluster;
    for (const step of scenario.world) build(cluster, step);
    cluster.advanceMilliseconds(Math.max(0, START - cluster.clock.now()));
    const prometheus = await startFakePrometheus({
      resolvers: [simulatorMetrics(cluster)],
      now: () => cluster.clock.now() / 1000,
    });
    closers.push(() => prometheus.close());
    for (const step of scenario.world) {
      if (step.kind !== 'series') continue;
      prometheus.set(
        new RegExp(step.query),
        step.samples.map((sample) => ({ ...sample, metric: { ...sample.metric } })),
      );
    }
    const loki = await startFakeLoki({ sources: [simulatorLogs(cluster)], now: () => cluster.clock.now() });
    closers.push(() => loki.close());
    let reasoner: Reasoner | null = null;
    if (mode.kind === 'replayed-model') {
      const ollama = await replayedOllama(scenario);
      closers.push(() => ollama.close());
      reasoner = createOllamaReasoner({ host: ollama.url, model: 'qwen2.5:7b-instruct' });
    } else if (mode.kind === 'live-model') {
      reasoner = createOllamaReasoner({ host: mode.host, model: mode.model });
    }
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromString(simulator.kubeConfigYaml());
    const clock: Clock = {
      now: () => new Date(cluster.clock.now()),
      sleep: (milliseconds) => {
        cluster.advanceMilliseconds(milliseconds);
        return Promise.resolve();
      },
    };
    // The agent as production builds it (startAgent: journal, intake, queue, scheduler, HTTP server,
    // reports); eval substitutes its cluster client, its reasoner and its clock, and shortens the
    // verification windows. The scenario's notification enters through the authenticated webhook.
    const data = await mkdtemp(join(tmpdir(), 'ai4all-eval-'));
    closers.push(() => rm(data, { recursive: true, force: true }));
    const config = parseConfig(
      {
        KUBECONFIG: 'simulator',
        PROMETHEUS_URL: prometheus.url,
        LOKI_URL: loki.url,
        AGENT_MODE: 'autonomous',
        AGENT_NAMESPACES: ALLOWED_NAMESPACE,
        AGENT_WEBHOOK_TOKEN: EVAL_TOKEN,
        AGENT_READ_TOKEN: EVAL_READ_TOKEN,
        AGENT_LISTEN_HOST: '127.0.0.1',
        AGENT_PORT: '0',
        AGENT_DATA_DIR: data,
        AGENT_LEADER_ELECTION: 'off',
      },
      { fileExists: () => true },
    );
    const agent = await startAgent(config, {
      kubeConfig,
      logger: pino({ level: 'silent' }),
      reportPublisher: null,
      now: () => clock.now(),
      workflow: (context) =>
        createDefaultWorkflow(context, {
          clock,
          adapters: {
            cluster: createKubernetesCluster(kubeConfig, { requestTimeoutMilliseconds: 5_000 }),
            reasoner,
            ...(scenario.withoutPrometheus ? { metricsQuery: null } : {}),
          },
          config: {
            rollout: { deadlineMilliseconds: 300_000, pollMilliseconds: 2_000 },
            verification: {
              settleMilliseconds: 15_000,
              windowMilliseconds: 180_000,
              intervalMilliseconds: 10_000,
              stableMilliseconds: 30_000,
            },
            evidence: { timeoutMilliseconds: 5_000 },
            model:
              mode.kind === 'live-model'
                ? { timeoutMilliseconds: 120_000, retries: 1 }
                : { timeoutMilliseconds: 5_000, retries: 0, retryBackoffMilliseconds: 0 },
          },
        }),
    });
    closers.push(() => agent.close());
    const writesBefore = cluster.writes().length;
    const payload = scenarioPayload(scenario, cluster, new Date(START).toISOString());
    const started = performance.now();
    let crash: string | undefined;
    const response = await fetch(`${agent.url}${AGENT_HTTP.webhookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EVAL_TOKEN}` },
      body: JSON.stringify(payload),
    });
    if (!response.ok) crash = `the webhook answered ${response.status}: ${(await response.text()).slice(0, 300)}`;
    await agent.idle();
    const wallMilliseconds = performance.now() - started;
    const incidents = agent.store.list();
    const first = payload.alerts[0]?.fingerprint;
    const incident = incidents.find((candidate) => candidate.alerts.some((alert) => alert.fingerprint === first));
    if (incident === undefined && crash === undefined) crash = "no incident was opened for the scenario's alert";
    const writes = cluster
      .writes()
      .slice(writesBefore)
      .filter((record) => record.status >= 200 && record.status < 300)
      .map((record) => ({ method: record.method, path: record.path }));
    const others = incidents.filter((candidate) => candidate !== incident);
    return {
      incident: incident ?? unopenedIncident(`eval-${scenario.id}`, payload),
      others,
      writes,
      wallMilliseconds,
      modelCalls: [incident, ...others].reduce((sum, item) => sum + (item ? modelCallsOf(item) : 0), 0),
      ...(crash === undefined ? {} : { crash }),
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}
