/**
 * The agent's configuration, parsed from environment variables with zod at start. Pure: the
 * composition root (agent/main.ts) passes `process.env` and a file-existence probe in; nothing
 * else reads the environment. Every problem names the variable, the value and the fix.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AGENT_DEFAULTS, AGENT_HTTP, AGENT_MODES, DEFAULT_MODEL_TAG } from '../../catalog/agent-contract.js';
import { isSystemNamespace } from '../../catalog/action-catalog.js';
import { isDnsLabel } from '../../catalog/kubernetes-names.js';
import { ConfigError } from './errors.js';

const integer = (minimum: number, maximum: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number between ${minimum} and ${maximum}`)
    .transform(Number)
    .pipe(z.number().int().min(minimum).max(maximum))
    .prefault(String(fallback));

const httpUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http:// or https:// URL' })
  .transform((value) => value.replace(/\/+$/, ''));

const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .transform((value) => value === 'true' || value === '1' || value === 'yes')
    .prefault(fallback ? 'true' : 'false');

const namespaceList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  )
  .superRefine((namespaces, context) => {
    for (const namespace of namespaces) {
      if (!isDnsLabel(namespace)) {
        context.addIssue({ code: 'custom', message: `"${namespace}" is not a valid namespace name` });
      } else if (isSystemNamespace(namespace)) {
        context.addIssue({
          code: 'custom',
          message: `"${namespace}" is a system namespace the agent must never act in; remove it`,
        });
      }
    }
  })
  .default([]);

/** Environment variables the agent reads, with their defaults. */
export const EnvironmentSchema = z.object({
  KUBECONFIG: z.string().trim().min(1).optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  OLLAMA_HOST: httpUrl.default('http://127.0.0.1:11434'),
  OLLAMA_MODEL: z.string().trim().min(1, `must name a model tag, e.g. ${DEFAULT_MODEL_TAG}`).default(DEFAULT_MODEL_TAG),
  PROMETHEUS_URL: httpUrl.optional(),
  LOKI_URL: httpUrl.optional(),
  AGENT_PORT: integer(0, 65_535, AGENT_HTTP.port),
  /** Default: 0.0.0.0 in a pod (KUBERNETES_SERVICE_HOST set), else 127.0.0.1. */
  AGENT_LISTEN_HOST: z.string().trim().min(1).optional(),
  AGENT_DATA_DIR: z.string().trim().min(1).default('./.ai4all-sre'),
  AGENT_WEBHOOK_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (generate one with `openssl rand -hex 32`)')
    .optional(),
  /** Optional read-only token: may list and read incidents, nothing else (the webhook token may do everything). */
  AGENT_READ_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters (generate one with `openssl rand -hex 32`)')
    .optional(),
  /** Development only: run with no token at all (every endpoint open). Never set in a cluster. */
  AGENT_INSECURE_NO_AUTH: boolean(false),
  AGENT_MODE: z.enum(AGENT_MODES, { message: `must be one of ${AGENT_MODES.join(', ')}` }).default('approval'),
  AGENT_NAMESPACES: namespaceList,
  AGENT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AGENT_QUEUE_CAPACITY: integer(1, 100_000, 256),
  AGENT_CONCURRENCY: integer(1, 64, 4),
  AGENT_DEDUPE_WINDOW_SECONDS: integer(1, 7 * 24 * 3600, 3600),
  AGENT_COOLDOWN_SECONDS: integer(0, 24 * 3600, 600),
  AGENT_MAX_REPLICAS: integer(1, 1000, AGENT_DEFAULTS.replicaMaximum),
  AGENT_HOURLY_ACTION_BUDGET: integer(0, 1000, 6),
  AGENT_RETAINED_INCIDENTS: integer(10, 100_000, 1000),
  AGENT_ALERT_LEDGER_MAX_MB: integer(1, 10_000, 16),
  AGENT_LEADER_ELECTION: z
    .enum(['auto', 'required', 'off'], { message: 'must be auto, required or off' })
    .default('auto'),
  AGENT_LEASE_NAMESPACE: z.string().trim().refine(isDnsLabel, 'must be a namespace name').optional(),
  AGENT_LEASE_NAME: z.string().trim().min(1).default(AGENT_DEFAULTS.leaseName),
  AGENT_LEASE_DURATION_SECONDS: integer(5, 300, 15),
  POD_NAME: z.string().trim().min(1).optional(),
  HOSTNAME: z.string().trim().min(1).optional(),
  AGENT_GITOPS_REPO: z.string().trim().min(1).optional(),
  AGENT_GITOPS_BRANCH: z.string().trim().min(1).default('main'),
  AGENT_GITOPS_PUSH: boolean(false),
  AGENT_ROLLOUT_DEADLINE_SECONDS: integer(10, 3600, 300),
  AGENT_VERIFY_SETTLE_SECONDS: integer(0, 3600, 30),
  AGENT_VERIFY_WINDOW_SECONDS: integer(10, 6 * 3600, 300),
  AGENT_VERIFY_INTERVAL_SECONDS: integer(1, 600, 15),
  AGENT_VERIFY_STABLE_SECONDS: integer(0, 6 * 3600, 60),
  AGENT_MODEL_TIMEOUT_SECONDS: integer(1, 600, 60),
});

export type Environment = Readonly<Record<string, string | undefined>>;

export type KubernetesAccess = { readonly mode: 'kubeconfig'; readonly path: string } | { readonly mode: 'in-cluster' };

/** The agent's configuration: derived from EnvironmentSchema through agentConfigFrom. */
export type AgentConfig = Readonly<ReturnType<typeof agentConfigFrom>>;

export interface ConfigProbes {
  /** True when the file exists (used to check KUBECONFIG and ~/.kube/config). */
  readonly fileExists: (path: string) => boolean;
  readonly homeDirectory?: string;
}

/** Parses the environment; throws a ConfigError naming every invalid variable. */
export function parseConfig(environment: Environment, probes: ConfigProbes): AgentConfig {
  const parsed = EnvironmentSchema.safeParse(environment);
  if (!parsed.success) {
    // Report the kubeconfig problem together with the others, so one run shows everything to fix.
    let kubernetesProblems: ConfigError['problems'] = [];
    try {
      resolveKubernetesAccess(environment['KUBECONFIG'], environment['KUBERNETES_SERVICE_HOST'], probes);
    } catch (error) {
      if (error instanceof ConfigError) kubernetesProblems = error.problems;
    }
    throw new ConfigError([
      ...parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '(environment)');
        const value = environment[variable];
        const shown =
          value === undefined || variable === 'AGENT_WEBHOOK_TOKEN' || variable === 'AGENT_READ_TOKEN'
            ? ''
            : ` (got "${value}")`;
        return { variable, message: `${issue.message}${shown}` };
      }),
      ...kubernetesProblems,
    ]);
  }
  const env = parsed.data;
  if (env.AGENT_VERIFY_STABLE_SECONDS > env.AGENT_VERIFY_WINDOW_SECONDS) {
    throw new ConfigError([
      {
        variable: 'AGENT_VERIFY_STABLE_SECONDS',
        message: `must not exceed AGENT_VERIFY_WINDOW_SECONDS (${env.AGENT_VERIFY_WINDOW_SECONDS}): verification could never pass (got "${env.AGENT_VERIFY_STABLE_SECONDS}")`,
      },
    ]);
  }
  const kubernetes = resolveKubernetesAccess(env.KUBECONFIG, env.KUBERNETES_SERVICE_HOST, probes);
  checkTokens(env);
  return agentConfigFrom(env, kubernetes);
}

type ParsedEnvironment = z.output<typeof EnvironmentSchema>;

/**
 * The agent's configuration, built from the parsed environment: the one place its shape is
 * written, so `AgentConfig` is derived from the schema (through this function), never restated.
 */
function agentConfigFrom(env: ParsedEnvironment, kubernetes: KubernetesAccess) {
  return {
    kubernetes,
    ollama: { host: env.OLLAMA_HOST, model: env.OLLAMA_MODEL },
    prometheusUrl: env.PROMETHEUS_URL,
    lokiUrl: env.LOKI_URL,
    http: {
      host: env.AGENT_LISTEN_HOST ?? (env.KUBERNETES_SERVICE_HOST ? '0.0.0.0' : '127.0.0.1'),
      port: env.AGENT_PORT,
      /** Grants everything: the webhook, approve/reject and reads. */
      webhookToken: env.AGENT_WEBHOOK_TOKEN,
      /** Grants reading incidents only. */
      readToken: env.AGENT_READ_TOKEN,
      /** True only with AGENT_INSECURE_NO_AUTH=true and no webhook token: every endpoint is open. */
      insecureNoAuth: env.AGENT_WEBHOOK_TOKEN === undefined && env.AGENT_INSECURE_NO_AUTH,
    },
    dataDirectory: env.AGENT_DATA_DIR,
    mode: env.AGENT_MODE,
    namespaces: env.AGENT_NAMESPACES,
    logLevel: env.AGENT_LOG_LEVEL,
    intake: {
      queueCapacity: env.AGENT_QUEUE_CAPACITY,
      concurrency: env.AGENT_CONCURRENCY,
      dedupeWindowMilliseconds: env.AGENT_DEDUPE_WINDOW_SECONDS * 1000,
      cooldownMilliseconds: env.AGENT_COOLDOWN_SECONDS * 1000,
      retainedIncidents: env.AGENT_RETAINED_INCIDENTS,
      /** The alert ledger rotates (one previous file kept) past this size. */
      ledgerMaxBytes: env.AGENT_ALERT_LEDGER_MAX_MB * 1024 * 1024,
    },
    guardrails: { maxReplicas: env.AGENT_MAX_REPLICAS, hourlyActionBudget: env.AGENT_HOURLY_ACTION_BUDGET },
    /** Pipeline timing: how long a rollout may take, how recovery is verified, how long the model may think. */
    pipeline: {
      rolloutDeadlineMilliseconds: env.AGENT_ROLLOUT_DEADLINE_SECONDS * 1000,
      verification: {
        settleMilliseconds: env.AGENT_VERIFY_SETTLE_SECONDS * 1000,
        windowMilliseconds: env.AGENT_VERIFY_WINDOW_SECONDS * 1000,
        intervalMilliseconds: env.AGENT_VERIFY_INTERVAL_SECONDS * 1000,
        stableMilliseconds: env.AGENT_VERIFY_STABLE_SECONDS * 1000,
      },
      modelTimeoutMilliseconds: env.AGENT_MODEL_TIMEOUT_SECONDS * 1000,
    },
    leadership: {
      election: env.AGENT_LEADER_ELECTION,
      namespace: env.AGENT_LEASE_NAMESPACE,
      leaseName: env.AGENT_LEASE_NAME,
      leaseDurationSeconds: env.AGENT_LEASE_DURATION_SECONDS,
      identity: env.POD_NAME ?? env.HOSTNAME ?? `agent-${process.pid}`,
    },
    gitops: env.AGENT_GITOPS_REPO
      ? {
          enabled: true as const,
          repository: env.AGENT_GITOPS_REPO,
          branch: env.AGENT_GITOPS_BRANCH,
          push: env.AGENT_GITOPS_PUSH,
        }
      : { enabled: false as const },
  };
}

/** No token means anyone who reaches the port may send alerts and approve writes: refused unless asked for. */
function checkTokens(env: z.infer<typeof EnvironmentSchema>): void {
  if (env.AGENT_WEBHOOK_TOKEN === undefined && !env.AGENT_INSECURE_NO_AUTH) {
    throw new ConfigError([
      {
        variable: 'AGENT_WEBHOOK_TOKEN',
        message:
          'not set: without it anyone who reaches the port could send alerts, read incidents and approve writes; set it (`openssl rand -hex 32`), or for local development only set AGENT_INSECURE_NO_AUTH=true',
      },
    ]);
  }
  if (env.AGENT_READ_TOKEN !== undefined && env.AGENT_READ_TOKEN === env.AGENT_WEBHOOK_TOKEN) {
    throw new ConfigError([
      { variable: 'AGENT_READ_TOKEN', message: 'must differ from AGENT_WEBHOOK_TOKEN (it grants reading only)' },
    ]);
  }
}

function resolveKubernetesAccess(
  kubeconfig: string | undefined,
  serviceHost: string | undefined,
  probes: ConfigProbes,
): KubernetesAccess {
  if (kubeconfig !== undefined) {
    // KUBECONFIG may list several files (path-separator separated); each must exist.
    const missing = kubeconfig.split(':').filter((path) => path.length > 0 && !probes.fileExists(path));
    if (missing.length > 0) {
      throw new ConfigError([
        { variable: 'KUBECONFIG', message: `file not found: ${missing.join(', ')}; point it at a readable kubeconfig` },
      ]);
    }
    return { mode: 'kubeconfig', path: kubeconfig };
  }
  if (serviceHost) return { mode: 'in-cluster' };
  const fallback = join(probes.homeDirectory ?? homedir(), '.kube', 'config');
  if (probes.fileExists(fallback)) return { mode: 'kubeconfig', path: fallback };
  throw new ConfigError([
    {
      variable: 'KUBECONFIG',
      message: `not set, no in-cluster credentials (KUBERNETES_SERVICE_HOST) and no ${fallback}; set KUBECONFIG to a kubeconfig file`,
    },
  ]);
}
