/**
 * The agent's NetworkPolicy: deny by default in both directions; ingress only from Alertmanager
 * (webhook) and Prometheus (scrape) pods in the monitoring namespace; egress only to the API
 * server, Ollama, Prometheus, Loki and cluster DNS, each on its port (PLATFORM_PORTS).
 */
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AGENT_DEFAULTS, AGENT_HTTP } from '../../catalog/agent-contract.js';
import { LAB_NAMESPACES, PLATFORM_PORTS } from '../../catalog/platform-contract.js';
import { PropValidationError, requireDnsLabel, requireUniqueNonEmpty } from '../core/prop-validation.js';

/** Props of {@link AgentNetworkPolicy}. */
export interface AgentNetworkPolicyProps {
  /** Labels of the agent pods (AgentWorkload.selectorLabels). */
  readonly podSelectorLabels: Readonly<Record<string, string>>;
  /** Namespace of the agent. @default AGENT_DEFAULTS.namespace */
  readonly namespace?: string;
  /** Name of the policy. @default `${AGENT_DEFAULTS.name}` */
  readonly name?: string;
  /** Namespace of Prometheus and Alertmanager. @default LAB_NAMESPACES.monitoring */
  readonly monitoringNamespace?: string;
  /** Namespace of Ollama. @default LAB_NAMESPACES.ollama */
  readonly ollamaNamespace?: string;
  /** Namespace of Loki. @default LAB_NAMESPACES.logging */
  readonly lokiNamespace?: string;
  /**
   * CIDRs of the API server endpoints (policies see the endpoint IP after the Service is
   * translated, not the `kubernetes` ClusterIP). Narrow it to the control-plane node IPs when
   * known. @default ['0.0.0.0/0'] (only on PLATFORM_PORTS.apiServer)
   */
  readonly apiServerCidrs?: readonly string[];
}

const CONSTRUCT = 'AgentNetworkPolicy';
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d|[12]\d|3[0-2])$/;

/** Labels the kube-prometheus-stack operator puts on Alertmanager and Prometheus pods. */
export const MONITORING_POD_LABELS = {
  alertmanager: { 'app.kubernetes.io/name': 'alertmanager' },
  prometheus: { 'app.kubernetes.io/name': 'prometheus' },
} as const;

/** Deny-by-default NetworkPolicy for the agent pods. */
export class AgentNetworkPolicy extends Construct {
  /** The NetworkPolicy. */
  readonly policy: kplus.NetworkPolicy;

  constructor(scope: Construct, id: string, props: AgentNetworkPolicyProps) {
    super(scope, id);
    const namespace = requireDnsLabel(CONSTRUCT, 'namespace', props.namespace ?? AGENT_DEFAULTS.namespace);
    const name = requireDnsLabel(CONSTRUCT, 'name', props.name ?? AGENT_DEFAULTS.name);
    const monitoring = requireDnsLabel(
      CONSTRUCT,
      'monitoringNamespace',
      props.monitoringNamespace ?? LAB_NAMESPACES.monitoring,
    );
    const ollama = requireDnsLabel(CONSTRUCT, 'ollamaNamespace', props.ollamaNamespace ?? LAB_NAMESPACES.ollama);
    const loki = requireDnsLabel(CONSTRUCT, 'lokiNamespace', props.lokiNamespace ?? LAB_NAMESPACES.logging);
    if (Object.keys(props.podSelectorLabels).length === 0) {
      throw new PropValidationError(
        CONSTRUCT,
        'podSelectorLabels',
        props.podSelectorLabels,
        'pass the agent pod labels; {} would select every pod',
      );
    }
    const apiServerCidrs = requireUniqueNonEmpty(CONSTRUCT, 'apiServerCidrs', props.apiServerCidrs ?? ['0.0.0.0/0']);
    for (const cidr of apiServerCidrs) {
      const match = CIDR.exec(cidr);
      if (!match || match.slice(1, 5).some((octet) => Number(octet) > 255)) {
        throw new PropValidationError(CONSTRUCT, 'apiServerCidrs', cidr, 'use an IPv4 CIDR such as 10.0.0.10/32');
      }
    }

    const namespaces = (nsId: string, names: string[]) => kplus.Namespaces.select(this, nsId, { names });
    const pods = (podId: string, labels: Record<string, string>, names: string[]) =>
      kplus.Pods.select(this, podId, { labels, namespaces: namespaces(`${podId}-namespace`, names) });
    const agentPods = kplus.Pods.select(this, 'agent-pods', { labels: { ...props.podSelectorLabels } });
    const http = [kplus.NetworkPolicyPort.tcp(AGENT_HTTP.port)];

    this.policy = new kplus.NetworkPolicy(this, 'policy', {
      metadata: { name, namespace },
      selector: agentPods,
      ingress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [
          { peer: pods('alertmanager', { ...MONITORING_POD_LABELS.alertmanager }, [monitoring]), ports: http },
          { peer: pods('prometheus', { ...MONITORING_POD_LABELS.prometheus }, [monitoring]), ports: http },
        ],
      },
      egress: {
        default: kplus.NetworkPolicyTrafficDefault.DENY,
        rules: [
          ...apiServerCidrs.map((cidr, index) => ({
            peer: kplus.NetworkPolicyIpBlock.ipv4(this, `api-server-${index}`, cidr),
            ports: PLATFORM_PORTS.apiServer.map((port) => kplus.NetworkPolicyPort.tcp(port)),
          })),
          { peer: namespaces('ollama', [ollama]), ports: [kplus.NetworkPolicyPort.tcp(PLATFORM_PORTS.ollama)] },
          {
            peer: pods('prometheus-egress', { ...MONITORING_POD_LABELS.prometheus }, [monitoring]),
            ports: [kplus.NetworkPolicyPort.tcp(PLATFORM_PORTS.prometheus)],
          },
          { peer: namespaces('loki', [loki]), ports: [kplus.NetworkPolicyPort.tcp(PLATFORM_PORTS.loki)] },
          {
            peer: pods('dns', { 'k8s-app': 'kube-dns' }, ['kube-system']),
            ports: [kplus.NetworkPolicyPort.udp(PLATFORM_PORTS.dns), kplus.NetworkPolicyPort.tcp(PLATFORM_PORTS.dns)],
          },
        ],
      },
    });
  }
}
