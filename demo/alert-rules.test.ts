/**
 * The demo's alert rules stay the construct library's alerts: same names, `for`, severities,
 * action hints, summaries and thresholds; only the expressions are restated over simulated series.
 */
import { describe, expect, it } from 'vitest';
import { workloadAlerts } from '../constructs/alerting/workload-alert-rules.js';
import { demoAlertRules } from './alert-rules.js';
import { DEMO_SCENARIOS } from './scenarios.js';

const NAMESPACE = 'online-boutique';
const LIBRARY = workloadAlerts([NAMESPACE], { sloObjective: 0.99, restartStormThreshold: 5, cpuSaturationRatio: 0.9 });

describe('demoAlertRules', () => {
  const rules = demoAlertRules(NAMESPACE, { frontend: 0.5, cartservice: 0.3, checkoutservice: 0.2 });

  it('copies name, for, severity, action hint and summary from the library alert', () => {
    for (const rule of rules) {
      const library = LIBRARY.find((alert) => alert.alert === rule.alert);
      expect(library, rule.alert).toBeDefined();
      expect({ forSeconds: rule.forSeconds, labels: rule.labels, annotations: rule.annotations }).toEqual({
        forSeconds: Number(library?.for.slice(0, -1)) * 60,
        labels: { severity: library?.severity, ...(library?.actionHint ? { ai4all_action: library.actionHint } : {}) },
        annotations: { summary: library?.summary },
      });
    }
  });

  it('simulates every alert a scenario expects, and the slow burn only where history exists (not here)', () => {
    const names = new Set(rules.map((rule) => rule.alert));
    for (const scenario of DEMO_SCENARIOS) if (scenario.expect.alert) expect(names).toContain(scenario.expect.alert);
    expect(names).not.toContain('DeploymentErrorBudgetBurnSlow');
  });

  it('keeps the thresholds: 14.4× a 1 % budget, 90 % of each limit, more than 5 restarts', () => {
    const expression = (name: string) => rules.filter((rule) => rule.alert === name).map((rule) => rule.expr);
    expect(expression('DeploymentErrorBudgetBurnFast')[0]).toMatch(/ > 0\.144$/);
    expect(expression('DeploymentRestartStorm')[0]).toMatch(/ > 5$/);
    const cpu = expression('DeploymentCPUSaturated');
    expect(cpu).toHaveLength(3); // one rule per distinct CPU limit
    expect(cpu.map((expr) => /deployment=~"([^"]+)".* > ([\d.]+)$/.exec(expr)?.slice(1))).toEqual([
      ['checkoutservice', '0.18'],
      ['cartservice', '0.27'],
      ['frontend', '0.45'],
    ]);
  });
});
