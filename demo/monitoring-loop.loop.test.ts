/**
 * The demo's bad release and memory leak, end to end through real servers in wall-clock time:
 * the real Prometheus scrapes the simulated shop and evaluates the shipped rules unchanged, the
 * real Alertmanager (configuration as kube-prometheus-stack renders it) posts to the real agent
 * with the bearer token, the agent acts on the simulator and verifies against the real Prometheus.
 * Both faults run at once (different Deployments) so the loop takes minutes, not tens of minutes.
 * Run with `npm run test:loop` (builds the tools first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../agent/domain/incident.js';
import { isTerminal } from '../agent/domain/incident.js';
import { startRealMonitoringLab, type RealMonitoringLab } from '../test/engines/real-monitoring-lab.js';
import { DEMO_SCENARIOS, type DemoScenario } from './scenarios.js';
import { SHOP_NAMESPACE, shopHealthy } from './shop.js';

const SCENARIOS = ['bad-rollout', 'memory-leak'].map((id) => {
  const scenario = DEMO_SCENARIOS.find((candidate) => candidate.id === id);
  if (scenario === undefined) throw new Error(`demo scenario ${id} not found`);
  return scenario;
});
const LOOP_TIMEOUT_MS = 14 * 60_000;

let lab: RealMonitoringLab;
const directory = mkdtempSync(join(tmpdir(), 'ai4all-loop-'));

function applySteps(scenario: DemoScenario): void {
  const cluster = lab.simulator.cluster;
  for (const step of scenario.steps) {
    if (step.atSeconds !== 0) throw new Error(`${scenario.id}: only steps at 0 s are supported here`);
    if (step.kind === 'inject') cluster.injectFault(step.fault);
    else if (step.kind === 'release') {
      const next = structuredClone(cluster.getDeployment(SHOP_NAMESPACE, step.deployment));
      const container = next.spec.template.spec.containers[0];
      if (container === undefined) throw new Error(`${step.deployment} has no container`);
      container.image = step.image;
      cluster.applyDeployment(next);
    } else throw new Error(`${scenario.id}: step ${step.kind} not supported here`);
  }
}

function incidentsFor(target: string): Incident[] {
  return lab.agent.store.list().filter((incident) => incident.target?.name === target);
}

/** Receivers Alertmanager reported for each alert name of the shop namespace (its own view). */
const receiversSeen = new Map<string, Set<string>>();

async function recordAlertmanagerReceivers(): Promise<void> {
  try {
    const response = await fetch(`${lab.alertmanager.url}/api/v2/alerts`);
    const alerts = (await response.json()) as { labels: Record<string, string>; receivers: { name: string }[] }[];
    for (const alert of alerts) {
      if (alert.labels['namespace'] !== SHOP_NAMESPACE) continue;
      const name = alert.labels['alertname'] ?? '';
      const seen = receiversSeen.get(name) ?? new Set<string>();
      for (const receiver of alert.receivers) seen.add(receiver.name);
      receiversSeen.set(name, seen);
    }
  } catch {
    // Alertmanager busy: the next poll records it.
  }
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await recordAlertmanagerReceivers();
    if (predicate()) return true;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  return predicate();
}

describe('the monitoring loop with the real Prometheus and Alertmanager', () => {
  beforeAll(async () => {
    lab = await startRealMonitoringLab(directory);
  }, 180_000);
  afterAll(async () => {
    await lab?.close();
    if (process.env['AI4ALL_KEEP_LOOP'] === undefined) rmSync(directory, { recursive: true, force: true });
  });

  it(
    'resolves the bad release (rollback) and the memory leak (restart) from real alerts',
    async () => {
      for (const scenario of SCENARIOS) applySteps(scenario);
      const done = () =>
        SCENARIOS.every((scenario) => incidentsFor(scenario.target).some((incident) => isTerminal(incident.status)));
      const finished = await waitFor(done, LOOP_TIMEOUT_MS);
      const summary = SCENARIOS.map((scenario) => ({
        scenario: scenario.id,
        incidents: incidentsFor(scenario.target).map((incident) => ({
          status: incident.status,
          alerts: incident.alerts.map((alert) => alert.labels['alertname']),
          action: incident.action?.type ?? null,
        })),
      }));
      expect(finished, `logs in ${directory}: ${JSON.stringify(summary)}`).toBe(true);
      for (const scenario of SCENARIOS) {
        const incident = incidentsFor(scenario.target).find((candidate) => isTerminal(candidate.status));
        expect(
          incident?.alerts.map((alert) => alert.labels['alertname']),
          scenario.id,
        ).toContain(scenario.expect.alert);
        expect(incident?.action?.type, scenario.id).toBe(scenario.expect.action);
        expect(incident?.status, `${scenario.id}: ${JSON.stringify(summary)}`).toBe(scenario.expect.status);
        expect(shopHealthy(lab.simulator.cluster, scenario.target), `${scenario.id} healthy`).toBe(true);
      }
    },
    LOOP_TIMEOUT_MS + 60_000,
  );

  it('routed those alerts to the agent and the human receiver (Alertmanager’s own view)', () => {
    for (const scenario of SCENARIOS) {
      const alertname = scenario.expect.alert ?? '';
      expect([...(receiversSeen.get(alertname) ?? [])].sort(), alertname).toEqual(['ai4all-sre-agent', 'human']);
    }
  });
});
