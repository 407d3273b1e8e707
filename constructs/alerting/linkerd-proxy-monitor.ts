/**
 * A PodMonitor that makes Prometheus scrape the Linkerd proxies of the watched namespaces, with
 * the `deployment` label taken from the proxy's `linkerd.io/proxy-deployment` pod label. The SLO
 * burn-rate alerts read `response_total` from these scrapes; without it they never fire.
 */
import { Construct } from 'constructs';
import { DEMO_APP, MONITORING_SELECTOR_LABEL } from '../../catalog/platform-contract.js';
import { requireDnsLabel, requireUniqueNonEmpty, requireWorkloadNamespace } from '../core/prop-validation.js';
import {
  PodMonitor,
  PodMonitorSpecPodMetricsEndpointsRelabelingsAction,
} from '../imports/prometheus-operator-monitoring.coreos.com.js';

/** Props of {@link LinkerdProxyMonitor}. */
export interface LinkerdProxyMonitorProps {
  /** Namespaces whose meshed pods are scraped. @default [DEMO_APP.namespace] */
  readonly targetNamespaces?: readonly string[];
  /** Namespace of the PodMonitor. @default the first target namespace */
  readonly namespace?: string;
  /** Name of the PodMonitor. @default 'linkerd-proxy' */
  readonly name?: string;
}

const CONSTRUCT = 'LinkerdProxyMonitor';

/** Scrapes `linkerd-admin` (:4191/metrics) of every meshed pod; adds the `deployment` label. */
export class LinkerdProxyMonitor extends Construct {
  constructor(scope: Construct, id: string, props: LinkerdProxyMonitorProps = {}) {
    super(scope, id);
    const targets = requireUniqueNonEmpty(
      CONSTRUCT,
      'targetNamespaces',
      props.targetNamespaces ?? [DEMO_APP.namespace],
    );
    for (const namespace of targets) requireWorkloadNamespace(CONSTRUCT, 'targetNamespaces', namespace);
    new PodMonitor(this, 'pod-monitor', {
      metadata: {
        name: requireDnsLabel(CONSTRUCT, 'name', props.name ?? 'linkerd-proxy'),
        namespace: requireDnsLabel(CONSTRUCT, 'namespace', props.namespace ?? targets[0]!),
        labels: { [MONITORING_SELECTOR_LABEL.key]: MONITORING_SELECTOR_LABEL.value },
      },
      spec: {
        selector: {
          matchExpressions: [{ key: 'linkerd.io/control-plane-ns', operator: 'Exists' }],
        },
        namespaceSelector: { matchNames: [...targets] },
        podMetricsEndpoints: [
          {
            port: 'linkerd-admin',
            path: '/metrics',
            interval: '30s',
            relabelings: [
              {
                sourceLabels: ['__meta_kubernetes_pod_label_linkerd_io_proxy_deployment'],
                targetLabel: 'deployment',
                action: PodMonitorSpecPodMetricsEndpointsRelabelingsAction.REPLACE,
              },
            ],
          },
        ],
      },
    });
  }
}
