/** Which rows of docs/alerts.md (agent/core/intake/alert-kinds*.ts) have at least one scenario. */
import { ALERT_KINDS } from '../agent/core/intake/alert-kinds.js';
import type { EvalScenario } from './scenario.js';

export interface AlertRowCoverage {
  readonly rows: number;
  readonly covered: readonly string[];
  readonly missing: readonly string[];
}

export function alertRowCoverage(scenarios: readonly EvalScenario[]): AlertRowCoverage {
  const used = new Set(
    scenarios.flatMap((scenario) => [scenario.alert, ...(scenario.groupedWith ?? [])].map((alert) => alert.alertname)),
  );
  const names = ALERT_KINDS.map((kind) => kind.alertname);
  return {
    rows: names.length,
    covered: names.filter((name) => used.has(name)),
    missing: names.filter((name) => !used.has(name)),
  };
}
