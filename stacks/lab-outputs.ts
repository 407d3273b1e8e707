/**
 * What a user needs after `pulumi up`: how to reach each UI/API (in-cluster URL and a
 * port-forward command), and the installed versions. Pure: derived from config and catalog.
 */
import { AGENT_DEFAULTS, AGENT_HTTP } from '../catalog/agent-contract.js';
import { LAB_NAMESPACES, PLATFORM_ENDPOINTS, PROMETHEUS_STACK_RELEASE } from '../catalog/platform-contract.js';
import { CHARTS, GATEWAY_API_CRDS, type ChartKey } from './catalog/chart-catalog.js';
import type { LabConfig } from './config/lab-config.js';

/** How to reach one service. */
export interface Endpoint {
  readonly inCluster: string;
  readonly portForward: string;
  readonly local: string;
}

function endpoint(
  namespace: string,
  service: string,
  servicePort: number,
  localPort: number,
  inCluster?: string,
): Endpoint {
  return {
    inCluster:
      inCluster ?? `http://${service}.${namespace}.svc.cluster.local${servicePort === 80 ? '' : `:${servicePort}`}`,
    portForward: `kubectl -n ${namespace} port-forward svc/${service} ${localPort}:${servicePort}`,
    local: `http://localhost:${localPort}`,
  };
}

/** Endpoints of the enabled components (the agent's always: it arrives through GitOps). */
export function labEndpoints(config: LabConfig): Record<string, Endpoint> {
  const { components } = config;
  const endpoints: Record<string, Endpoint> = {};
  if (components.argocd) {
    endpoints.argocd = endpoint(LAB_NAMESPACES.argocd, 'argocd-server', 80, 8080);
  }
  if (components.monitoring) {
    endpoints.grafana = endpoint(LAB_NAMESPACES.monitoring, `${PROMETHEUS_STACK_RELEASE}-grafana`, 80, 3000);
    endpoints.prometheus = endpoint(
      LAB_NAMESPACES.monitoring,
      `${PROMETHEUS_STACK_RELEASE}-prometheus`,
      9090,
      9090,
      PLATFORM_ENDPOINTS.prometheus,
    );
    endpoints.alertmanager = endpoint(
      LAB_NAMESPACES.monitoring,
      `${PROMETHEUS_STACK_RELEASE}-alertmanager`,
      9093,
      9093,
      PLATFORM_ENDPOINTS.alertmanager,
    );
  }
  if (components.logging) {
    endpoints.loki = endpoint(LAB_NAMESPACES.logging, 'loki', 3100, 3100, PLATFORM_ENDPOINTS.loki);
  }
  if (components.ollama) {
    endpoints.ollama = endpoint(LAB_NAMESPACES.ollama, 'ollama', 11434, 11434, PLATFORM_ENDPOINTS.ollama);
  }
  if (components.chaosMesh && config.chaosMesh.dashboard) {
    endpoints.chaosDashboard = endpoint(LAB_NAMESPACES.chaosMesh, 'chaos-dashboard', 2333, 2333);
  }
  endpoints.agent = {
    ...endpoint(AGENT_DEFAULTS.namespace, AGENT_DEFAULTS.serviceName, AGENT_DEFAULTS.servicePort, 8081),
    local: `http://localhost:8081${AGENT_HTTP.incidentsPath}`,
  };
  return endpoints;
}

const COMPONENT_CHARTS: Record<keyof LabConfig['components'], readonly ChartKey[]> = {
  argocd: ['argocd'],
  linkerd: ['linkerdCrds', 'linkerdControlPlane'],
  kyverno: ['kyverno'],
  chaosMesh: ['chaosMesh'],
  monitoring: ['kubePrometheusStack'],
  logging: ['loki', 'alloy'],
  ollama: ['ollama'],
};

/** Chart keys installed for a configuration. */
export function enabledCharts(config: LabConfig): ChartKey[] {
  return (Object.keys(COMPONENT_CHARTS) as (keyof LabConfig['components'])[])
    .filter((component) => config.components[component])
    .flatMap((component) => COMPONENT_CHARTS[component]);
}

/** Installed versions: charts (name@version, app version), Gateway API, models. */
export function labVersions(config: LabConfig): Record<string, unknown> {
  const charts = Object.fromEntries(
    enabledCharts(config).map((key) => [
      key,
      `${CHARTS[key].chart}@${CHARTS[key].version} (${CHARTS[key].appVersion})`,
    ]),
  );
  return {
    charts,
    gatewayApi:
      config.components.linkerd && config.linkerd.gatewayApi === 'install'
        ? GATEWAY_API_CRDS.version
        : 'cluster-provided',
    ollamaModels: config.components.ollama ? [...config.ollama.models] : [],
  };
}
