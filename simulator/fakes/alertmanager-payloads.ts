/**
 * Alertmanager webhook (version 4) bodies built the way Alertmanager builds them: labels,
 * annotations, a 16-hex fingerprint of the label set, a Prometheus generatorURL, group labels and
 * common labels/annotations. Use with the recorded fixtures, or to make new alerts in tests.
 */
import type { AlertmanagerWebhook } from './fixtures.js';

export const PROMETHEUS_EXTERNAL_URL = 'http://kube-prometheus-stack-prometheus.monitoring:9090';
export const ALERTMANAGER_EXTERNAL_URL = 'http://kube-prometheus-stack-alertmanager.monitoring:9093';
const ZERO_TIME = '0001-01-01T00:00:00Z';

/** Alertmanager's label-set fingerprint: FNV-1a 64 over sorted name/value pairs separated by 0xff. */
export function alertFingerprint(labels: Readonly<Record<string, string>>): string {
  let hash = 0xcbf29ce484222325n;
  const encoder = new TextEncoder();
  for (const name of Object.keys(labels).sort()) {
    for (const byte of [...encoder.encode(name), 0xff, ...encoder.encode(labels[name] ?? ''), 0xff]) {
      hash ^= BigInt(byte);
      hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
    }
  }
  return hash.toString(16).padStart(16, '0');
}

export interface AlertInput {
  readonly labels: Readonly<Record<string, string>> & { readonly alertname: string };
  readonly annotations?: Readonly<Record<string, string>>;
  readonly status?: 'firing' | 'resolved';
  readonly startsAt: string;
  readonly endsAt?: string;
  /** PromQL of the rule (goes into generatorURL). */
  readonly expr?: string;
}

export type WebhookAlert = AlertmanagerWebhook['alerts'][number];

export function makeAlert(input: AlertInput): WebhookAlert {
  const status = input.status ?? 'firing';
  const expr = input.expr ?? `ALERTS{alertname="${input.labels.alertname}"}`;
  return {
    status,
    labels: { ...input.labels },
    annotations: { ...input.annotations },
    startsAt: input.startsAt,
    endsAt: status === 'resolved' ? (input.endsAt ?? input.startsAt) : ZERO_TIME,
    generatorURL: `${PROMETHEUS_EXTERNAL_URL}/graph?g0.expr=${encodeURIComponent(expr)}&g0.tab=1`,
    fingerprint: alertFingerprint(input.labels),
  };
}

function common(records: readonly Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = records;
  if (first === undefined) return {};
  return Object.fromEntries(
    Object.entries(first).filter(([key, value]) => rest.every((record) => record[key] === value)),
  );
}

/** One notification for a group of alerts, grouped by `groupBy` labels (default alertname, namespace). */
export function makeWebhook(
  alerts: readonly WebhookAlert[],
  groupBy: readonly string[] = ['alertname', 'namespace'],
  receiver = 'ai4all-sre-agent',
): AlertmanagerWebhook {
  const first = alerts[0];
  if (first === undefined) throw new Error('makeWebhook needs at least one alert');
  const groupLabels = Object.fromEntries(
    groupBy.filter((name) => first.labels[name] !== undefined).map((name) => [name, first.labels[name] ?? '']),
  );
  const groupKey = `{}/{severity=~"critical|warning"}:{${Object.entries(groupLabels)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([key, value]) => `${key}="${value}"`)
    .join(', ')}}`;
  return {
    receiver,
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    alerts: alerts.map((alert) => structuredClone(alert)),
    groupLabels,
    commonLabels: common(alerts.map((alert) => alert.labels)),
    commonAnnotations: common(alerts.map((alert) => alert.annotations)),
    externalURL: ALERTMANAGER_EXTERNAL_URL,
    version: '4',
    groupKey,
    truncatedAlerts: 0,
  };
}

/** The resolved notification Alertmanager sends later for a firing one. */
export function resolvedWebhook(firing: AlertmanagerWebhook, endsAt: string): AlertmanagerWebhook {
  return makeWebhook(
    firing.alerts.map((alert) => ({ ...structuredClone(alert), status: 'resolved', endsAt })),
    Object.keys(firing.groupLabels),
    firing.receiver,
  );
}
