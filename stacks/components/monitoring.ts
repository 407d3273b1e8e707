/**
 * kube-prometheus-stack: Prometheus, Alertmanager (agent + human receivers), Grafana with a
 * generated admin Secret. Installed after the webhook token Secret it mounts exists.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { LAB_NAMESPACES, PROMETHEUS_STACK_RELEASE } from '../../catalog/platform-contract.js';
import {
  GRAFANA_ADMIN_SECRET_KEYS,
  kubePrometheusStackValues,
  type KubePrometheusStackValuesInput,
} from '../values/kube-prometheus-stack-values.js';
import type { ChartSource } from './chart-source.js';
import { pinnedRelease } from './pinned-release.js';

/** Name of the Secret holding Grafana's admin credentials. */
export const GRAFANA_ADMIN_SECRET = 'grafana-admin-credentials';

/** Arguments of {@link Monitoring}. */
export interface MonitoringArgs {
  readonly namespace: k8s.core.v1.Namespace;
  /** The webhook token Secret in the monitoring namespace (Alertmanager mounts it). */
  readonly webhookTokenSecret: k8s.core.v1.Secret;
  readonly values: Omit<KubePrometheusStackValuesInput, 'grafanaAdminSecretName'>;
  /** Public repository or vendored archives (stack setting `charts`). */
  readonly charts: ChartSource;
}

/** The monitoring stack. */
export class Monitoring extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;
  /** Generated Grafana admin password (secret); user `admin`. */
  readonly grafanaAdminPassword: pulumi.Output<string>;

  constructor(name: string, args: MonitoringArgs, options: pulumi.ComponentResourceOptions) {
    super('ai4all-sre:platform:Monitoring', name, {}, options);
    const password = new random.RandomPassword(
      `${name}-grafana-admin`,
      { length: 24, special: false },
      { parent: this },
    );
    const adminSecret = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace: LAB_NAMESPACES.monitoring },
        type: 'Opaque',
        stringData: {
          [GRAFANA_ADMIN_SECRET_KEYS.user]: 'admin',
          [GRAFANA_ADMIN_SECRET_KEYS.password]: password.result,
        },
      },
      { parent: this, dependsOn: [args.namespace] },
    );
    this.release = pinnedRelease(
      'kubePrometheusStack',
      {
        releaseName: PROMETHEUS_STACK_RELEASE,
        namespace: LAB_NAMESPACES.monitoring,
        charts: args.charts,
        values: kubePrometheusStackValues({ ...args.values, grafanaAdminSecretName: GRAFANA_ADMIN_SECRET }),
        timeoutSeconds: 900,
      },
      { parent: this, dependsOn: [args.namespace, adminSecret, args.webhookTokenSecret] },
    );
    this.grafanaAdminPassword = pulumi.secret(password.result);
    this.registerOutputs({ grafanaAdminPassword: this.grafanaAdminPassword });
  }
}
