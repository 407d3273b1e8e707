/** Alertmanager v4 webhook bodies for the bench, shaped like the real thing (~1 KiB per alert). */

export interface BodyOptions {
  /** Distinguishes fingerprints between phases so nothing is deduplicated by accident. */
  readonly phase: string;
  readonly alertsPerPayload: number;
  /** Number of distinct workloads the alerts spread over. */
  readonly workloads: number;
  /** Every n-th alert is a resolved notification (0 = none). */
  readonly resolvedEvery?: number;
}

const SEVERITIES = ['critical', 'warning', 'warning', 'info'];

export function webhookBody(index: number, options: BodyOptions): string {
  const alerts = Array.from({ length: options.alertsPerPayload }, (_, offset) => {
    const serial = index * options.alertsPerPayload + offset;
    const workload = `svc-${serial % options.workloads}`;
    const resolved = options.resolvedEvery ? serial % options.resolvedEvery === options.resolvedEvery - 1 : false;
    const labels = {
      alertname: serial % 3 === 0 ? 'KubePodCrashLooping' : 'HighErrorRate',
      namespace: 'online-boutique',
      deployment: workload,
      severity: SEVERITIES[serial % SEVERITIES.length]!,
      prometheus: 'monitoring/kube-prometheus-stack-prometheus',
    };
    return {
      status: resolved ? 'resolved' : 'firing',
      labels,
      annotations: {
        summary: `${labels.alertname} on online-boutique/${workload}`,
        description: `Deployment online-boutique/${workload} has had pods restarting or failing requests for 5 minutes.`,
        runbook_url: `https://runbooks.example.invalid/${labels.alertname}`,
      },
      startsAt: '2026-11-24T10:00:00.000Z',
      endsAt: resolved ? '2026-11-24T10:05:00.000Z' : '0001-01-01T00:00:00Z',
      generatorURL: `http://prometheus:9090/graph?g0.expr=rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29`,
      fingerprint: `${options.phase}-${serial.toString(16).padStart(8, '0')}`,
    };
  });
  return JSON.stringify({
    version: '4',
    groupKey: `{}/{severity=~"critical|warning"}:{namespace="online-boutique"}`,
    truncatedAlerts: 0,
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'ai4all-sre-agent',
    groupLabels: { namespace: 'online-boutique' },
    commonLabels: { namespace: 'online-boutique' },
    commonAnnotations: {},
    externalURL: 'http://kube-prometheus-stack-alertmanager.monitoring:9093',
    alerts,
  });
}

/** One firing alert naming a Deployment (for the pipeline overhead phase). */
export function deploymentAlertBody(
  namespace: string,
  deployment: string,
  alertname = 'KubeContainerOOMKilled',
): string {
  const labels = { alertname, namespace, deployment, severity: 'warning' };
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="${alertname}", namespace="${namespace}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'ai4all-sre-agent',
    groupLabels: { alertname, namespace },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://kube-prometheus-stack-alertmanager.monitoring:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: {
          summary: `${deployment} was OOMKilled`,
          description: `Container in ${namespace}/${deployment} was OOMKilled.`,
        },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL:
          'http://prometheus:9090/graph?g0.expr=kube_pod_container_status_last_terminated_reason%7Breason%3D%22OOMKilled%22%7D',
        fingerprint: `oom-${namespace}-${deployment}`,
      },
    ],
  });
}
