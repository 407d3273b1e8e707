/**
 * The rule engine on realistic evidence: each fault is produced by the Kubernetes simulator and the
 * evidence is read through the real adapter (and the fake Prometheus for metrics), as in production.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKubernetesCluster } from '../../adapters/kubernetes/kubernetes-cluster.js';
import { createPrometheusQuery } from '../../adapters/prometheus/prometheus-query.js';
import type { WorkloadRef } from '../../domain/workload.js';
import { gatherEvidence } from '../evidence/gather.js';
import {
  makeDeployment,
  startKubernetesSimulator,
  type KubernetesSimulator,
} from '../../../simulator/kubernetes/index.js';
import type { Fault } from '../../../simulator/kubernetes/faults.js';
import { simulatorMetrics, startFakePrometheus, type FakePrometheus } from '../../../simulator/fakes/index.js';
import { applyRules } from './rules.js';

const NAMESPACE = 'shop';
let simulator: KubernetesSimulator;
let prometheus: FakePrometheus;

beforeEach(async () => {
  simulator = await startKubernetesSimulator({
    seed: 3,
    startTime: Date.parse('2026-11-24T09:00:00Z'),
    nodes: ['node-a', 'node-b'],
  });
  prometheus = await startFakePrometheus({ resolvers: [simulatorMetrics(simulator.cluster)] });
});
afterEach(async () => {
  await Promise.all([simulator.close(), prometheus.close()]);
});

function deploy(name: string, image: string, replicas = 2): void {
  simulator.cluster.applyDeployment(makeDeployment({ namespace: NAMESPACE, name, image, replicas }));
  simulator.cluster.advance(30);
}

async function verdictFor(name: string) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(simulator.kubeConfigYaml());
  const target: WorkloadRef = { namespace: NAMESPACE, kind: 'Deployment', name };
  const now = () => new Date(simulator.cluster.clock.now());
  const evidence = await gatherEvidence(
    {
      cluster: createKubernetesCluster(kubeConfig),
      metricsQuery: createPrometheusQuery({ url: prometheus.url }),
      logQuery: null,
      clock: { now, sleep: () => Promise.resolve() },
    },
    target,
    {
      timeoutMilliseconds: 3000,
      maxPods: 20,
      maxEvents: 40,
      maxLogPods: 3,
      logTailLines: 40,
      logBytes: 16384,
      lokiLimit: 30,
      lookbackMinutes: 30,
    },
  );
  return { verdict: applyRules({ evidence, now: now(), maxReplicas: 10 }), evidence };
}

function inject(fault: Fault, seconds = 120): void {
  simulator.cluster.injectFault(fault);
  simulator.cluster.advance(seconds);
}

describe('rule engine on simulated incidents', () => {
  it('bad rollout → rollback to the previous revision', async () => {
    deploy('cart', 'cart:v1');
    simulator.cluster.injectFault({
      kind: 'crash-loop',
      match: { namespace: NAMESPACE, image: 'cart:v2' },
      logLines: ['panic: bad config'],
    });
    deploy('cart', 'cart:v2');
    simulator.cluster.advance(90);
    const { verdict } = await verdictFor('cart');
    expect(verdict.category).toBe('bad-rollout');
    expect(verdict.action).toEqual({
      type: 'rollback',
      target: { namespace: NAMESPACE, kind: 'Deployment', name: 'cart' },
      toRevision: 1,
    });
    expect(verdict.specialists).toContain('compute');
  });

  it('image that cannot be pulled after a rollout → rollback', async () => {
    deploy('cart', 'cart:v1');
    simulator.cluster.injectFault({ kind: 'image-pull', match: { namespace: NAMESPACE, image: 'cart:v2-typo' } });
    deploy('cart', 'cart:v2-typo');
    simulator.cluster.advance(90);
    const { verdict } = await verdictFor('cart');
    expect(verdict.category).toBe('bad-rollout');
    expect(verdict.action.type).toBe('rollback');
  });

  it('OOMKilled containers → memory leak, restart', async () => {
    deploy('recs', 'recs:v1');
    inject({ kind: 'memory-leak', match: { namespace: NAMESPACE, deployment: 'recs' }, oomAfterSeconds: 20 });
    const { verdict } = await verdictFor('recs');
    expect(verdict.category).toBe('memory-leak');
    expect(verdict.action.type).toBe('restart');
  });

  it('healthy pods under CPU saturation → scale to double (within the maximum)', async () => {
    deploy('web', 'web:v1', 2);
    inject({ kind: 'cpu-saturation', namespace: NAMESPACE, deployment: 'web', demandCores: 1.8 }, 30);
    const { verdict, evidence } = await verdictFor('web');
    expect(evidence.metrics.find((metric) => metric.name === 'latency-p99-seconds')?.samples.length).toBeGreaterThan(0);
    expect(verdict.category).toBe('saturation');
    expect(verdict.action).toMatchObject({ type: 'scale', replicas: 4 });
  });

  it('errors from a failing dependency while pods stay healthy → victim, no action', async () => {
    deploy('frontend', 'frontend:v1');
    inject({ kind: 'error-rate', namespace: NAMESPACE, deployment: 'frontend', ratio: 0.4 }, 60);
    const { verdict } = await verdictFor('frontend');
    expect(verdict.category).toBe('dependency-failure');
    expect(verdict.action.type).toBe('none');
    expect(verdict.specialists).toContain('network');
  });

  it('crash loop without a rollout → restart', async () => {
    deploy('worker', 'worker:v1');
    inject({
      kind: 'crash-loop',
      match: { namespace: NAMESPACE, deployment: 'worker' },
      logLines: ['panic: nil pointer dereference'],
    });
    const { verdict } = await verdictFor('worker');
    expect(verdict.category).toBe('crash-loop');
    expect(verdict.action.type).toBe('restart');
  });

  it('pods that cannot be scheduled → node trouble, no action', async () => {
    deploy('batch', 'batch:v1', 1);
    simulator.cluster.injectFault({ kind: 'unschedulable', match: { namespace: NAMESPACE, deployment: 'batch' } });
    simulator.cluster.applyDeployment(
      makeDeployment({ namespace: NAMESPACE, name: 'batch', image: 'batch:v1', replicas: 3 }),
    );
    simulator.cluster.advance(60);
    const { verdict } = await verdictFor('batch');
    expect(verdict.category).toBe('node-trouble');
    expect(verdict.action.type).toBe('none');
  });

  it('pods on a node that stopped reporting → node trouble, no action', async () => {
    deploy('api', 'api:v1', 4);
    inject({ kind: 'node-not-ready', node: 'node-a' }, 60);
    const { verdict } = await verdictFor('api');
    expect(verdict.category, JSON.stringify(verdict.findings)).toBe('node-trouble');
    expect(verdict.action.type).toBe('none');
  });

  it('a healthy workload → unknown, no action', async () => {
    deploy('quiet', 'quiet:v1');
    const { verdict } = await verdictFor('quiet');
    expect(verdict.category).toBe('unknown');
    expect(verdict.action.type).toBe('none');
  });

  it('a Deployment that does not exist → unknown with the gap recorded', async () => {
    const { verdict, evidence } = await verdictFor('ghost');
    expect(evidence.gaps.some((gap) => gap.source === 'deployment' && gap.reason.includes('not-found'))).toBe(true);
    expect(verdict.action.type).toBe('none');
  });
});
