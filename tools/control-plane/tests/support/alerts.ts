/**
 * Alertmanager webhook payloads (version 4), as Alertmanager posts them, for the e2e tests.
 */
import { createHash } from 'node:crypto';
import { ALERT_TARGET_LABELS } from '../../../../constructs/catalog/index.js';

export interface AlertInput {
  readonly alertname: string;
  readonly namespace: string;
  readonly deployment: string;
  readonly severity?: string;
  readonly status?: 'firing' | 'resolved';
  readonly annotations?: Record<string, string>;
  readonly extraLabels?: Record<string, string>;
}

/** One webhook body carrying one alert. */
export function alertmanagerPayload(input: AlertInput, startsAt = new Date()): Record<string, unknown> {
  const status = input.status ?? 'firing';
  const labels = {
    alertname: input.alertname,
    [ALERT_TARGET_LABELS.namespace]: input.namespace,
    [ALERT_TARGET_LABELS.deployment]: input.deployment,
    severity: input.severity ?? 'critical',
    prometheus: 'monitoring/kube-prometheus-stack-prometheus',
    ...input.extraLabels,
  };
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(Object.entries(labels).sort()))
    .digest('hex')
    .slice(0, 16);
  const annotations = {
    summary: `${input.alertname} on ${input.namespace}/${input.deployment}`,
    description: `Deployment ${input.namespace}/${input.deployment} is not healthy.`,
    runbook_url: `https://runbooks.example.invalid/${input.alertname}`,
    ...input.annotations,
  };
  return {
    version: '4',
    groupKey: `{}/{severity=~"critical|warning"}:{alertname="${input.alertname}", namespace="${input.namespace}"}`,
    truncatedAlerts: 0,
    status,
    receiver: 'ai4all-sre-agent',
    groupLabels: { alertname: input.alertname, namespace: input.namespace },
    commonLabels: labels,
    commonAnnotations: annotations,
    externalURL: 'http://kube-prometheus-stack-alertmanager.monitoring:9093',
    alerts: [
      {
        status,
        labels,
        annotations,
        startsAt: startsAt.toISOString(),
        endsAt: status === 'resolved' ? new Date().toISOString() : '0001-01-01T00:00:00Z',
        generatorURL: `http://kube-prometheus-stack-prometheus.monitoring:9090/graph?g0.expr=${encodeURIComponent(`kube_deployment_status_replicas_unavailable{deployment="${input.deployment}"} > 0`)}`,
        fingerprint,
      },
    ],
  };
}
