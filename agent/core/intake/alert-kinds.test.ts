import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { workloadAlerts } from '../../../constructs/alerting/workload-alert-rules.js';
import {
  ALERT_TABLE_PATH,
  WORKLOAD_RULE_GROUPS,
  expectedAlertTable,
  readVendoredRules,
} from '../../../tools/alert-rules/alert-table-inputs.js';
import { ALERT_KINDS, alertKindOf, notActionableReason } from './alert-kinds.js';
import { alertTargetOf } from './alert-target.js';

const vendored = readVendoredRules();
const chartRules = vendored.rules.filter((rule) => WORKLOAD_RULE_GROUPS.includes(rule.group));

describe('the alert rows', () => {
  it('cover every alert of the chart groups that can concern a workload, and nothing else', () => {
    const chartNames = new Set(chartRules.map((rule) => rule.alert));
    const rows = ALERT_KINDS.filter((kind) => kind.source.startsWith('kube-prometheus-stack/'));
    expect(rows.map((kind) => kind.alertname).sort()).toEqual([...chartNames].sort());
    for (const kind of rows) {
      const group = kind.source.split('/')[1];
      expect(chartRules.filter((rule) => rule.alert === kind.alertname).map((rule) => rule.group)).toContain(group);
    }
  });

  it('cover every project alert', () => {
    const project = workloadAlerts(['shop'], { sloObjective: 0.99, restartStormThreshold: 5, cpuSaturationRatio: 0.9 });
    const rows = ALERT_KINDS.filter((kind) => kind.source.startsWith('ai4all-sre/'));
    expect(rows.map((kind) => kind.alertname).sort()).toEqual(project.map((alert) => alert.alert).sort());
    for (const alert of project) {
      const kind = alertKindOf(alert.alert);
      expect(kind?.labels).toContain('deployment');
      if (alert.actionHint) expect(kind?.labels).toContain('ai4all_action');
    }
  });

  it('name, for every row that resolves a workload, a label the rule expression yields', () => {
    for (const kind of ALERT_KINDS.filter((row) => row.source.startsWith('kube-prometheus-stack/'))) {
      const exprs = chartRules.filter((rule) => rule.alert === kind.alertname).map((rule) => rule.expr);
      // The metric family tells which object a kube-state-metrics series is about.
      if (kind.resolution === 'deployment-label') expect(exprs.join('\n')).toMatch(/kube_deployment_/);
      if (kind.resolution === 'pod-owner') expect(exprs.join('\n')).toMatch(/kube_pod_|container_cpu_cfs/);
      if (kind.subjectLabel !== undefined) expect(kind.labels).toContain(kind.subjectLabel);
    }
  });

  it('docs/alerts.md is what the rows render (npx tsx tools/alert-rules/write-alert-table.ts)', () => {
    expect(readFileSync(ALERT_TABLE_PATH, 'utf8')).toBe(expectedAlertTable(vendored));
  });

  it('the vendored rules come from the vendored chart archive', () => {
    const sums = readFileSync(new URL('../../../vendor/charts/SHA256SUMS', import.meta.url), 'utf8');
    expect(sums).toContain(`${vendored.source.sha256}  ${vendored.source.archive.split('/').pop()}`);
  });
});

describe('alerts about objects the agent never acts on', () => {
  // Labels as the chart's rule yields them: `pod` is the kube-state-metrics pod (honorLabels).
  const ksm = {
    job: 'kube-state-metrics',
    pod: 'kps-kube-state-metrics-7c9f8d6b5-x2kqp',
    container: 'kube-state-metrics',
  };

  it('end unresolved with a reason naming the alert and the object, never via the exporter pod', () => {
    const target = alertTargetOf({
      alertname: 'KubeHpaMaxedOut',
      namespace: 'shop',
      horizontalpodautoscaler: 'frontend',
      ...ksm,
    });
    expect(target.kind).toBe('none');
    expect(target.kind === 'none' && target.reason).toMatch(
      /KubeHpaMaxedOut is about HorizontalPodAutoscaler shop\/frontend.*fight/,
    );
    for (const [alertname, label] of [
      ['KubeStatefulSetReplicasMismatch', 'statefulset'],
      ['KubeJobFailed', 'job_name'],
      ['KubeQuotaExceeded', 'resourcequota'],
    ] as const) {
      const reason = notActionableReason({ alertname, namespace: 'shop', [label]: 'thing', ...ksm });
      expect(reason).toContain(`${alertname} is about`);
      expect(reason).toContain('shop/thing');
    }
  });

  it('an unknown alert labelled with another kind of object is refused the same way', () => {
    expect(
      notActionableReason({ alertname: 'MyStatefulAlert', namespace: 'shop', statefulset: 'redis', ...ksm }),
    ).toMatch(/MyStatefulAlert is about StatefulSet shop\/redis \(label "statefulset"\)/);
    expect(
      notActionableReason({ alertname: 'MyAlert', namespace: 'shop', deployment: 'cart', statefulset: 'x' }),
    ).toBeNull();
  });

  it('Deployment alerts resolve by their deployment label, pod alerts by the pod', () => {
    expect(
      alertTargetOf({ alertname: 'KubeDeploymentRolloutStuck', namespace: 'shop', deployment: 'cart', ...ksm }),
    ).toEqual({
      kind: 'workload',
      ref: { namespace: 'shop', kind: 'Deployment', name: 'cart' },
    });
    expect(
      alertTargetOf({ alertname: 'KubePodNotReady', namespace: 'shop', pod: 'cart-5d8f7c6b9d-abcde', job: 'x' }),
    ).toEqual({
      kind: 'pod',
      namespace: 'shop',
      pod: 'cart-5d8f7c6b9d-abcde',
    });
  });
});
