/**
 * Schema of the Alertmanager webhook body, version 4 (what Alertmanager's `webhook_config` posts:
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config). Parsed with zod at the
 * HTTP boundary; the rest of the agent only sees the derived, validated type.
 */
import { z } from 'zod';
import { boundAlert } from './alert-bounds.js';

const LabelSet = z.record(z.string().max(1024), z.string().max(16 * 1024));

/** Alertmanager writes RFC 3339 timestamps; `endsAt` is `0001-01-01T00:00:00Z` while firing. */
const Timestamp = z.iso.datetime({ offset: true, message: 'must be an RFC 3339 timestamp' });

export const AlertmanagerAlertSchema = z
  .object({
    status: z.enum(['firing', 'resolved'], { message: 'must be "firing" or "resolved"' }),
    labels: LabelSet.refine((labels) => typeof labels['alertname'] === 'string' && labels['alertname'].length > 0, {
      message: 'must include a non-empty alertname label',
    }),
    annotations: LabelSet.default({}),
    startsAt: Timestamp,
    endsAt: Timestamp.optional(),
    generatorURL: z
      .string()
      .max(8 * 1024)
      .optional(),
    fingerprint: z.string().min(1, 'must be the non-empty alert fingerprint').max(128),
  })
  // Everything past the parse sees the alert within its byte bound (alert-bounds.ts).
  .transform(boundAlert);

export const AlertmanagerPayloadSchema = z.object({
  version: z.literal('4', { message: 'must be "4" (Alertmanager webhook payload version 4)' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: LabelSet,
  commonLabels: LabelSet,
  commonAnnotations: LabelSet,
  externalURL: z.string(),
  alerts: z.array(AlertmanagerAlertSchema).min(1, 'must contain at least one alert').max(10_000),
});

export type AlertmanagerAlert = z.infer<typeof AlertmanagerAlertSchema>;
export type AlertmanagerPayload = z.infer<typeof AlertmanagerPayloadSchema>;

/** Turns zod issues into one readable sentence per problem, naming the JSON path. */
export function describeIssues(error: z.ZodError, limit = 10): string[] {
  return error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(body)';
    return `${path}: ${issue.message}`;
  });
}
