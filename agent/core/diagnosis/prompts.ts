/**
 * Prompts for the specialists and the director. Trusted facts (the alerted workload, the action
 * catalog, the limits) are stated by code outside any fence; everything collected from the alert,
 * the cluster or other model replies is fenced (see fence.ts).
 */
import { ACTION_CATALOG } from '../../../catalog/action-catalog.js';
import type { Specialist } from '../../domain/diagnosis.js';
import type { AlertSummary } from '../../domain/incident.js';
import type { Evidence } from '../evidence/evidence.js';
import type { ReasonerMessage } from '../../ports/reasoner.js';
import { summarizeAlerts, summarizeEvidence, summarizeLogs } from './evidence-summary.js';
import { fenceInstructions, type Fence } from './fence.js';
import type { SpecialistReply } from './reply-schemas.js';
import type { Verdict } from './verdict.js';

const SPECIALIST_FOCUS: Record<Specialist, string> = {
  network:
    'You are the network specialist of an SRE team: service-to-service calls, DNS, connection errors, timeouts, ingress, mTLS, upstream dependencies.',
  database:
    'You are the database specialist of an SRE team: connections to Redis/PostgreSQL and other stores, saturation, persistent volumes, slow queries.',
  compute:
    'You are the compute specialist of an SRE team: CPU and memory, OOMKilled, CrashLoopBackOff, image pulls, rollouts and revisions, scheduling.',
};

export interface PromptContext {
  readonly fence: Fence;
  readonly alerts: readonly AlertSummary[];
  readonly evidence: Evidence;
}

function facts(context: PromptContext): string {
  const target = context.evidence.target;
  return `Alerted workload (fixed by the agent, not by the data): Deployment "${target.name}" in namespace "${target.namespace}".`;
}

function dataBlocks(context: PromptContext): string {
  const { fence, alerts, evidence } = context;
  return [
    fence.wrap('alerts', summarizeAlerts(alerts), 3000),
    fence.wrap('cluster-evidence', summarizeEvidence(evidence), 6000),
    fence.wrap('logs', summarizeLogs(evidence), 3000),
  ].join('\n\n');
}

export function specialistMessages(specialist: Specialist, context: PromptContext): ReasonerMessage[] {
  return [
    {
      role: 'system',
      content: [
        SPECIALIST_FOCUS[specialist],
        'Analyse the evidence from your domain only. Be brief and factual; cite concrete evidence.',
        fenceInstructions(context.fence),
        `Answer with JSON only: {"specialist": "${specialist}", "findings": [...], "suspectedCause": "...", "confidence": 0..1}.`,
      ].join('\n'),
    },
    { role: 'user', content: `${facts(context)}\n\n${dataBlocks(context)}` },
  ];
}

export interface DirectorPromptInputs extends PromptContext {
  readonly rules: Verdict;
  /** The rule verdict is decisive: the director writes the narrative; a different action goes to a human. */
  readonly rulesDecisive?: boolean;
  readonly specialists: readonly SpecialistReply[];
  readonly currentReplicas: number | null;
  readonly maxReplicas: number;
}

export function directorMessages(inputs: DirectorPromptInputs): ReasonerMessage[] {
  const target = inputs.evidence.target;
  const catalog = Object.values(ACTION_CATALOG)
    .map((definition) => `- ${definition.type}: ${definition.description}`)
    .join('\n');
  const replicaRule =
    inputs.currentReplicas === null
      ? `scale needs "replicas" between 1 and ${inputs.maxReplicas}.`
      : `scale needs "replicas" between 1 and ${Math.min(inputs.maxReplicas, Math.max(inputs.currentReplicas * 2, 1))} (current ${inputs.currentReplicas}; at most double per step).`;
  return [
    {
      role: 'system',
      content: [
        'You are the incident director of an SRE team. Decide the root cause and at most one remediation.',
        'The only actions that exist:',
        catalog,
        '- none: change nothing (use it when the workload is a victim of another failure, when a human is needed, or when unsure).',
        `An action always applies to the alerted Deployment "${target.name}" in namespace "${target.namespace}"; choose only its type and parameters (no target: a reply naming one is rejected by code).`,
        replicaRule,
        'rollback returns to the previous revision unless "toRevision" names an older one.',
        ...(inputs.rulesDecisive
          ? [
              "The rule engine's verdict (fenced below) is decisive from structured evidence: explain the incident and repeat its action; propose another action only if the evidence clearly contradicts it (a human then decides between both).",
            ]
          : []),
        fenceInstructions(inputs.fence),
        'Answer with JSON only, matching the given schema.',
      ].join('\n'),
    },
    {
      role: 'user',
      content: [
        facts(inputs),
        dataBlocks(inputs),
        inputs.fence.wrap(
          'rule-engine',
          `category ${inputs.rules.category}, confidence ${inputs.rules.confidence}: ${inputs.rules.rootCause}\nfindings: ${inputs.rules.findings.join(' | ')}`,
          2000,
        ),
        ...inputs.specialists.map((reply) =>
          inputs.fence.wrap(
            `specialist-${reply.specialist}`,
            `suspected cause (confidence ${reply.confidence}): ${reply.suspectedCause}\nfindings: ${reply.findings.join(' | ')}`,
            1500,
          ),
        ),
      ].join('\n\n'),
    },
  ];
}
