/**
 * Values for kube-prometheus-stack on k3s:
 * - the control-plane components k3s embeds (controller manager, scheduler, proxy, etcd bind to
 *   127.0.0.1) are not scraped and their rules are off, so no `KubeSchedulerDown` floods the agent;
 * - Prometheus selects PrometheusRules/ServiceMonitors/PodMonitors from every namespace and
 *   release (empty selectors), so objects from dist/ labelled `MONITORING_SELECTOR_LABEL` are
 *   picked up together with the chart's own (a label selector cannot express "ours OR the chart's");
 * - Alertmanager routes the allowlisted namespaces to the agent with
 *   `agentAlertmanagerRouting()` (URL = the agent Service by construction; bearer token file from
 *   the mounted webhook token Secret) and every alert but Watchdog to a human receiver;
 * - Grafana: admin from a generated Secret (no `prom-operator` default), no anonymous access,
 *   dashboard sidecar on `GRAFANA_DASHBOARD_LABEL`, datasources with the contract's uids.
 */
import {
  agentAlertmanagerRouting,
  defaultAlertmanagerCredentialsFile,
} from '../../constructs/alerting/alertmanager-routing.js';
import { AGENT_DEFAULTS } from '../../catalog/agent-contract.js';
import { GRAFANA_DASHBOARD_LABEL, GRAFANA_DATASOURCES } from '../../catalog/platform-contract.js';
import { replicas, resources } from './sizing.js';

/** Receiver name of the human route. */
export const HUMAN_RECEIVER = 'human';

/** Keys of the generated Grafana admin Secret. */
export const GRAFANA_ADMIN_SECRET_KEYS = { user: 'admin-user', password: 'admin-password' } as const;

/** Inputs of {@link kubePrometheusStackValues}. */
export interface KubePrometheusStackValuesInput {
  /** Namespaces whose alerts go to the agent. */
  readonly agentNamespaces: readonly string[];
  /** Secret (in the monitoring namespace) holding the Grafana admin user and password. */
  readonly grafanaAdminSecretName: string;
  /** Add the Loki datasource (logging enabled). */
  readonly lokiDatasource: boolean;
  readonly retention: string;
  readonly storageSize: string;
  readonly storageClass: string;
  readonly highAvailability: boolean;
  /** Optional webhook of the human receiver. */
  readonly humanWebhookUrl?: string | undefined;
}

/**
 * Alertmanager configuration: Watchdog silenced, then the agent route (`continue: true`), then a
 * human route with the same matchers, human as the default. Alertmanager's `continue: true` hands
 * an alert on to the *following sibling* routes; the parent's receiver is used only when no child
 * matched. Without the human sibling, alerts from the agent's namespaces would reach only the agent
 * (found by `amtool config routes test`, see stacks/values/alertmanager-config.engine.test.ts).
 */
export function alertmanagerConfig(input: KubePrometheusStackValuesInput): Record<string, unknown> {
  const agent = agentAlertmanagerRouting({
    namespaces: input.agentNamespaces,
    credentialsFile: defaultAlertmanagerCredentialsFile(),
  });
  const human =
    input.humanWebhookUrl === undefined
      ? { name: HUMAN_RECEIVER }
      : { name: HUMAN_RECEIVER, webhook_configs: [{ url: input.humanWebhookUrl, send_resolved: true }] };
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: HUMAN_RECEIVER,
      group_by: ['alertname', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { receiver: 'null', matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] },
        agent.route,
        { receiver: HUMAN_RECEIVER, matchers: agent.route.matchers },
      ],
    },
    receivers: [{ name: 'null' }, human, agent.receiver],
  };
}

/** Helm values for kube-prometheus-stack. */
export function kubePrometheusStackValues(input: KubePrometheusStackValuesInput): Record<string, unknown> {
  const ha = input.highAvailability;
  const everything = {};
  return {
    // k3s embeds these in one binary bound to 127.0.0.1: nothing to scrape, alerts would be false.
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeProxy: { enabled: false },
    kubeEtcd: { enabled: false },
    defaultRules: {
      rules: {
        etcd: false,
        kubeControllerManager: false,
        kubeSchedulerAlerting: false,
        kubeSchedulerRecording: false,
        kubeProxy: false,
      },
    },
    prometheus: {
      prometheusSpec: {
        replicas: replicas(ha, 2),
        retention: input.retention,
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        probeSelectorNilUsesHelmValues: false,
        ruleSelector: everything,
        ruleNamespaceSelector: everything,
        serviceMonitorSelector: everything,
        serviceMonitorNamespaceSelector: everything,
        podMonitorSelector: everything,
        podMonitorNamespaceSelector: everything,
        resources: resources('200m', '512Mi', '2Gi'),
        storageSpec: {
          volumeClaimTemplate: {
            spec: {
              storageClassName: input.storageClass,
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: input.storageSize } },
            },
          },
        },
      },
    },
    alertmanager: {
      config: alertmanagerConfig(input),
      alertmanagerSpec: {
        replicas: replicas(ha),
        // Mounted at /etc/alertmanager/secrets/<name>/; the agent receiver's credentials_file points there.
        secrets: [AGENT_DEFAULTS.webhookTokenSecretName],
        resources: resources('50m', '64Mi', '256Mi'),
      },
    },
    grafana: {
      admin: {
        existingSecret: input.grafanaAdminSecretName,
        userKey: GRAFANA_ADMIN_SECRET_KEYS.user,
        passwordKey: GRAFANA_ADMIN_SECRET_KEYS.password,
      },
      'grafana.ini': { 'auth.anonymous': { enabled: false }, analytics: { reporting_enabled: false } },
      resources: resources('100m', '256Mi', '512Mi'),
      sidecar: {
        dashboards: {
          enabled: true,
          label: GRAFANA_DASHBOARD_LABEL.key,
          labelValue: GRAFANA_DASHBOARD_LABEL.value,
          searchNamespace: 'ALL',
          folderAnnotation: 'grafana_folder',
          provider: { foldersFromFilesStructure: true },
        },
        datasources: {
          enabled: true,
          defaultDatasourceEnabled: true,
          isDefaultDatasource: true,
          name: GRAFANA_DATASOURCES.prometheus.name,
          uid: GRAFANA_DATASOURCES.prometheus.uid,
        },
      },
      additionalDataSources: input.lokiDatasource
        ? [
            {
              name: GRAFANA_DATASOURCES.loki.name,
              uid: GRAFANA_DATASOURCES.loki.uid,
              type: 'loki',
              access: 'proxy',
              url: GRAFANA_DATASOURCES.loki.url,
              jsonData: { maxLines: 1000 },
            },
          ]
        : [],
    },
    prometheusOperator: { resources: resources('50m', '128Mi', '256Mi') },
    'kube-state-metrics': { resources: resources('20m', '64Mi', '256Mi') },
    'prometheus-node-exporter': { resources: resources('20m', '32Mi', '64Mi') },
  };
}
