/**
 * Renders one catalog scenario with the chaos constructs: the `chaos` Application uses it for the
 * recurring (scheduled) entries; the proof runner uses it to start one-shot experiments and
 * workflows on demand, so nothing starts just because ArgoCD synced.
 */
import { App, Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { parseDurationSeconds } from '../constructs/chaos/chaos-experiment.js';
import { ChaosExperimentResource } from '../constructs/chaos/chaos-experiment-resource.js';
import { ChaosSchedule } from '../constructs/chaos/chaos-schedule.js';
import { ChaosWorkflow, workflowSeconds } from '../constructs/chaos/chaos-workflow.js';
import type { ChaosScenario } from './catalog.js';

/** Label every catalog object carries, with the scenario id as value. */
export const SCENARIO_LABEL = 'ai4all-sre.io/chaos-scenario';

/** Adds the construct(s) of `scenario` under `scope`. */
export function renderScenario(scope: Construct, scenario: ChaosScenario): Construct {
  const run = scenario.run;
  switch (run.kind) {
    case 'experiment':
      return new ChaosExperimentResource(scope, scenario.id, {
        experiment: run.experiment,
        labels: { [SCENARIO_LABEL]: scenario.id },
      });
    case 'schedule':
      return new ChaosSchedule(scope, scenario.id, { experiment: run.experiment, every: run.every });
    case 'workflow':
      return new ChaosWorkflow(scope, scenario.id, {
        name: run.name,
        namespace: scenario.target.namespace,
        steps: run.steps,
      });
  }
}

/**
 * The Kubernetes objects of one scenario as plain JSON, ready to apply (the proof runner and the
 * demo use this; no cdk8s App needed by the caller).
 */
export function scenarioManifests(scenario: ChaosScenario): Record<string, unknown>[] {
  const chart = new Chart(new App(), `scenario-${scenario.id}`, { disableResourceNameHashes: true });
  renderScenario(chart, scenario);
  return App._synthChart(chart) as Record<string, unknown>[];
}

/**
 * Longest time a scenario keeps a fault active, in seconds: the experiment's duration, or the sum
 * of a workflow's steps. A Schedule counts one run. Callers wait at most this (plus their own
 * detection budget) before declaring a run over.
 */
export function scenarioRunSeconds(scenario: ChaosScenario): number {
  const run = scenario.run;
  return run.kind === 'workflow' ? workflowSeconds(run.steps) : parseDurationSeconds(run.experiment.duration);
}
