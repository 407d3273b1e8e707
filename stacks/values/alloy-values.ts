/**
 * Values for the alloy chart (the log collector; promtail is end-of-life): a DaemonSet where
 * each instance tails, through the Kubernetes API, the pods of its own node and pushes them to
 * Loki with namespace/pod/container/app labels. No hostPath mounts are needed.
 */
import { resources } from './sizing.js';

/** The Alloy (River) pipeline for a Loki push URL. */
export function alloyPipeline(lokiPushUrl: string): string {
  return [
    'discovery.kubernetes "pods" {',
    '  role = "pod"',
    '  selectors {',
    '    role  = "pod"',
    '    field = "spec.nodeName=" + sys.env("NODE_NAME")',
    '  }',
    '}',
    '',
    'discovery.relabel "pods" {',
    '  targets = discovery.kubernetes.pods.targets',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_namespace"]',
    '    target_label  = "namespace"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_name"]',
    '    target_label  = "pod"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_container_name"]',
    '    target_label  = "container"',
    '  }',
    '  rule {',
    '    source_labels = ["__meta_kubernetes_pod_label_app"]',
    '    target_label  = "app"',
    '  }',
    '}',
    '',
    'loki.source.kubernetes "pods" {',
    '  targets    = discovery.relabel.pods.output',
    '  forward_to = [loki.write.default.receiver]',
    '}',
    '',
    'loki.write "default" {',
    '  endpoint {',
    `    url = ${JSON.stringify(lokiPushUrl)}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Helm values for alloy. */
export function alloyValues(input: { readonly lokiUrl: string }): Record<string, unknown> {
  return {
    controller: { type: 'daemonset' },
    alloy: {
      configMap: { create: true, content: alloyPipeline(`${input.lokiUrl}/loki/api/v1/push`) },
      extraEnv: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
      mounts: { varlog: false, dockercontainers: false },
      resources: resources('50m', '128Mi', '256Mi'),
    },
  };
}
