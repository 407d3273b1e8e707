/** Compact, bounded text views of the evidence for prompts (all of it is fenced as untrusted). */
import type { AlertSummary } from '../../domain/incident.js';
import type { Evidence } from '../evidence/evidence.js';

export function summarizeAlerts(alerts: readonly AlertSummary[]): string {
  return alerts
    .slice(0, 5)
    .map((alert) =>
      [
        `alert ${alert.alertname} (${alert.status}, severity ${alert.severity}, since ${alert.startsAt})`,
        ...Object.entries(alert.annotations).map(([key, value]) => `  ${key}: ${value.slice(0, 600)}`),
      ].join('\n'),
    )
    .join('\n');
}

export function summarizeEvidence(evidence: Evidence): string {
  const lines: string[] = [];
  const deployment = evidence.deployment;
  if (deployment) {
    const status = deployment.status;
    lines.push(
      `deployment: replicas ${deployment.replicas}, ready ${status.readyReplicas}, available ${status.availableReplicas}, updated ${status.updatedReplicas}, revision ${deployment.revision ?? '?'}, images ${deployment.images.join(', ')}`,
      ...status.conditions.map(
        (condition) =>
          `  condition ${condition.type}=${condition.status} ${condition.reason ?? ''} ${(condition.message ?? '').slice(0, 160)}`,
      ),
    );
  }
  for (const set of evidence.replicaSets.slice(0, 5)) {
    lines.push(
      `replicaset ${set.name}: revision ${set.revision ?? '?'}, created ${set.createdAt ?? '?'}, replicas ${set.replicas}, available ${set.availableReplicas}, images ${set.images.join(', ')}`,
    );
  }
  for (const pod of evidence.pods.slice(0, 10)) {
    const containers = pod.containers
      .map(
        (c) =>
          `${c.name} restarts=${c.restartCount} ready=${c.ready} waiting=${c.waitingReason ?? '-'} lastTerminated=${c.lastTerminationReason ?? '-'}${c.lastTerminationExitCode === null ? '' : `(${c.lastTerminationExitCode})`}`,
      )
      .join('; ');
    lines.push(
      `pod ${pod.name} (${pod.owner?.name ?? 'no owner'}): ${pod.phase}, node ${pod.nodeName ?? '-'}, ${containers}`,
    );
  }
  for (const event of evidence.events.slice(0, 15)) {
    lines.push(
      `event ${event.type} ${event.reason} ${event.involvedKind}/${event.involvedName} x${event.count}: ${event.message.slice(0, 200)}`,
    );
  }
  for (const metric of evidence.metrics) {
    const value =
      metric.samples.length === 0
        ? 'no data'
        : metric.samples
            .slice(0, 3)
            .map((sample) => sample.value.toPrecision(3))
            .join(', ');
    lines.push(`metric ${metric.name}: ${value}`);
  }
  for (const gap of evidence.gaps) lines.push(`missing ${gap.source}: ${gap.reason.slice(0, 160)}`);
  return lines.join('\n');
}

export function summarizeLogs(evidence: Evidence, limit = 3000): string {
  const parts = [
    ...evidence.logs.map(
      (log) => `--- ${log.pod}/${log.container}${log.previous ? ' (previous)' : ''}\n${log.text.slice(-1200)}`,
    ),
    ...(evidence.logLines.length > 0
      ? [
          `--- loki error lines\n${evidence.logLines
            .slice(0, 15)
            .map((line) => line.line)
            .join('\n')}`,
        ]
      : []),
  ];
  const text = parts.join('\n');
  return text.length > limit ? text.slice(-limit) : text;
}
