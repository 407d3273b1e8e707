import { describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '../agent/core/intake/alert-kinds.js';
import { alertRowCoverage } from './alert-coverage.js';
import { EVAL_SCENARIOS } from './scenarios/index.js';

describe('eval covers docs/alerts.md', () => {
  it('every documented alert row has at least one scenario', () => {
    expect(alertRowCoverage(EVAL_SCENARIOS).missing).toEqual([]);
  });

  it('every row that ends needs-human has a scenario expecting exactly that, naming the alert', () => {
    for (const kind of ALERT_KINDS.filter((row) => row.resolution === 'none')) {
      const scenarios = EVAL_SCENARIOS.filter((scenario) => scenario.alert.alertname === kind.alertname);
      expect(scenarios.length, kind.alertname).toBeGreaterThan(0);
      for (const scenario of scenarios) {
        expect(scenario.expect).toMatchObject({ action: 'none', outcome: 'needs-human', target: null });
        expect(scenario.expect.mentions).toContain(kind.alertname);
      }
    }
  });

  it('hold-out scenarios exist and are kept apart', () => {
    const holdOut = EVAL_SCENARIOS.filter((scenario) => scenario.holdOut === true);
    expect(holdOut.length).toBeGreaterThanOrEqual(6);
    expect(new Set(EVAL_SCENARIOS.map((scenario) => scenario.id)).size).toBe(EVAL_SCENARIOS.length);
  });
});
