/**
 * The shipped alert rules (dist/alerting) judged by promtool, Prometheus' own rule checker and
 * unit-test runner: lint with every check fatal, then the unit tests in `rule-tests/` (every alert
 * fires after its `for` with namespace + deployment, and stays silent on healthy and borderline
 * series; every recording rule computes what it should). A last test mutates each alert's `for`,
 * labels and target labels and expects the unit tests to catch it, so they cannot pass vacuously.
 * Run with `npm run test:engines`.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { describeRun, REPO_ROOT, runTool } from '../../test/engines/ecosystem-tools.js';
import {
  allRules,
  ruleFilesFromManifests,
  writeRuleFiles,
  type RuleFile,
} from '../../test/engines/prometheus-rule-files.js';

const TESTS_DIR = join(REPO_ROOT, 'constructs', 'alerting', 'rule-tests');
const shipped = ruleFilesFromManifests(join(REPO_ROOT, 'dist', 'alerting', 'manifests.yaml'));
const testFiles = readdirSync(TESTS_DIR)
  .filter((name) => name.endsWith('.test.yaml'))
  .sort();
const work = mkdtempSync(join(tmpdir(), 'ai4all-promtool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface UnitTestFile {
  tests: {
    alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
    promql_expr_test?: { expr: string; exp_samples: unknown[] }[];
  }[];
}
const unitTests = testFiles.map((name) => parse(readFileSync(join(TESTS_DIR, name), 'utf8')) as UnitTestFile);

/** Copies unit tests next to the given rule files and runs `promtool test rules` on them. */
function promtoolTest(directory: string, rules: readonly RuleFile[], names: readonly string[] = testFiles) {
  const ruleFileNames = writeRuleFiles(directory, rules);
  for (const name of names) {
    const test = parse(readFileSync(join(TESTS_DIR, name), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(directory, name), stringify({ rule_files: ruleFileNames, ...test }));
  }
  return runTool('promtool', ['test', 'rules', ...names], { cwd: directory });
}

/** The shipped rules with one recording rule's expression changed. */
function mutateRecord(record: string, change: (expr: string) => string): RuleFile[] {
  const rules = structuredClone(shipped) as unknown as { groups: { rules: Record<string, unknown>[] }[] }[];
  for (const file of rules) {
    for (const group of file.groups) {
      for (const rule of group.rules) if (rule['record'] === record) rule['expr'] = change(String(rule['expr']));
    }
  }
  return rules as unknown as RuleFile[];
}

/** The unit-test files that test an alert. */
function testFilesOf(alertname: string): string[] {
  return testFiles.filter((_, index) =>
    unitTests[index]?.tests.some((test) => test.alert_rule_test?.some((entry) => entry.alertname === alertname)),
  );
}

describe('promtool on dist/alerting', () => {
  it('finds PrometheusRules with alerting and recording rules', () => {
    expect(shipped.length).toBeGreaterThan(0);
    expect(allRules(shipped).filter((rule) => rule.alert).length).toBeGreaterThan(0);
    expect(allRules(shipped).filter((rule) => rule.record).length).toBeGreaterThan(0);
  });

  it('passes `promtool check rules --lint=all --lint-fatal` on every rule group', () => {
    const directory = mkdtempSync(join(work, 'check-'));
    const files = writeRuleFiles(directory, shipped);
    const run = runTool('promtool', ['check', 'rules', '--lint=all', '--lint-fatal', ...files], { cwd: directory });
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.stdout + run.stderr).toContain(`SUCCESS: ${allRules(shipped).length} rules found`);
  });

  it('passes every unit test in constructs/alerting/rule-tests (`promtool test rules`)', () => {
    const run = promtoolTest(mkdtempSync(join(work, 'unit-')), shipped);
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.stdout + run.stderr).toContain('SUCCESS');
  });

  it('tests every shipped alert firing and silent, and every recording rule', () => {
    const alertTests = unitTests.flatMap((file) => file.tests.flatMap((test) => test.alert_rule_test ?? []));
    const exprTests = unitTests.flatMap((file) => file.tests.flatMap((test) => test.promql_expr_test ?? []));
    for (const rule of allRules(shipped)) {
      if (rule.alert !== undefined) {
        const name = rule.alert;
        const cases = alertTests.filter((test) => test.alertname === name);
        expect(
          cases.some((test) => test.exp_alerts.length > 0),
          `${name}: no test where it fires`,
        ).toBe(true);
        expect(
          cases.some((test) => test.exp_alerts.length === 0),
          `${name}: no test where it stays silent`,
        ).toBe(true);
      } else {
        const name = rule.record ?? '';
        expect(
          exprTests.some((test) => test.expr.includes(name) && test.exp_samples.length > 0),
          `${name}: no promql_expr_test`,
        ).toBe(true);
      }
    }
  });

  it('fails the unit tests when an alert’s `for`, labels or target labels, or a record’s filter or window change', () => {
    const alerts = allRules(shipped).filter((rule) => rule.alert !== undefined);
    const mutations: { name: string; alert: string; rules: RuleFile[] }[] = [];
    const mutate = (alert: string, what: string, change: (rule: Record<string, unknown>) => void) => {
      const rules = structuredClone(shipped) as unknown as { groups: { rules: Record<string, unknown>[] }[] }[];
      for (const file of rules)
        for (const group of file.groups)
          for (const rule of group.rules) {
            if (rule['alert'] === alert) change(rule);
          }
      mutations.push({ name: `${alert}: ${what}`, alert, rules: rules as unknown as RuleFile[] });
    };
    for (const alert of alerts) {
      const name = alert.alert ?? '';
      const minutes = Number.parseInt(alert.for ?? '0m', 10);
      mutate(name, 'for doubled or added', (rule) => (rule['for'] = `${minutes === 0 ? 2 : minutes * 2}m`));
      if (minutes > 0) mutate(name, 'for removed', (rule) => (rule['for'] = '0m'));
      mutate(name, 'severity label removed', (rule) => {
        const { severity: _removed, ...labels } = rule['labels'] as Record<string, string>;
        rule['labels'] = labels;
      });
      mutate(name, 'deployment label lost', (rule) => {
        rule['expr'] = `label_replace(${String(rule['expr'])}, "deployment", "", "deployment", ".*")`;
      });
    }
    const survivors = mutations.filter((mutation) => {
      const files = mutation.alert === '' ? ['records.test.yaml'] : testFilesOf(mutation.alert);
      const run = promtoolTest(mkdtempSync(join(work, 'mutant-')), mutation.rules, files);
      return run.status === 0;
    });
    const records = allRules(shipped).filter((rule) => rule.record !== undefined);
    for (const record of records) {
      const name = record.record ?? '';
      mutations.push({
        name: `${name}: namespace filter widened`,
        alert: '',
        rules: mutateRecord(name, (expr) => expr.replaceAll(/namespace=~"[^"]*"/g, 'namespace=~".+"')),
      });
      const window = /\[(\d+[mh])\]/.exec(record.expr)?.[1];
      if (window !== undefined) {
        const other = ['5m', '30m', '1h', '6h'].find((candidate) => candidate !== window) ?? '2h';
        mutations.push({
          name: `${name}: window ${window} → ${other}`,
          alert: '',
          rules: mutateRecord(name, (expr) => expr.replaceAll(`[${window}]`, `[${other}]`)),
        });
      }
    }
    expect(mutations.length).toBeGreaterThan(alerts.length * 3 + records.length - 1);
    expect(survivors.map((mutation) => mutation.name)).toEqual([]);
  }, 600_000);
});
