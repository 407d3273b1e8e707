import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, isSystemNamespace } from '../catalog/action-catalog.js';
import { DEMO_APP } from '../catalog/platform-contract.js';
import { workloadAlerts } from '../constructs/alerting/workload-alert-rules.js';
import {
  MAX_EXPERIMENT_DURATION_SECONDS,
  MAX_PERCENT,
  parseDurationSeconds,
} from '../constructs/chaos/chaos-experiment.js';
import { CHAOS_PAUSE_ANNOTATION } from '../constructs/chaos/chaos-schedule.js';
import { MAX_WORKFLOW_SECONDS } from '../constructs/chaos/chaos-workflow.js';
import { BOUTIQUE_SERVICES } from '../constructs/demo/boutique-services.js';
import { formatIssues, validateObjects } from '../test/support/manifest-validator.js';
import { CHAOS_CATALOG, NOT_REBUILT } from './catalog.js';
import { buildChaosChart } from './chaos-chart.js';
import { renderScenario, scenarioManifests, scenarioRunSeconds } from './render-scenario.js';

type Json = Record<string, unknown>;
interface ChaosSpec {
  duration?: string;
  mode?: string;
  value?: string;
  selector?: { namespaces?: string[]; labelSelectors?: Record<string, string> };
  target?: { mode: string; value?: string; selector: ChaosSpec['selector'] };
}

const SPEC_KEYS = ['podChaos', 'stressChaos', 'networkChaos', 'httpChaos'];
const CHAOS_KINDS = new Set(['PodChaos', 'StressChaos', 'NetworkChaos', 'HTTPChaos']);

function renderAll(): Json[] {
  const chart = new Chart(new App(), 'catalog', { disableResourceNameHashes: true });
  for (const scenario of CHAOS_CATALOG) renderScenario(chart, scenario);
  return chart.toJson() as Json[];
}

/** Every chaos spec in a synthesized object with the duration that bounds it. */
function chaosSpecs(object: Json): { spec: ChaosSpec; bound: string | undefined; where: string }[] {
  const spec = object['spec'] as Json;
  const name = `${String(object['kind'])} ${(object['metadata'] as Json)['name'] as string}`;
  if (CHAOS_KINDS.has(String(object['kind']))) return [{ spec: spec, bound: spec['duration'] as string, where: name }];
  if (object['kind'] === 'Schedule') {
    const key = SPEC_KEYS.find((candidate) => candidate in spec) ?? 'missing';
    const embedded = spec[key] as ChaosSpec;
    return [{ spec: embedded, bound: embedded.duration, where: name }];
  }
  const templates = (spec['templates'] as (Json & { deadline?: string; name: string })[]) ?? [];
  return templates.flatMap((template) => {
    const key = SPEC_KEYS.find((candidate) => candidate in template);
    return key
      ? [{ spec: template[key] as ChaosSpec, bound: template.deadline, where: `${name}/${template.name}` }]
      : [];
  });
}

function checkSelector(selector: ChaosSpec['selector'], where: string): void {
  expect(selector?.namespaces, where).toHaveLength(1);
  for (const namespace of selector?.namespaces ?? []) expect(isSystemNamespace(namespace), where).toBe(false);
  expect(Object.keys(selector?.labelSelectors ?? {}).length, where).toBeGreaterThan(0);
}

function checkMode(mode: string | undefined, value: string | undefined, where: string): void {
  expect(['one', 'fixed', 'fixed-percent'], where).toContain(mode);
  if (mode === 'fixed-percent') expect(Number(value), where).toBeLessThanOrEqual(MAX_PERCENT);
}

const objects = renderAll();

describe('chaos catalog', () => {
  it('renders schema-valid Chaos Mesh objects', () => {
    expect(objects.length).toBe(CHAOS_CATALOG.length);
    const issues = validateObjects(objects);
    expect(issues, formatIssues(issues)).toEqual([]);
  });

  it('bounds every experiment, schedule run and workflow step', () => {
    const specs = objects.flatMap(chaosSpecs);
    expect(specs.length).toBeGreaterThan(objects.length);
    for (const { bound, where } of specs) {
      expect(bound, where).toBeDefined();
      expect(parseDurationSeconds(bound ?? ''), where).toBeLessThanOrEqual(MAX_EXPERIMENT_DURATION_SECONDS);
    }
    for (const workflow of objects.filter((object) => object['kind'] === 'Workflow')) {
      const templates = (workflow['spec'] as { templates: { name: string; deadline?: string }[] }).templates;
      for (const template of templates) expect(template.deadline, template.name).toBeDefined();
      const entry = templates.find((template) => template.name === 'entry');
      expect(parseDurationSeconds(entry?.deadline ?? '')).toBeLessThanOrEqual(MAX_WORKFLOW_SECONDS);
    }
  });

  it('selects pods in one non-system namespace by label, never all of them', () => {
    for (const { spec, where } of objects.flatMap(chaosSpecs)) {
      checkSelector(spec.selector, where);
      checkMode(spec.mode, spec.value, where);
      if (typeof spec.target === 'object') {
        checkSelector(spec.target.selector, `${where} (peer)`);
        checkMode(spec.target.mode, spec.target.value, `${where} (peer)`);
      }
    }
  });

  it('targets the demo app and expects alerts and actions that exist', () => {
    const alerts = new Set(
      workloadAlerts([DEMO_APP.namespace], {
        sloObjective: 0.99,
        restartStormThreshold: 5,
        cpuSaturationRatio: 0.9,
      }).map((alert) => alert.alert),
    );
    const services: readonly string[] = DEMO_APP.services;
    for (const scenario of CHAOS_CATALOG) {
      expect(scenario.target.namespace).toBe(DEMO_APP.namespace);
      expect(services, scenario.id).toContain(scenario.target.deployment);
      if (scenario.expectedAlert !== null) expect(alerts, scenario.id).toContain(scenario.expectedAlert);
      expect([...ACTION_TYPES, 'none'], scenario.id).toContain(scenario.expectedAction);
    }
    for (const { spec, where } of objects.flatMap(chaosSpecs)) {
      for (const app of Object.values(spec.selector?.labelSelectors ?? {})) expect(services, where).toContain(app);
    }
  });

  it('uses HTTPChaos only on HTTP/1 ports (the reference lab aimed it at gRPC services)', () => {
    for (const { spec, where } of objects.flatMap(chaosSpecs)) {
      const port = (spec as { port?: number }).port;
      if (port === undefined) continue;
      const app = spec.selector?.labelSelectors?.['app'];
      const service = BOUTIQUE_SERVICES.find((candidate) => candidate.name === app);
      expect(service?.probe.kind, where).toBe('http');
      expect(service?.port, where).toBe(port);
    }
  });

  it('runs the alerting scenarios long enough for their alert to fire', () => {
    const cpu = CHAOS_CATALOG.filter((scenario) => scenario.expectedAlert === 'DeploymentCPUSaturated');
    const memory = CHAOS_CATALOG.filter((scenario) => scenario.expectedAlert === 'DeploymentOOMKilled');
    expect(cpu.length + memory.length).toBeGreaterThan(0);
    for (const scenario of cpu) {
      // The alert needs 10m of `for` on a 5m rate window.
      if (scenario.run.kind !== 'workflow')
        expect(parseDurationSeconds(scenario.run.experiment.duration)).toBeGreaterThan(14 * 60);
    }
    for (const scenario of memory) {
      const fault = scenario.run.kind === 'workflow' ? undefined : scenario.run.experiment.fault;
      const service = BOUTIQUE_SERVICES.find((candidate) => candidate.name === scenario.target.deployment);
      expect(fault?.kind).toBe('memory-stress');
      if (fault?.kind === 'memory-stress') {
        expect(Number.parseInt(fault.size, 10)).toBeGreaterThan(service?.resources.memoryLimitMebibytes ?? Infinity);
      }
    }
  });

  it('accounts for every reference lab scenario: rebuilt or not, with a reason', () => {
    const ids = CHAOS_CATALOG.map((scenario) => scenario.id);
    expect(new Set(ids).size).toBe(ids.length);
    const numbers = [
      ...CHAOS_CATALOG.flatMap((scenario) => (scenario.replaces ? [scenario.replaces.number] : [])),
      ...NOT_REBUILT.map((entry) => entry.number),
    ];
    expect([...new Set(numbers)].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
  });
});

describe('scenario helpers for the demo and the proof runner', () => {
  it('render one scenario on its own and bound how long it runs', () => {
    for (const scenario of CHAOS_CATALOG) {
      const manifests = scenarioManifests(scenario);
      expect(manifests.length, scenario.id).toBe(1);
      expect(manifests[0]?.['metadata'], scenario.id).toMatchObject({ namespace: scenario.target.namespace });
      const seconds = scenarioRunSeconds(scenario);
      expect(seconds, scenario.id).toBeGreaterThan(0);
      expect(seconds, scenario.id).toBeLessThanOrEqual(MAX_WORKFLOW_SECONDS);
    }
    const workflow = CHAOS_CATALOG.find((scenario) => scenario.id === 'cascading-cart-failure');
    expect(workflow && scenarioRunSeconds(workflow)).toBe(30 + 60 + 180);
  });
});

describe('chaos Application', () => {
  it('ships only the recurring scenarios, as paused Schedules', () => {
    const shipped = App._synthChart(buildChaosChart(new App())) as Json[];
    expect(shipped.length).toBe(CHAOS_CATALOG.filter((scenario) => scenario.run.kind === 'schedule').length);
    for (const object of shipped) {
      expect(object['kind']).toBe('Schedule');
      expect(
        (object['metadata'] as { annotations?: Record<string, string> }).annotations?.[CHAOS_PAUSE_ANNOTATION],
      ).toBe('true');
    }
  });
});
