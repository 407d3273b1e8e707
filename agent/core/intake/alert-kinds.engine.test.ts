/**
 * The labels docs/alerts.md says the chart's alerts carry, judged by Prometheus' own rule engine:
 * each rule's vendored expression (rendered by Helm) runs in `promtool test rules` on series shaped
 * as kube-prometheus-stack scrapes them (kube-state-metrics with honorLabels: the metric's labels plus
 * job/instance/service/endpoint, and the exporter's own pod/container on non-pod objects; cAdvisor
 * through the kubelet), and the firing alert's label set must be exactly the row's. Covers the rows
 * that resolve a workload and the human-only rows whose stray `pod` label the agent must ignore.
 * Run with `npm run test:engines`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { describeRun, runTool } from '../../../test/engines/ecosystem-tools.js';
import { readVendoredRules } from '../../../tools/alert-rules/alert-table-inputs.js';
import { alertKindOf } from './alert-kinds.js';

const work = mkdtempSync(join(tmpdir(), 'ai4all-alert-labels-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const KSM = {
  job: 'kube-state-metrics',
  instance: '10.42.0.17:8080',
  service: 'kps-kube-state-metrics',
  endpoint: 'http',
};
const KSM_OBJECT = { ...KSM, pod: 'kps-kube-state-metrics-6d9c7b5f4-x8k2p', container: 'kube-state-metrics' };
const POD = { namespace: 'shop', pod: 'cart-5d8f7c6b9d-abcde' };

interface Case {
  readonly alertname: string;
  /** series selector → promtool values */
  readonly series: Readonly<Record<string, string>>;
  readonly evalTime: string;
}

const sel = (metric: string, labels: Record<string, string>) =>
  `${metric}{${Object.entries(labels)
    .map(([key, value]) => `${key}="${value}"`)
    .join(',')}}`;
const flat = (value: number) => `${value}+0x180`;

const CASES: readonly Case[] = [
  {
    alertname: 'KubePodCrashLooping',
    series: {
      [sel('kube_pod_container_status_waiting_reason', {
        ...POD,
        ...KSM,
        container: 'server',
        reason: 'CrashLoopBackOff',
        uid: 'u1',
      })]: flat(1),
    },
    evalTime: '30m',
  },
  {
    alertname: 'KubePodNotReady',
    series: {
      [sel('kube_pod_status_phase', { ...POD, ...KSM, phase: 'Pending', uid: 'u1' })]: flat(1),
      [sel('kube_pod_owner', {
        ...POD,
        ...KSM,
        owner_kind: 'ReplicaSet',
        owner_name: 'cart-5d8f7c6b9d',
        owner_is_controller: 'true',
        uid: 'u1',
      })]: flat(1),
    },
    evalTime: '30m',
  },
  {
    alertname: 'KubeContainerWaiting',
    series: {
      [sel('kube_pod_container_status_waiting_reason', {
        ...POD,
        ...KSM,
        container: 'server',
        reason: 'ImagePullBackOff',
        uid: 'u1',
      })]: flat(1),
    },
    evalTime: '90m',
  },
  {
    alertname: 'KubeDeploymentGenerationMismatch',
    series: {
      [sel('kube_deployment_status_observed_generation', { namespace: 'shop', deployment: 'cart', ...KSM_OBJECT })]:
        flat(1),
      [sel('kube_deployment_metadata_generation', { namespace: 'shop', deployment: 'cart', ...KSM_OBJECT })]: flat(2),
    },
    evalTime: '30m',
  },
  {
    alertname: 'KubeDeploymentReplicasMismatch',
    series: {
      [sel('kube_deployment_spec_replicas', { namespace: 'shop', deployment: 'cart', ...KSM_OBJECT })]: flat(3),
      [sel('kube_deployment_status_replicas_available', { namespace: 'shop', deployment: 'cart', ...KSM_OBJECT })]:
        flat(1),
      [sel('kube_deployment_status_replicas_updated', { namespace: 'shop', deployment: 'cart', ...KSM_OBJECT })]:
        flat(3),
    },
    evalTime: '30m',
  },
  {
    alertname: 'KubeDeploymentRolloutStuck',
    series: {
      [sel('kube_deployment_status_condition', {
        namespace: 'shop',
        deployment: 'cart',
        condition: 'Progressing',
        status: 'false',
        ...KSM_OBJECT,
      })]: flat(1),
    },
    evalTime: '30m',
  },
  {
    alertname: 'KubeHpaMaxedOut',
    series: {
      [sel('kube_horizontalpodautoscaler_status_current_replicas', {
        namespace: 'shop',
        horizontalpodautoscaler: 'cart',
        ...KSM_OBJECT,
      })]: flat(5),
      [sel('kube_horizontalpodautoscaler_spec_max_replicas', {
        namespace: 'shop',
        horizontalpodautoscaler: 'cart',
        ...KSM_OBJECT,
      })]: flat(5),
      [sel('kube_horizontalpodautoscaler_spec_min_replicas', {
        namespace: 'shop',
        horizontalpodautoscaler: 'cart',
        ...KSM_OBJECT,
      })]: flat(1),
    },
    evalTime: '30m',
  },
  {
    alertname: 'KubeStatefulSetReplicasMismatch',
    series: {
      [sel('kube_statefulset_status_replicas_ready', { namespace: 'shop', statefulset: 'redis', ...KSM_OBJECT })]:
        flat(1),
      [sel('kube_statefulset_replicas', { namespace: 'shop', statefulset: 'redis', ...KSM_OBJECT })]: flat(3),
      [sel('kube_statefulset_status_replicas_updated', { namespace: 'shop', statefulset: 'redis', ...KSM_OBJECT })]:
        flat(3),
    },
    evalTime: '30m',
  },
  {
    alertname: 'KubeJobFailed',
    series: {
      [sel('kube_job_failed', { namespace: 'shop', job_name: 'export', condition: 'true', ...KSM_OBJECT })]: flat(1),
    },
    evalTime: '30m',
  },
  {
    alertname: 'KubeQuotaExceeded',
    series: {
      [sel('kube_resourcequota', {
        namespace: 'shop',
        resource: 'pods',
        resourcequota: 'q',
        type: 'used',
        ...KSM_OBJECT,
      })]: flat(12),
      [sel('kube_resourcequota', {
        namespace: 'shop',
        resource: 'pods',
        resourcequota: 'q',
        type: 'hard',
        ...KSM_OBJECT,
      })]: flat(10),
    },
    evalTime: '30m',
  },
  {
    alertname: 'CPUThrottlingHigh',
    series: {
      [sel('container_cpu_cfs_throttled_periods_total', {
        ...POD,
        container: 'server',
        job: 'kubelet',
        metrics_path: '/metrics/cadvisor',
        instance: '192.168.1.10:10250',
        service: 'kps-kubelet',
        endpoint: 'https-metrics',
        node: 'node-a',
        id: '/kubepods/x',
        image: 'cart:v1',
        name: 'x',
      })]: '0+60x180',
      [sel('container_cpu_cfs_periods_total', {
        ...POD,
        container: 'server',
        job: 'kubelet',
        metrics_path: '/metrics/cadvisor',
        instance: '192.168.1.10:10250',
        service: 'kps-kubelet',
        endpoint: 'https-metrics',
        node: 'node-a',
        id: '/kubepods/x',
        image: 'cart:v1',
        name: 'x',
      })]: '0+100x180',
    },
    evalTime: '30m',
  },
];

const rules = readVendoredRules().rules;

/** Runs the vendored rule in promtool on the case's series, expecting an alert with exactly `labels`. */
function promtoolWith(item: Case, labels: readonly string[]) {
  const rule = rules.find((candidate) => candidate.alert === item.alertname);
  if (!rule) throw new Error(`${item.alertname} is not a vendored rule`);
  const inputs = Object.entries(item.series).map(([series, values]) => ({ series, values }));
  // Expected: the labels with the values of the input series (the first series that has the label).
  const seriesLabels = Object.keys(item.series).map(
    (series) =>
      new Map([...series.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1] ?? '', match[2] ?? ''] as const)),
  );
  const expected: Record<string, string> = { severity: rule.severity ?? 'warning' };
  for (const label of labels) {
    const value = seriesLabels.find((found) => found.has(label))?.get(label);
    if (value === undefined) throw new Error(`${item.alertname}: no input series has "${label}"`);
    expected[label] = value;
  }
  const directory = mkdtempSync(join(work, `${item.alertname}-`));
  writeFileSync(
    join(directory, 'rules.yaml'),
    stringify({
      groups: [
        {
          name: 'g',
          rules: [
            { alert: rule.alert, expr: rule.expr, for: rule.for ?? '0m', labels: { severity: expected['severity'] } },
          ],
        },
      ],
    }),
  );
  writeFileSync(
    join(directory, 'test.yaml'),
    stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: inputs,
          alert_rule_test: [
            { eval_time: item.evalTime, alertname: item.alertname, exp_alerts: [{ exp_labels: expected }] },
          ],
        },
      ],
    }),
  );
  return runTool('promtool', ['test', 'rules', 'test.yaml'], { cwd: directory });
}

describe('the labels of docs/alerts.md, as Prometheus computes them', () => {
  it.each(CASES.map((item) => [item.alertname, item] as const))(
    '%s fires with exactly the documented labels',
    (_name, item) => {
      const kind = alertKindOf(item.alertname);
      if (!kind) throw new Error(`${item.alertname} has no row`);
      const run = promtoolWith(item, kind.labels);
      expect(run.status, describeRun(run)).toBe(0);
    },
  );

  it('fails when a row claims a label the expression drops (KubeQuotaExceeded aggregates `instance` away)', () => {
    const item = CASES.find((candidate) => candidate.alertname === 'KubeQuotaExceeded');
    const kind = alertKindOf('KubeQuotaExceeded');
    if (!item || !kind) throw new Error('KubeQuotaExceeded is missing');
    const run = promtoolWith(item, [...kind.labels, 'instance']);
    expect(run.status, describeRun(run)).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('instance');
  });
});
