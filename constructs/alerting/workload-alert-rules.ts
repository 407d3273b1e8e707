/**
 * PrometheusRules for the workloads the agent acts on: multi-window, multi-burn-rate SLO alerts on
 * the inbound error ratio, CrashLooping, OOMKilled, restart storms, CPU saturation and unavailable
 * replicas. Every alert carries `namespace` and `deployment` (ALERT_TARGET_LABELS), a severity,
 * and, where one action is the usual remedy, an `ai4all_action` hint the agent never trusts alone.
 */
import { Construct } from 'constructs';
import { ALERT_TARGET_LABELS, type ActionType } from '../../catalog/index.js';
import { DEMO_APP, MONITORING_SELECTOR_LABEL } from '../../catalog/platform-contract.js';
import {
  PropValidationError,
  requireDnsLabel,
  requireInteger,
  requireUniqueNonEmpty,
  requireWorkloadNamespace,
} from '../core/prop-validation.js';
import {
  PrometheusRule,
  PrometheusRuleSpecGroupsRulesExpr,
  type PrometheusRuleSpecGroupsRules,
} from '../imports/prometheus-operator-monitoring.coreos.com.js';
import * as q from './workload-queries.js';

/** Props of {@link WorkloadAlertRules}. */
export interface WorkloadAlertRulesProps {
  /** Namespaces whose Deployments the rules watch. @default [DEMO_APP.namespace] */
  readonly targetNamespaces?: readonly string[];
  /** Namespace the PrometheusRule object lives in. @default the first target namespace */
  readonly namespace?: string;
  /** Name of the PrometheusRule. @default 'ai4all-sre-workload-alerts' */
  readonly name?: string;
  /** Availability objective of the inbound success ratio, between 0.9 and 0.9999. @default 0.99 */
  readonly sloObjective?: number;
  /** Restarts of one Deployment's pods within 15 minutes that count as a restart storm. @default 5 */
  readonly restartStormThreshold?: number;
  /** Fraction of the CPU limit above which a Deployment is saturated, in (0, 1]. @default 0.9 */
  readonly cpuSaturationRatio?: number;
}

/** One alert as the agent sees it: its name, severity and optional action hint. */
export interface WorkloadAlert {
  /** Alert name. */
  readonly alert: string;
  /** PromQL; its result carries `namespace` and `deployment`. */
  readonly expr: string;
  /** How long the condition must hold before the alert fires. */
  readonly for: string;
  /** `severity` label. */
  readonly severity: 'critical' | 'warning';
  /** `ai4all_action` label: the usual remedy, a hint the agent never trusts alone. */
  readonly actionHint?: ActionType;
  /** `summary` annotation. */
  readonly summary: string;
}

const CONSTRUCT = 'WorkloadAlertRules';

/** The multi-window burn-rate pairs (Google SRE workbook): long window, short window, factor, for, severity. */
export const BURN_RATE_WINDOWS = [
  { long: '1h', short: '5m', factor: 14.4, for: '2m', severity: 'critical', name: 'Fast' },
  { long: '6h', short: '30m', factor: 6, for: '15m', severity: 'warning', name: 'Slow' },
] as const;

/** The alerts of {@link WorkloadAlertRules} as data (tests and docs read them). */
export function workloadAlerts(
  namespaces: readonly string[],
  options: Required<Pick<WorkloadAlertRulesProps, 'sloObjective' | 'restartStormThreshold' | 'cpuSaturationRatio'>>,
): WorkloadAlert[] {
  const budget = Number((1 - options.sloObjective).toPrecision(6));
  const burn = BURN_RATE_WINDOWS.map((window): WorkloadAlert => ({
    alert: `DeploymentErrorBudgetBurn${window.name}`,
    expr:
      `${q.errorRatioRecord(window.long)} > (${window.factor} * ${budget})` +
      ` and ${q.errorRatioRecord(window.short)} > (${window.factor} * ${budget})`,
    for: window.for,
    severity: window.severity,
    summary: `{{ $labels.deployment }} burns its error budget ${window.factor}x too fast (${window.long} and ${window.short} windows).`,
  }));
  return [
    ...burn,
    {
      alert: 'DeploymentCrashLooping',
      expr: q.crashLoopingExpression(namespaces),
      for: '2m',
      severity: 'critical',
      actionHint: 'rollback',
      summary: 'A container of {{ $labels.deployment }} is in CrashLoopBackOff.',
    },
    {
      alert: 'DeploymentOOMKilled',
      expr: q.oomKilledExpression(namespaces, '15m'),
      for: '0m',
      severity: 'warning',
      summary: 'A container of {{ $labels.deployment }} was OOMKilled and restarted in the last 15 minutes.',
    },
    {
      alert: 'DeploymentRestartStorm',
      expr: `${q.restartsExpression(namespaces, '15m')} > ${options.restartStormThreshold}`,
      for: '0m',
      severity: 'warning',
      actionHint: 'rollback',
      summary: `Pods of {{ $labels.deployment }} restarted more than ${options.restartStormThreshold} times in 15 minutes.`,
    },
    {
      alert: 'DeploymentCPUSaturated',
      expr: `${q.cpuSaturationExpression(namespaces, '5m')} > ${options.cpuSaturationRatio}`,
      for: '10m',
      severity: 'warning',
      actionHint: 'scale',
      summary: `{{ $labels.deployment }} uses more than ${options.cpuSaturationRatio * 100}% of its CPU limits.`,
    },
    {
      alert: 'DeploymentReplicasUnavailable',
      expr: q.replicasUnavailableExpression(namespaces),
      for: '5m',
      severity: 'warning',
      actionHint: 'restart',
      summary: '{{ $labels.deployment }} has had unavailable replicas for 5 minutes.',
    },
  ];
}

/** The recording rules the alerts read (pod→deployment mapping, error ratios per window). */
export function workloadRecordingRules(namespaces: readonly string[]): { record: string; expr: string }[] {
  const windows = [...new Set(BURN_RATE_WINDOWS.flatMap((window) => [window.short, window.long]))];
  return [
    { record: q.POD_DEPLOYMENT_RECORD, expr: q.podDeploymentExpression(namespaces) },
    ...windows.map((window) => ({
      record: q.errorRatioRecord(window),
      expr: q.errorRatioExpression(namespaces, window),
    })),
  ];
}

/** A PrometheusRule with the workload alerts, labelled so Prometheus' ruleSelector picks it up. */
export class WorkloadAlertRules extends Construct {
  /** The PrometheusRule object. */
  readonly rule: PrometheusRule;
  /** The alerts, as data. */
  readonly alerts: readonly WorkloadAlert[];

  constructor(scope: Construct, id: string, props: WorkloadAlertRulesProps = {}) {
    super(scope, id);
    const targets = props.targetNamespaces ?? [DEMO_APP.namespace];
    requireUniqueNonEmpty(CONSTRUCT, 'targetNamespaces', targets);
    for (const namespace of targets) requireWorkloadNamespace(CONSTRUCT, 'targetNamespaces', namespace);
    const namespace = requireDnsLabel(CONSTRUCT, 'namespace', props.namespace ?? targets[0]!);
    const name = requireDnsLabel(CONSTRUCT, 'name', props.name ?? 'ai4all-sre-workload-alerts');
    const sloObjective = props.sloObjective ?? 0.99;
    if (!(sloObjective >= 0.9 && sloObjective <= 0.9999)) {
      throw new PropValidationError(
        CONSTRUCT,
        'sloObjective',
        sloObjective,
        'use a ratio from 0.9 to 0.9999, e.g. 0.99',
      );
    }
    const cpuSaturationRatio = props.cpuSaturationRatio ?? 0.9;
    if (!(cpuSaturationRatio > 0 && cpuSaturationRatio <= 1)) {
      throw new PropValidationError(
        CONSTRUCT,
        'cpuSaturationRatio',
        cpuSaturationRatio,
        'use a fraction in (0, 1], e.g. 0.9',
      );
    }
    const restartStormThreshold = requireInteger(
      CONSTRUCT,
      'restartStormThreshold',
      props.restartStormThreshold ?? 5,
      1,
      100,
    );
    this.alerts = workloadAlerts(targets, { sloObjective, restartStormThreshold, cpuSaturationRatio });

    const alertRules: PrometheusRuleSpecGroupsRules[] = this.alerts.map((alert) => ({
      alert: alert.alert,
      expr: PrometheusRuleSpecGroupsRulesExpr.fromString(alert.expr),
      for: alert.for,
      labels: {
        severity: alert.severity,
        ...(alert.actionHint ? { [ALERT_TARGET_LABELS.actionHint]: alert.actionHint } : {}),
      },
      annotations: { summary: alert.summary },
    }));
    this.rule = new PrometheusRule(this, 'rule', {
      metadata: { name, namespace, labels: { [MONITORING_SELECTOR_LABEL.key]: MONITORING_SELECTOR_LABEL.value } },
      spec: {
        groups: [
          {
            name: 'ai4all-sre.workload.records',
            interval: '30s',
            rules: workloadRecordingRules(targets).map((rule) => ({
              record: rule.record,
              expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr),
            })),
          },
          { name: 'ai4all-sre.workload.alerts', interval: '30s', rules: alertRules },
        ],
      },
    });
  }
}
