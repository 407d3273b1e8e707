/**
 * The pipeline's configuration: mode, guardrail limits, rollout and verification windows,
 * evidence bounds and model resilience. Parsed with zod so a bad value fails at start with the
 * field named. What the agent's environment sets (agent/config: mode, allowlist, limits, windows,
 * model timeout) has no default here: its one default is the environment schema's, and the
 * composition root passes it in. Only the internals nobody configures (evidence bounds, polling,
 * retries, the circuit breaker) have defaults, and only here.
 */
import { z } from 'zod';
import { isSystemNamespace } from '../../../catalog/action-catalog.js';
import { AGENT_MODES } from '../../../catalog/agent-contract.js';

const milliseconds = () =>
  z
    .number()
    .int()
    .min(0)
    .max(24 * 3_600_000);

export const WorkflowConfigSchema = z.object({
  mode: z.enum(AGENT_MODES),
  /** Namespaces the agent may act in; system namespaces are refused even if listed. */
  namespaces: z
    .array(z.string().min(1))
    .refine((list) => !list.some(isSystemNamespace), { message: 'must not contain a system namespace' }),
  maxReplicas: z.number().int().min(1).max(1000),
  /** Minimum time between two actions on one workload. */
  cooldownMilliseconds: milliseconds(),
  /** Maximum actions (all workloads) in any rolling hour. */
  hourlyActionBudget: z.number().int().min(0).max(1000),
  rollout: z.object({
    /** How long a rollout may take before the action counts as failed (and is undone). */
    deadlineMilliseconds: milliseconds(),
    pollMilliseconds: z.number().int().min(1).max(60_000).default(2_000),
  }),
  verification: z
    .object({
      /** Wait after the rollout before the first check (rate() windows need time to move). */
      settleMilliseconds: milliseconds(),
      /** Total time the alert condition has to clear. */
      windowMilliseconds: milliseconds(),
      intervalMilliseconds: z.number().int().min(1).max(600_000),
      /** Without an alert expression: how long the workload must stay healthy to count as recovered. */
      stableMilliseconds: milliseconds(),
    })
    .refine((verification) => verification.stableMilliseconds <= verification.windowMilliseconds, {
      message: 'stableMilliseconds must not exceed windowMilliseconds (verification could never pass)',
    }),
  evidence: z
    .object({
      /** Bound for each evidence source. */
      timeoutMilliseconds: z.number().int().min(1).max(120_000).default(10_000),
      maxPods: z.number().int().min(1).max(200).default(20),
      maxEvents: z.number().int().min(1).max(500).default(40),
      maxLogPods: z.number().int().min(0).max(20).default(3),
      logTailLines: z.number().int().min(1).max(1000).default(40),
      logBytes: z.number().int().min(256).max(1_048_576).default(16_384),
      lokiLimit: z.number().int().min(1).max(1000).default(30),
      lookbackMinutes: z.number().int().min(1).max(1440).default(30),
    })
    .prefault({}),
  model: z.object({
    /** Per request. */
    timeoutMilliseconds: z.number().int().min(1).max(600_000),
    /** Extra attempts after the first on timeouts/unreachable/invalid replies. */
    retries: z.number().int().min(0).max(5).default(1),
    retryBackoffMilliseconds: z.number().int().min(0).max(60_000).default(500),
    /** Consecutive failed requests that open the circuit. */
    breakerFailures: z.number().int().min(1).max(100).default(3),
    breakerResetMilliseconds: z.number().int().min(0).max(3_600_000).default(120_000),
    /** Below this confidence a model proposal is not acted on (rules decide). */
    minimumConfidence: z.number().min(0).max(1).default(0.5),
  }),
});

export type WorkflowConfig = z.output<typeof WorkflowConfigSchema>;
export type WorkflowConfigInput = z.input<typeof WorkflowConfigSchema>;

/** Parses a configuration, naming each bad field. */
export function createWorkflowConfig(input: WorkflowConfigInput): WorkflowConfig {
  const parsed = WorkflowConfigSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new Error(`invalid pipeline configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
