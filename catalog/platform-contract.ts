/**
 * Names the Pulumi stacks (which install the platform charts) and the construct library (which
 * synthesizes what ArgoCD syncs) must agree on. Pure data; safe to import from any layer.
 * Changing a value here changes both sides at once; tests on both sides import it.
 */

/** Namespaces of the lab. */
export const LAB_NAMESPACES = {
  argocd: 'argocd',
  linkerd: 'linkerd',
  kyverno: 'kyverno',
  chaosMesh: 'chaos-mesh',
  monitoring: 'monitoring',
  logging: 'logging',
  ollama: 'ollama',
  agent: 'ai4all-sre',
  demo: 'online-boutique',
} as const;

/** kube-prometheus-stack release name; its Services are named after it. */
export const PROMETHEUS_STACK_RELEASE = 'kube-prometheus-stack';

/**
 * Label that Prometheus' ruleSelector / serviceMonitorSelector / podMonitorSelector match, so
 * PrometheusRules and ServiceMonitors from dist/ are picked up (the stacks configure the selectors).
 */
export const MONITORING_SELECTOR_LABEL = { key: 'ai4all-sre.io/monitoring', value: 'enabled' } as const;

/** Label the Grafana dashboard sidecar watches for ConfigMaps holding dashboards. */
export const GRAFANA_DASHBOARD_LABEL = { key: 'grafana_dashboard', value: '1' } as const;

/** In-cluster service endpoints the agent and Grafana use. */
export const PLATFORM_ENDPOINTS = {
  prometheus: `http://${PROMETHEUS_STACK_RELEASE}-prometheus.${LAB_NAMESPACES.monitoring}.svc.cluster.local:9090`,
  alertmanager: `http://${PROMETHEUS_STACK_RELEASE}-alertmanager.${LAB_NAMESPACES.monitoring}.svc.cluster.local:9093`,
  loki: `http://loki.${LAB_NAMESPACES.logging}.svc.cluster.local:3100`,
  ollama: `http://ollama.${LAB_NAMESPACES.ollama}.svc.cluster.local:11434`,
} as const;

/**
 * Grafana datasources the stacks provision (kube-prometheus-stack's Grafana) and dashboards
 * reference by uid, so a dashboard never depends on a datasource's display name.
 */
export const GRAFANA_DATASOURCES = {
  prometheus: { uid: 'prometheus', name: 'Prometheus', url: PLATFORM_ENDPOINTS.prometheus },
  loki: { uid: 'loki', name: 'Loki', url: PLATFORM_ENDPOINTS.loki },
} as const;

/** Ports the agent's NetworkPolicy opens for egress. */
export const PLATFORM_PORTS = { prometheus: 9090, loki: 3100, ollama: 11434, dns: 53, apiServer: [443, 6443] } as const;

/** GitOps wiring: the Pulumi bootstrap Application points at `appsPath`, the app of apps. */
export const GITOPS_DEFAULTS = {
  project: 'ai4all-sre',
  /** dist/ folder holding the AppProject and one Application per synthesized chart. */
  appsPath: 'dist/apps',
  bootstrapApplicationName: 'ai4all-sre-bootstrap',
} as const;

/**
 * The demo application (Google's microservices-demo / Online Boutique) the lab breaks and heals.
 * Each Deployment carries `app: <name>`; alert rules, chaos experiments and the agent target these.
 */
export const DEMO_APP = {
  namespace: LAB_NAMESPACES.demo,
  workloadLabel: 'app',
  /** Image tag of every microservices-demo image (pinned, never `latest`). */
  version: 'v0.10.4',
  services: [
    'frontend',
    'cartservice',
    'productcatalogservice',
    'currencyservice',
    'paymentservice',
    'shippingservice',
    'emailservice',
    'checkoutservice',
    'recommendationservice',
    'adservice',
    'redis-cart',
  ],
  loadGenerator: 'loadgenerator',
} as const;

/**
 * Stream labels the lab's log pipeline (Alloy → Loki) attaches to every pod log line; the log
 * dashboards may select on these only.
 */
export const LOKI_STREAM_LABELS = ['namespace', 'pod', 'container', 'app'] as const;
