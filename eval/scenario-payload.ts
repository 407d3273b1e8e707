/**
 * The scenario's alerts as the production path receives them: one Alertmanager v4 notification
 * (built like Alertmanager builds it: fingerprints, group and common labels), parsed by the
 * webhook's own schema (bounds included) before eval posts it to the agent's webhook.
 * `{{pod:<deployment>}}` in a label is replaced by a real pod of that Deployment
 * (the least healthy), since pod names are only known once the world is built.
 */
import type { Incident } from '../agent/domain/incident.js';
import { summarizeAlert } from '../agent/core/intake/alert-routing.js';
import { AlertmanagerPayloadSchema, type AlertmanagerPayload } from '../agent/core/intake/alertmanager-payload.js';
import { openIncident } from '../agent/core/intake/open-incident.js';
import type { SimulatedCluster } from '../simulator/kubernetes/index.js';
import { makeAlert, makeWebhook } from '../simulator/fakes/alertmanager-payloads.js';
import type { EvalScenario, ScenarioAlert } from './scenario.js';

const POD_OF = /\{\{pod:([a-z0-9-]+)(?::(\d))?\}\}/g;

/** The `index`-th pod of the Deployment, the least healthy first (not ready, most restarts), else by name. */
function podOf(cluster: SimulatedCluster, namespace: string, deployment: string, index = 0): string {
  const pods = cluster.podsOf(namespace, deployment).map((pod) => {
    const statuses = pod.status?.containerStatuses ?? [];
    const ready = statuses.length > 0 && statuses.every((status) => status.ready);
    const restarts = statuses.reduce((sum, status) => sum + status.restartCount, 0);
    return { name: pod.metadata.name, score: (ready ? 0 : 1000) + restarts };
  });
  pods.sort((left, right) => right.score - left.score || left.name.localeCompare(right.name));
  const chosen = pods[index];
  if (chosen === undefined) throw new Error(`scenario alert: no pod ${index} of ${namespace}/${deployment}`);
  return chosen.name;
}

function concrete(cluster: SimulatedCluster, alert: ScenarioAlert): ScenarioAlert {
  const namespace = alert.labels['namespace'] ?? '';
  const fill = (record: Readonly<Record<string, string>>) =>
    Object.fromEntries(
      Object.entries(record).map(([key, value]) => [
        key,
        value.replace(POD_OF, (_all, deployment: string, index?: string) =>
          podOf(cluster, namespace, deployment, Number(index ?? 0)),
        ),
      ]),
    );
  return {
    ...alert,
    labels: fill(alert.labels),
    ...(alert.annotations ? { annotations: fill(alert.annotations) } : {}),
  };
}

/** The Alertmanager notification for the scenario, validated by the webhook's schema. */
export function scenarioPayload(scenario: EvalScenario, cluster: SimulatedCluster, at: string): AlertmanagerPayload {
  const alerts = [scenario.alert, ...(scenario.groupedWith ?? [])].map((alert) => concrete(cluster, alert));
  const webhook = makeWebhook(
    alerts.map((alert) =>
      makeAlert({
        labels: { ...alert.labels, alertname: alert.alertname },
        annotations: alert.annotations ?? {},
        startsAt: at,
      }),
    ),
  );
  const parsed = AlertmanagerPayloadSchema.safeParse(JSON.parse(JSON.stringify(webhook)));
  if (!parsed.success)
    throw new Error(`scenario ${scenario.id}: the webhook refuses its payload: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * The incident as it would have opened for the notification's first alert, for the report when the
 * agent opened none (the webhook refused the notification): scored as a miss, never as a pass.
 */
export function unopenedIncident(id: string, payload: AlertmanagerPayload): Incident {
  const first = payload.alerts[0];
  if (first === undefined) throw new Error('the notification has no alert');
  return openIncident({ id, at: first.startsAt, alert: summarizeAlert(first) });
}
