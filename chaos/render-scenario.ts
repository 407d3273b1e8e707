/**
 * Renders one catalog scenario with the chaos constructs: the `chaos` Application uses it for the
 * recurring (scheduled) entries; the proof runner uses it to start one-shot experiments and
 * workflows on demand, so nothing starts just because ArgoCD synced.
 */
import type { Construct } from 'constructs';
import { ChaosExperimentResource } from '../constructs/chaos/chaos-experiment-resource.js';
import { ChaosSchedule } from '../constructs/chaos/chaos-schedule.js';
import { ChaosWorkflow } from '../constructs/chaos/chaos-workflow.js';
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
