/**
 * Test support for the pipeline's integration tests (imported by *.test.ts only): a simulated
 * cluster behind the real Kubernetes adapter, a Clock that drives the simulator's time, incident
 * and alert builders, and a recording `persist`.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { AlertSummary, Incident } from '../../domain/incident.js';
import { createKubernetesCluster } from '../../adapters/kubernetes/kubernetes-cluster.js';
import {
  makeDeployment,
  startKubernetesSimulator,
  type KubernetesSimulator,
} from '../../../simulator/kubernetes/index.js';
import type { Clock } from '../../ports/clock.js';
import type { Cluster } from '../../ports/cluster.js';
import { openIncident } from '../intake/open-incident.js';
import { historyFromIncidents } from './action-history.js';
import { createWorkflowConfig, type WorkflowConfigInput } from './config.js';
import { createIncidentWorkflow, type IncidentWorkflow, type WorkflowDependencies } from './workflow.js';

export const NAMESPACE = 'online-boutique';

export interface Harness {
  readonly simulator: KubernetesSimulator;
  readonly cluster: Cluster;
  readonly clock: Clock;
  /** Every snapshot persisted, in order, with the number of successful writes at that moment. */
  readonly persisted: { incident: Incident; writesSoFar: number }[];
  readonly stored: Map<string, Incident>;
  readonly persist: (incident: Incident) => Promise<void>;
  workflow(
    overrides?: Partial<Omit<WorkflowDependencies, 'config'>> & { config?: Partial<WorkflowConfigInput> },
  ): IncidentWorkflow;
  /** Successful writes to the API (method + path). */
  writes(): { method: string; path: string; contentType: string | undefined; body: unknown }[];
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const simulator = await startKubernetesSimulator({ seed: 7, startTime: Date.parse('2026-11-24T10:00:00Z') });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(simulator.kubeConfigYaml());
  const cluster = createKubernetesCluster(kubeConfig, { requestTimeoutMilliseconds: 1500 });
  const clock: Clock = {
    now: () => new Date(simulator.cluster.clock.now()),
    sleep: (milliseconds) => {
      simulator.cluster.advanceMilliseconds(milliseconds);
      return Promise.resolve();
    },
  };
  const persisted: Harness['persisted'] = [];
  const stored = new Map<string, Incident>();
  const writes = () =>
    simulator.cluster
      .writes()
      .filter((record) => record.status >= 200 && record.status < 300)
      .map(({ method, path, contentType, body }) => ({ method, path, contentType, body }));
  const harness: Harness = {
    simulator,
    cluster,
    clock,
    persisted,
    stored,
    persist: (incident) => {
      persisted.push({ incident: structuredClone(incident), writesSoFar: writes().length });
      stored.set(incident.id, structuredClone(incident));
      return Promise.resolve();
    },
    workflow: (overrides = {}) => {
      const { config, ...rest } = overrides;
      return createIncidentWorkflow({
        cluster,
        reasoner: null,
        metricsQuery: null,
        logQuery: null,
        history: historyFromIncidents(() => stored.values()),
        clock,
        ...rest,
        config: createWorkflowConfig({
          mode: 'autonomous',
          namespaces: [NAMESPACE],
          maxReplicas: 10,
          cooldownMilliseconds: 600_000,
          hourlyActionBudget: 6,
          rollout: { deadlineMilliseconds: 180_000, pollMilliseconds: 2_000 },
          verification: {
            settleMilliseconds: 10_000,
            windowMilliseconds: 60_000,
            intervalMilliseconds: 5_000,
            stableMilliseconds: 20_000,
          },
          evidence: { timeoutMilliseconds: 2_000 },
          model: { timeoutMilliseconds: 2_000, retries: 1, retryBackoffMilliseconds: 0 },
          ...config,
        }),
      });
    },
    writes,
    close: () => simulator.close(),
  };
  return harness;
}

/** A bad release: `name` runs v1, then v2 crash-loops and has been failing for two minutes. */
export function badRollout(harness: Harness, name = 'cartservice'): void {
  deploy(harness, name, `${name}:v1`);
  harness.simulator.cluster.injectFault({ kind: 'crash-loop', match: { namespace: NAMESPACE, image: `${name}:v2` } });
  deploy(harness, name, `${name}:v2`);
  harness.simulator.cluster.advance(120);
}

/** Deploys `name` with `replicas` and lets it become ready. */
export function deploy(harness: Harness, name: string, image: string, replicas = 3): void {
  harness.simulator.cluster.applyDeployment(makeDeployment({ namespace: NAMESPACE, name, image, replicas }));
  harness.simulator.cluster.advance(30);
}

export function alert(
  labels: Record<string, string>,
  options: { status?: 'firing' | 'resolved'; annotations?: Record<string, string>; expr?: string } = {},
): AlertSummary {
  return {
    fingerprint: `fp-${Object.values(labels).join('-')}`,
    alertname: labels['alertname'] ?? 'TestAlert',
    severity: 'critical',
    status: options.status ?? 'firing',
    startsAt: '2026-11-24T10:00:00Z',
    labels,
    annotations: options.annotations ?? { summary: 'something is wrong' },
    ...(options.expr
      ? { generatorURL: `http://prometheus:9090/graph?g0.expr=${encodeURIComponent(options.expr)}&g0.tab=1` }
      : {}),
  };
}

let counter = 0;
/** An incident opened from its first alert the way the webhook intake opens one; later alerts joined. */
export function incidentFor(alerts: readonly AlertSummary[]): Incident {
  counter += 1;
  const [first, ...rest] = alerts;
  if (!first) throw new Error('incidentFor needs at least one alert');
  const opened = openIncident({ id: `inc-${counter}`, at: '2026-11-24T10:00:00.000Z', alert: first });
  return { ...opened, alerts: [first, ...rest] };
}

export const events = (incident: Incident) => incident.timeline.map((entry) => entry.event);
