/**
 * The `chaos` Application: the catalog's recurring scenarios as Chaos Mesh Schedules, shipped
 * paused. One-shot experiments and workflows are not synced (a synced experiment starts at once,
 * which is how the reference lab's faults became permanent); the proof runner renders them from
 * the catalog when it runs them.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { CHAOS_CATALOG } from './catalog.js';
import { renderScenario } from './render-scenario.js';

/** Builds the `chaos` chart. */
export function buildChaosChart(scope: Construct): Chart {
  const chart = new Chart(scope, 'chaos', { disableResourceNameHashes: true });
  for (const scenario of CHAOS_CATALOG.filter((entry) => entry.run.kind === 'schedule')) {
    renderScenario(chart, scenario);
  }
  return chart;
}
