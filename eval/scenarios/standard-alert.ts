/**
 * Alerts shaped exactly as the pinned kube-prometheus-stack rules send them: the labels are the
 * documented row's (agent/core/intake/alert-kinds*.ts, checked against the Helm-rendered rules),
 * each given a realistic value, plus the `prometheus` external label; severity and annotations
 * come from the vendored rendered rule with its `{{ $labels.x }}` / `{{ $value }}` templates filled
 * in as Prometheus fills them. A row label without a value is an error, so a payload cannot drift
 * from the table.
 */
import { readFileSync } from 'node:fs';
import { alertKindOf } from '../../agent/core/intake/alert-kinds.js';
import { CHARTS } from '../../stacks/catalog/chart-catalog.js';
import type { ScenarioAlert } from '../scenario.js';
import { ALLOWED_NAMESPACE } from './builders.js';

interface RenderedRule {
  readonly alert: string;
  readonly severity: string | null;
  readonly summary: string | null;
  readonly description: string | null;
  readonly runbookUrl: string | null;
}

const RULES = (
  JSON.parse(
    readFileSync(
      new URL(
        `../../vendor/alert-rules/kube-prometheus-stack-${CHARTS.kubePrometheusStack.version}.default-rules.json`,
        import.meta.url,
      ),
      'utf8',
    ),
  ) as { rules: RenderedRule[] }
).rules;

/** The kube-state-metrics pod: on object alerts `pod`/`container` name it (honorLabels). */
export const KSM_POD = 'kube-prometheus-stack-kube-state-metrics-6d9c7b5f4-x8k2p';

const DEFAULTS: Readonly<Record<string, string>> = {
  namespace: ALLOWED_NAMESPACE,
  job: 'kube-state-metrics',
  instance: '10.42.0.17:8080',
  service: 'kube-prometheus-stack-kube-state-metrics',
  endpoint: 'http',
  pod: KSM_POD,
  container: 'kube-state-metrics',
  uid: '5f0c2d4e-8a61-4b9e-9d3e-2b7f1c0a9e11',
  metrics_path: '/metrics',
  node: 'node-a',
};

/** Fills a rendered annotation template the way Prometheus does for these labels and value. */
export function fillTemplate(template: string, labels: Readonly<Record<string, string>>, value: string): string {
  return template
    .replace(/\{\{\s*with \$labels\.(\w+)\s*-?\}\}(.*?)\{\{-?\s*end\s*\}\}/g, (_all, name: string, body: string) =>
      labels[name] === undefined ? '' : body.replace(/\{\{\s*\.\s*\}\}/g, labels[name]),
    )
    .replace(/\{\{\s*\$labels\.(\w+)\s*\}\}/g, (_all, name: string) => labels[name] ?? '')
    .replace(/\{\{\s*(?:printf "[^"]*" )?\$value[^}]*\}\}/g, value);
}

/**
 * The alert `alertname` with the row's labels: `values` gives the ones without a default (the
 * workload's pod as `{{pod:<deployment>}}`, `deployment`, `horizontalpodautoscaler`, ...).
 */
export function standardAlert(
  alertname: string,
  values: Readonly<Record<string, string>> = {},
  value = '1',
): ScenarioAlert {
  const kind = alertKindOf(alertname);
  const rule = RULES.find((item) => item.alert === alertname);
  if (kind === undefined || rule === undefined) throw new Error(`${alertname} is not a documented chart alert`);
  const labels: Record<string, string> = {};
  for (const label of kind.labels) {
    const given = values[label] ?? DEFAULTS[label];
    if (given === undefined) throw new Error(`${alertname}: no value for its label "${label}"`);
    labels[label] = given;
  }
  for (const [label, given] of Object.entries(values)) {
    if (!(label in labels)) throw new Error(`${alertname} does not carry "${label}" (see docs/alerts.md)`);
    labels[label] = given;
  }
  const full = {
    alertname,
    ...labels,
    severity: rule.severity ?? 'warning',
    prometheus: 'monitoring/kube-prometheus-stack-prometheus',
  };
  const annotations: Record<string, string> = {};
  if (rule.description) annotations['description'] = fillTemplate(rule.description, full, value);
  if (rule.summary) annotations['summary'] = fillTemplate(rule.summary, full, value);
  if (rule.runbookUrl) annotations['runbook_url'] = rule.runbookUrl;
  return { alertname, labels: full, annotations };
}

/** A pod of `deployment` (the least healthy; `index` 1 the next), resolved when the world is built. */
export const podOf = (deployment: string, index = 0) => `{{pod:${deployment}${index === 0 ? '' : `:${index}`}}}`;
