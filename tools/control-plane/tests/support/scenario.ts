/**
 * Building blocks of the agent end-to-end scenarios: model scripts (the agent's recorded director
 * and specialist replies; the director names no target, the agent acts on the alerted workload)
 * and alert webhooks.
 */
import { chatContent, makeAlert, makeWebhook, type ScriptedReply } from '../../../../simulator/fakes/index.js';

export interface Target {
  readonly namespace: string;
  readonly name: string;
}

type DirectorFixture = Parameters<typeof chatContent>[0] & `chat-director-${string}`;

/** A recorded director reply (with optional extra action fields, e.g. `replicas`). */
export function directorReply(fixture: DirectorFixture, action: Record<string, unknown> = {}): Record<string, unknown> {
  const content = chatContent(fixture);
  const recorded = (content['action'] ?? {}) as Record<string, unknown>;
  // The model proposes an action type and parameters only: the target is the alerted workload.
  return { ...content, action: { ...recorded, ...action } };
}

/**
 * The model's script for one incident: recorded specialist findings for every specialist asked,
 * then `director` as the director's proposal. `conform: false` lets a reply through even when it
 * breaks the requested schema (hostile or garbage output).
 */
export function modelScript(
  director: Record<string, unknown>,
  options: { readonly conform?: boolean } = {},
): ScriptedReply[] {
  return [
    { match: { formatHasProperties: ['specialist'] }, reply: { content: chatContent('chat-specialist-compute') } },
    {
      match: { formatHasProperties: ['action'] },
      reply: { content: director },
      conformToFormat: options.conform ?? true,
    },
  ];
}

/** One firing alert about `target`, as Alertmanager posts it. */
export function alertWebhook(
  alertname: string,
  target: Target,
  annotations: Record<string, string> = {},
  severity = 'critical',
): ReturnType<typeof makeWebhook> {
  return makeWebhook([
    makeAlert({
      labels: { alertname, namespace: target.namespace, deployment: target.name, severity },
      annotations: {
        summary: `${alertname} on ${target.namespace}/${target.name}`,
        description: `Deployment ${target.namespace}/${target.name} is not healthy.`,
        ...annotations,
      },
      startsAt: new Date(Date.now() - 120_000).toISOString(),
    }),
  ]);
}
