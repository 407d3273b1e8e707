/**
 * The Alertmanager route and receiver that deliver alerts to the agent webhook. Pure function:
 * the Pulumi stacks embed its result in kube-prometheus-stack values, and tests on both sides
 * assert on it, so the URL the stack configures is always the agent Service the constructs create.
 */
import { AGENT_DEFAULTS, agentWebhookUrl } from '../../catalog/agent-contract.js';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';

/** Options for {@link agentAlertmanagerRouting}. */
export interface AgentAlertmanagerRoutingOptions {
  /** Agent webhook URL. @default agentWebhookUrl() (the agent Service in the agent namespace) */
  readonly webhookUrl?: string;
  /**
   * Path of the file holding the bearer token inside the Alertmanager pod (the webhook token
   * Secret mounted into Alertmanager). @default `/etc/alertmanager/secrets/<secret>/<key>`
   */
  readonly credentialsFile?: string;
  /** Namespaces whose alerts go to the agent. @default [LAB_NAMESPACES.demo] */
  readonly namespaces?: readonly string[];
  /** Receiver name. @default 'ai4all-sre-agent' */
  readonly receiverName?: string;
}

/** An Alertmanager route (subset of the Alertmanager configuration schema we emit). */
export interface AlertmanagerRoute {
  readonly receiver: string;
  readonly matchers: readonly string[];
  readonly continue: boolean;
  readonly group_by: readonly string[];
  readonly group_wait: string;
  readonly group_interval: string;
  readonly repeat_interval: string;
}

/** An Alertmanager webhook receiver with bearer authorization from a credentials file. */
export interface AlertmanagerWebhookReceiver {
  readonly name: string;
  readonly webhook_configs: readonly {
    readonly url: string;
    readonly send_resolved: boolean;
    readonly max_alerts: number;
    readonly timeout: string;
    readonly http_config: { readonly authorization: { readonly type: 'Bearer'; readonly credentials_file: string } };
  }[];
}

/** Default mount path of the webhook token Secret in Alertmanager (prometheus-operator `secrets:`). */
export function defaultAlertmanagerCredentialsFile(): string {
  return `/etc/alertmanager/secrets/${AGENT_DEFAULTS.webhookTokenSecretName}/${AGENT_DEFAULTS.webhookTokenSecretKey}`;
}

/**
 * The route and the webhook receiver for the agent. The route has `continue: true`, which hands a
 * matched alert on to the *following sibling* routes only (the parent's receiver is used only when
 * no child matched): a caller that wants people to see these alerts too must add a human route
 * after it, as stacks/values/kube-prometheus-stack-values.ts does.
 */
export function agentAlertmanagerRouting(options: AgentAlertmanagerRoutingOptions = {}): {
  route: AlertmanagerRoute;
  receiver: AlertmanagerWebhookReceiver;
} {
  const namespaces = options.namespaces ?? [LAB_NAMESPACES.demo];
  if (namespaces.length === 0) {
    throw new Error(
      'agentAlertmanagerRouting: namespaces is empty; pass at least one namespace whose alerts the agent handles.',
    );
  }
  for (const namespace of namespaces) {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) {
      throw new Error(`agentAlertmanagerRouting: namespace "${namespace}" is not a valid Kubernetes namespace name.`);
    }
  }
  const receiverName = options.receiverName ?? 'ai4all-sre-agent';
  return {
    route: {
      receiver: receiverName,
      matchers: [`namespace=~"${namespaces.join('|')}"`],
      continue: true,
      group_by: ['alertname', 'namespace', 'deployment'],
      group_wait: '10s',
      group_interval: '1m',
      repeat_interval: '30m',
    },
    receiver: {
      name: receiverName,
      webhook_configs: [
        {
          url: options.webhookUrl ?? agentWebhookUrl(),
          send_resolved: true,
          max_alerts: 50,
          timeout: '10s',
          http_config: {
            authorization: {
              type: 'Bearer',
              credentials_file: options.credentialsFile ?? defaultAlertmanagerCredentialsFile(),
            },
          },
        },
      ],
    },
  };
}
