/**
 * Names and numbers the agent runtime, the construct library and the Pulumi stacks must agree
 * on: HTTP paths and port, the labels the agent resolves targets from, and the default names of
 * the agent's Kubernetes objects. Pure data; safe to import from any layer.
 */

/** HTTP surface of the agent (see agent/README.md for the full contract). */
export const AGENT_HTTP = {
  port: 8080,
  webhookPath: '/webhook/alertmanager',
  healthPath: '/healthz',
  readyPath: '/readyz',
  metricsPath: '/metrics',
  incidentsPath: '/api/incidents',
} as const;

/** Alert labels the agent reads to resolve which workload an alert is about. */
export const ALERT_TARGET_LABELS = {
  namespace: 'namespace',
  deployment: 'deployment',
  pod: 'pod',
  /** Optional: `restart` | `scale` | `rollback` hint set by alert rules; never trusted on its own. */
  actionHint: 'ai4all_action',
} as const;

/** How the agent may act: on its own, after a human approves, or never (it only says what it would do). */
export const AGENT_MODES = ['autonomous', 'approval', 'dry-run'] as const;
export type AgentMode = (typeof AGENT_MODES)[number];

/** Model tag the agent, the demo, eval and doctor use when none is set (small enough for a lab host's CPU). */
export const DEFAULT_MODEL_TAG = 'qwen2.5:3b-instruct';

/** Label every workload the agent may manage carries (alert rules and policies select on it). */
export const MANAGED_WORKLOAD_LABEL = 'ai4all-sre.io/managed';

/** Default names of the agent's objects in the cluster. */
export const AGENT_DEFAULTS = {
  namespace: 'ai4all-sre',
  name: 'ai4all-sre-agent',
  serviceAccountName: 'ai4all-sre-agent',
  serviceName: 'ai4all-sre-agent',
  /** Secret holding the webhook bearer token; Alertmanager and the agent both read it. */
  webhookTokenSecretName: 'ai4all-sre-webhook-token',
  webhookTokenSecretKey: 'token',
  /**
   * ConfigMap with the environment-specific settings the stack decides (the model Ollama serves),
   * read by the agent's Deployment as optional env; absent → the agent's own defaults.
   */
  settingsConfigMapName: 'ai4all-sre-agent-settings',
  /** Key of the model tag in the settings ConfigMap. */
  settingsModelKey: 'OLLAMA_MODEL',
  /** The Lease used to elect the acting replica (pre-created, so the agent needs no `create`). */
  leaseName: 'ai4all-sre-agent-leader',
  /** Service port the Service exposes (targets the container's AGENT_HTTP.port). */
  servicePort: 80,
  replicaMaximum: 10,
} as const;

/** In-cluster URL Alertmanager posts to, derived from the Service name and namespace. */
export function agentWebhookUrl(
  namespace: string = AGENT_DEFAULTS.namespace,
  serviceName: string = AGENT_DEFAULTS.serviceName,
  port: number = AGENT_DEFAULTS.servicePort,
): string {
  const portSuffix = port === 80 ? '' : `:${port}`;
  return `http://${serviceName}.${namespace}.svc.cluster.local${portSuffix}${AGENT_HTTP.webhookPath}`;
}

/**
 * The agent's V8 old-generation limit for a container memory limit: three quarters of it, leaving
 * the rest for the young generation, code and native memory (a Node process idles at ~100 MB RSS).
 * Besides the limit, a heap this size makes V8 grow the heap by ~1.35x between collections instead
 * of up to 4x, which the bench measured as the difference between 150 and 210 MB RSS in an alert
 * storm. The image's default (`NODE_OPTIONS` in the Dockerfile) is this for 512 MiB.
 */
export function agentHeapMebibytes(memoryLimitMebibytes: number): number {
  return Math.max(64, Math.floor(memoryLimitMebibytes * 0.75));
}

/** `NODE_OPTIONS` for the agent container. */
export const agentNodeOptions = (memoryLimitMebibytes: number): string =>
  `--max-old-space-size=${agentHeapMebibytes(memoryLimitMebibytes)}`;
