/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- assertions read synthesized JSON */
import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ALERT_TARGET_LABELS, isActionType } from '../../catalog/index.js';
import { guaranteedLabels, promqlMetricNames, promqlSyntaxErrors } from '../../test/support/promql.js';
import { WorkloadAlertRules } from './workload-alert-rules.js';

const chart = () => new Chart(new App(), 'test', { disableResourceNameHashes: true });

/** Real metric names the rules may read (kube-state-metrics v2, cAdvisor, Linkerd proxy), plus our records. */
const KNOWN_METRICS = new Set([
  'kube_pod_owner',
  'kube_replicaset_owner',
  'kube_pod_container_status_waiting_reason',
  'kube_pod_container_status_last_terminated_reason',
  'kube_pod_container_status_restarts_total',
  'kube_pod_container_resource_limits',
  'kube_deployment_status_replicas_unavailable',
  'container_cpu_usage_seconds_total',
  'response_total',
]);

describe('WorkloadAlertRules', () => {
  const scope = chart();
  const rules = new WorkloadAlertRules(scope, 'alerts', { targetNamespaces: ['shop'] });
  const [object] = Testing.synth(scope);
  const records = new Set<string>(object.spec.groups[0].rules.map((rule: { record: string }) => rule.record));

  it('covers burn rate (two windows), crash loops, OOM kills, restart storms, CPU saturation and unavailable replicas', () => {
    expect(rules.alerts.map((alert) => alert.alert)).toEqual([
      'DeploymentErrorBudgetBurnFast',
      'DeploymentErrorBudgetBurnSlow',
      'DeploymentCrashLooping',
      'DeploymentOOMKilled',
      'DeploymentRestartStorm',
      'DeploymentCPUSaturated',
      'DeploymentReplicasUnavailable',
    ]);
  });

  const allRules = () => [...object.spec.groups[0].rules, ...object.spec.groups[1].rules];

  it('parses with the Prometheus grammar', () => {
    for (const rule of allRules()) expect(promqlSyntaxErrors(String(rule.expr)), rule.alert ?? rule.record).toEqual([]);
  });

  it('reads only metrics that exist or that it records itself, and watches only its namespaces', () => {
    for (const rule of allRules()) {
      for (const name of promqlMetricNames(String(rule.expr))) {
        expect(
          KNOWN_METRICS.has(name) || records.has(name),
          `${rule.alert ?? rule.record}: unknown metric ${name}`,
        ).toBe(true);
      }
      for (const matcher of String(rule.expr).match(/namespace=~"[^"]*"/g) ?? [])
        expect(matcher).toBe('namespace=~"shop"');
    }
  });

  it('keeps namespace and deployment on every alert', () => {
    const recorded = new Map<string, string>(object.spec.groups[0].rules.map((rule: any) => [rule.record, rule.expr]));
    for (const rule of object.spec.groups[1].rules) {
      expect([...(guaranteedLabels(String(rule.expr), recorded) ?? [])], rule.alert).toEqual(
        expect.arrayContaining(['namespace', 'deployment']),
      );
    }
  });

  it('labels every alert with a severity and only valid action hints; the burn threshold follows the objective', () => {
    for (const rule of object.spec.groups[1].rules) {
      expect(['critical', 'warning']).toContain(rule.labels.severity);
      const hint = rule.labels[ALERT_TARGET_LABELS.actionHint];
      if (hint !== undefined) expect(isActionType(hint)).toBe(true);
    }
    const strict = new WorkloadAlertRules(chart(), 'strict', { sloObjective: 0.999 });
    expect(strict.alerts[0]?.expr).toContain('(14.4 * 0.001)');
  });

  it.each([
    [{ targetNamespaces: ['monitoring'] }, /targetNamespaces.*"monitoring".*system namespace/],
    [{ targetNamespaces: [] }, /at least one/],
    [{ sloObjective: 99 }, /sloObjective.*99.*0.9 to 0.9999/],
    [{ cpuSaturationRatio: 1.5 }, /cpuSaturationRatio.*\(0, 1\]/],
    [{ restartStormThreshold: 0 }, /restartStormThreshold.*from 1 to 100/],
  ])('refuses bad props %#', (props, message) => {
    expect(() => new WorkloadAlertRules(chart(), 'alerts', props)).toThrow(message);
  });
});
