/**
 * The stack's typed configuration: one zod schema, types derived from it. Pulumi config is
 * parsed here (never cast); every default lives in the schema so `Pulumi.<stack>.yaml` only holds
 * what differs. `stacks/index.ts` reads the raw values; everything else receives a {@link LabConfig}.
 */
import { z } from 'zod';
import { isSystemNamespace } from '../../catalog/action-catalog.js';
import { GITOPS_DEFAULTS, LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { OLLAMA_MODELS, OLLAMA_MODEL_TAGS, type OllamaModelTag } from '../catalog/chart-catalog.js';

/** Pulumi config namespace (the project name in Pulumi.yaml). */
export const CONFIG_NAMESPACE = 'ai4all-sre';

/** The top-level config keys, each an object in `Pulumi.<stack>.yaml`. */
export const CONFIG_KEYS = [
  'cluster',
  'components',
  'gitops',
  'agent',
  'linkerd',
  'monitoring',
  'logging',
  'chaosMesh',
  'ollama',
  'charts',
] as const;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel = z
  .string()
  .max(63)
  .regex(DNS_LABEL, 'must be a DNS label (lowercase letters, digits, "-"; e.g. "online-boutique")');
const quantity = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti)$/, 'must be a Kubernetes storage quantity such as "10Gi" or "512Mi"');
const promDuration = z.string().regex(/^[0-9]+(ms|s|m|h|d|w|y)$/, 'must be a duration such as "2d", "12h" or "30m"');

const Cluster = z
  .object({
    /** Path to a kubeconfig file (a leading `~/` is expanded) or its YAML contents. Required: never ambient. */
    kubeconfig: z.string().min(1, 'must name a kubeconfig file or hold its contents'),
    /** kubeconfig context to use (k3s names it "default"). Required: never the current context by accident. */
    context: z.string().min(1, 'must name the kubeconfig context (k3s: "default")'),
    /** Stable provider identity, so a changed kubeconfig does not replace every resource. */
    clusterIdentifier: dnsLabel.default('lab-k3s'),
    /** StorageClass for every persistent volume (k3s: local-path). */
    storageClass: dnsLabel.default('local-path'),
    /** HA replicas and disruption budgets (needs several nodes). */
    highAvailability: z.boolean().default(false),
  })
  .strict();

const Components = z
  .object({
    argocd: z.boolean().default(true),
    linkerd: z.boolean().default(true),
    kyverno: z.boolean().default(true),
    chaosMesh: z.boolean().default(true),
    monitoring: z.boolean().default(true),
    logging: z.boolean().default(true),
    ollama: z.boolean().default(true),
  })
  .strict();

const GitOps = z
  .object({
    /** Repository ArgoCD syncs `dist/` from (https or ssh URL of your fork). */
    repoUrl: z
      .string()
      .regex(/^(https:\/\/|ssh:\/\/|git@)[^\s]+$/, 'must be an https://, ssh:// or git@ repository URL'),
    /** Branch, tag or commit. */
    revision: z.string().min(1).default('main'),
    /** Folder of the app of apps. */
    path: z.string().min(1).default(GITOPS_DEFAULTS.appsPath),
    /**
     * `true`: the bootstrap Application carries Argo CD's resources finalizer, so `pulumi destroy`
     * first lets Argo CD delete everything it synced (Argo CD must be running). `false`: destroy
     * removes the Application at once and leaves what Argo CD synced outside the stack's
     * namespaces (cluster-scoped objects) behind. See docs/lab-guide.md, "Teardown".
     */
    pruneOnDestroy: z.boolean().default(true),
  })
  .strict();

const Agent = z
  .object({
    /** Namespaces whose alerts Alertmanager routes to the agent (system namespaces refused). */
    namespaceAllowlist: z
      .array(dnsLabel.refine((ns) => !isSystemNamespace(ns), 'is a system namespace; the agent may never act there'))
      .min(1, 'must list at least one namespace')
      .default([LAB_NAMESPACES.demo]),
  })
  .strict();

const Linkerd = z
  .object({
    /** `existing`: the cluster ships Gateway API CRDs (k3s with Traefik); `install`: the stack applies them. */
    gatewayApi: z.enum(['existing', 'install']).default('existing'),
    /** Namespaces annotated `linkerd.io/inject: enabled` (platform namespaces are never meshed). */
    meshedNamespaces: z.array(dnsLabel).default([LAB_NAMESPACES.demo]),
    /** iptables backend of linkerd-init: `nft` (modern distributions) or `legacy` (older hosts). */
    iptablesMode: z.enum(['nft', 'legacy']).default('nft'),
  })
  .strict();

const Monitoring = z
  .object({
    retention: promDuration.default('2d'),
    storageSize: quantity.default('10Gi'),
    /** Webhook of the human receiver (chat, pager); without it alerts stay visible in Alertmanager/Grafana. */
    humanWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict();

const Logging = z
  .object({
    retention: promDuration.default('168h'),
    storageSize: quantity.default('10Gi'),
  })
  .strict();

const ChaosMesh = z
  .object({
    /** The dashboard is off by default; when on it runs with token authentication (securityMode). */
    dashboard: z.boolean().default(false),
  })
  .strict();

const Ollama = z
  .object({
    /** Model tags pulled when the pod starts; the first is the one the agent uses. */
    models: z
      .array(z.enum(OLLAMA_MODEL_TAGS as [OllamaModelTag, ...OllamaModelTag[]]))
      .min(1, 'must list at least one model'),
    gpu: z
      .object({
        enabled: z.boolean().default(false),
        type: z.enum(['nvidia', 'amd']).default('nvidia'),
        count: z.number().int().min(1).default(1),
      })
      .strict()
      .default({ enabled: false, type: 'nvidia', count: 1 }),
    /** CPU request in cores. */
    cpu: z.number().positive().default(2),
    /** Memory request in GiB; defaults to what the largest model needs and may not be lower. */
    memoryGiB: z.number().positive().optional(),
    /** Model volume in GiB; defaults to the downloads plus headroom and may not be lower. */
    storageGiB: z.number().int().positive().optional(),
  })
  .strict();

const Charts = z
  .object({
    /**
     * `repository`: each chart from its public Helm repository (the catalog's URLs). `vendored`:
     * from archives named `<chart>-<version>.tgz` in `directory` (air-gapped hosts, CI).
     */
    source: z.enum(['repository', 'vendored']).default('repository'),
    /** Folder of the archives: absolute, or relative to the project (where Pulumi.yaml is). */
    directory: z.string().min(1).default('vendor/charts'),
  })
  .strict();

/** The raw (input) schema of the whole stack configuration. */
export const LabConfigSchema = z
  .object({
    cluster: Cluster,
    components: Components.default(Components.parse({})),
    gitops: GitOps,
    agent: Agent.default(Agent.parse({})),
    linkerd: Linkerd.default(Linkerd.parse({})),
    monitoring: Monitoring.default(Monitoring.parse({})),
    logging: Logging.default(Logging.parse({})),
    chaosMesh: ChaosMesh.default(ChaosMesh.parse({})),
    ollama: Ollama,
    charts: Charts.default(Charts.parse({})),
  })
  .strict()
  .superRefine((config, context) => {
    const sizing = ollamaSizing(config.ollama.models);
    if (config.ollama.memoryGiB !== undefined && config.ollama.memoryGiB < sizing.memoryGiB) {
      context.addIssue({
        code: 'custom',
        path: ['ollama', 'memoryGiB'],
        message: `is ${config.ollama.memoryGiB} but the models (${config.ollama.models.join(', ')}) need at least ${sizing.memoryGiB} (remove the key to use that)`,
      });
    }
    if (config.ollama.storageGiB !== undefined && config.ollama.storageGiB < sizing.storageGiB) {
      context.addIssue({
        code: 'custom',
        path: ['ollama', 'storageGiB'],
        message: `is ${config.ollama.storageGiB} but the models need at least ${sizing.storageGiB} (remove the key to use that)`,
      });
    }
  });

/** The parsed stack configuration (defaults applied). */
export type LabConfig = z.output<typeof LabConfigSchema>;

/** Memory and storage the given models need (largest model's memory; sum of downloads + headroom). */
export function ollamaSizing(models: readonly OllamaModelTag[]): { memoryGiB: number; storageGiB: number } {
  const memoryGiB = Math.max(...models.map((model) => OLLAMA_MODELS[model].memoryGiB));
  const downloads = models.reduce((sum, model) => sum + OLLAMA_MODELS[model].downloadGiB, 0);
  return { memoryGiB, storageGiB: Math.ceil(downloads * 1.5 + 5) };
}
