/**
 * Drives one demo scenario's fault on a fresh simulated shop, without the agent, and records two
 * views of the same run so the demo's restated rules (demo/alert-rules.ts, fake PromQL evaluator,
 * 15 s evaluation) can be compared with the shipped rules (dist/alerting, judged by promtool):
 * the restated rules' first firing per alert, and every series the metrics exporter exposes
 * (kube-state-metrics / cAdvisor / Linkerd names), scraped every 15 s, as promtool input series.
 * A healthy warm-up precedes the fault so the shipped rules' long windows (1 h) hold history.
 */
import { AlertEngine, simulatorMetrics } from '../simulator/fakes/index.js';
import { ClusterMetrics } from '../simulator/fakes/metrics-exporter.js';
import { SimulatedCluster } from '../simulator/kubernetes/index.js';
import { demoAlertRules } from './alert-rules.js';
import type { DemoScenario, ScenarioStep } from './scenarios.js';
import { SHOP_NAMESPACE, SHOP_SERVICES, deployShop, shopHealthy } from './shop.js';

/** The labels an alert is compared on. */
export const COMPARED_LABELS = ['alertname', 'namespace', 'deployment', 'severity'] as const;

/** Scrape interval of the recorded series (the loop test's Prometheus scrapes every 5 s; 15 s keeps files small). */
export const SCRAPE_SECONDS = 15;

/** The demo's rule evaluation interval (demo/run-scenario.ts). */
export const RESTATED_EVALUATION_SECONDS = 15;

export interface ScenarioTrace {
  readonly scenario: string;
  /** Seconds of healthy history before the fault (the fault is at this offset). */
  readonly warmUpSeconds: number;
  /** Seconds recorded after the fault. */
  readonly runSeconds: number;
  /** Series text (`name{label="value", ...}`) → value per scrape; undefined where the series was absent. */
  readonly series: ReadonlyMap<string, readonly (number | undefined)[]>;
  /** Compared-label key (see alertKey) → seconds after the fault of the restated rule's first firing. */
  readonly restatedFirstFiring: ReadonlyMap<string, number>;
}

/** `alertname=…,namespace=…,deployment=…,severity=…` from an alert's labels. */
export function alertKey(labels: Readonly<Record<string, string>>): string {
  return COMPARED_LABELS.map((name) => `${name}=${labels[name] ?? ''}`).join(',');
}

function cpuLimits(): Record<string, number> {
  return Object.fromEntries(
    SHOP_SERVICES.map((service) => [service.name, Number(service.cpu.replace(/m$/, '')) / 1000]),
  );
}

function applyStep(cluster: SimulatedCluster, step: ScenarioStep): void {
  switch (step.kind) {
    case 'inject':
      cluster.injectFault(step.fault);
      return;
    case 'release': {
      const next = structuredClone(cluster.getDeployment(SHOP_NAMESPACE, step.deployment));
      const container = next.spec.template.spec.containers[0];
      if (container === undefined) throw new Error(`${step.deployment} has no container`);
      container.image = step.image;
      cluster.applyDeployment(next);
      return;
    }
    case 'kill-pod': {
      const victim = cluster
        .podsOf(SHOP_NAMESPACE, step.deployment)
        .map((pod) => pod.metadata.name)
        .sort()[0];
      if (victim === undefined) throw new Error(`no pod of ${step.deployment} to kill`);
      cluster.killPod(SHOP_NAMESPACE, victim);
      return;
    }
    case 'end-faults':
      cluster.clearFaults();
      return;
  }
}

function seriesText(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  return `${name}{${pairs.join(', ')}}`;
}

export interface TraceOptions {
  readonly warmUpSeconds: number;
  readonly runSeconds: number;
  /** Where the demo's alert engine posts its webhooks (a sink). */
  readonly webhookUrl: string;
  readonly seed?: number;
}

/** Runs the scenario's steps (no agent) and records both views. */
export async function traceScenario(scenario: DemoScenario, options: TraceOptions): Promise<ScenarioTrace> {
  const cluster = new SimulatedCluster({
    seed: options.seed ?? 1,
    startTime: Date.parse('2026-11-24T08:00:00Z'),
    nodes: ['lab-node-1', 'lab-node-2'],
  });
  deployShop(cluster);
  cluster.advanceUntil((candidate) => shopHealthy(candidate), 600, 'the shop to become ready');
  const exporter = new ClusterMetrics(cluster);
  const engine = new AlertEngine({
    rules: demoAlertRules(SHOP_NAMESPACE, cpuLimits()),
    resolver: simulatorMetrics(cluster),
    webhookUrl: options.webhookUrl,
    groupBy: ['alertname', 'namespace', 'deployment'],
  });
  const series = new Map<string, (number | undefined)[]>();
  const restatedFirstFiring = new Map<string, number>();
  const steps = [...scenario.steps].sort((left, right) => left.atSeconds - right.atSeconds);
  const totalSeconds = options.warmUpSeconds + options.runSeconds;
  let index = 0;
  for (let second = 0; second <= totalSeconds; second += SCRAPE_SECONDS, index += 1) {
    const sinceFault = second - options.warmUpSeconds;
    while (steps[0] !== undefined && steps[0].atSeconds <= sinceFault) applyStep(cluster, steps.shift()!);
    for (const metric of exporter.collect()) {
      for (const sample of metric.samples) {
        const key = seriesText(metric.name, sample.labels);
        const values = series.get(key) ?? [];
        values[index] = sample.value;
        series.set(key, values);
      }
    }
    if (second % RESTATED_EVALUATION_SECONDS === 0) {
      await engine.evaluate(cluster.clock.now());
      for (const labels of engine.firing()) {
        const key = alertKey(labels);
        if (!restatedFirstFiring.has(key)) restatedFirstFiring.set(key, sinceFault);
      }
    }
    cluster.advance(SCRAPE_SECONDS);
  }
  for (const values of series.values()) values.length = index;
  return {
    scenario: scenario.id,
    warmUpSeconds: options.warmUpSeconds,
    runSeconds: options.runSeconds,
    series,
    restatedFirstFiring,
  };
}

/** promtool `input_series` values: numbers, `_` where absent, `stale` where a series disappeared. */
export function promtoolValues(values: readonly (number | undefined)[]): string {
  return Array.from(values, (value, position) => {
    if (value !== undefined) return String(value);
    return position > 0 && values[position - 1] !== undefined ? 'stale' : '_';
  }).join(' ');
}
