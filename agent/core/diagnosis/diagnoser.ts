/**
 * Diagnosis: the rule engine always runs; when a model is configured, the specialists the rules
 * chose and then the director are consulted. The director's validated proposal is used unless
 * the model failed, answered invalidly or with low confidence — then the rules' verdict is used and
 * the diagnosis says why. The proposal (an action type and parameters, never a target: the action
 * is on the incident's workload) is returned as data; guardrails decide whether it may run.
 */
import type { Action } from '../../domain/action.js';
import type { Diagnosis, Specialist } from '../../domain/diagnosis.js';
import type { AlertSummary } from '../../domain/incident.js';
import type { WorkloadRef } from '../../domain/workload.js';
import type { Evidence } from '../evidence/evidence.js';
import type { Clock } from '../../ports/clock.js';
import type { Reasoner } from '../../ports/reasoner.js';
import type { PipelineTelemetry } from '../../ports/telemetry.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { createFence, type Fence } from './fence.js';
import { callModel, type ModelCallDependencies } from './model-caller.js';
import { directorMessages, specialistMessages } from './prompts.js';
import {
  DIRECTOR_FORMAT,
  DirectorReplySchema,
  SPECIALIST_FORMAT,
  SpecialistReplySchema,
  type DirectorReply,
  type SpecialistReply,
} from './reply-schemas.js';
import { applyRules } from './rules.js';
import type { Verdict } from './verdict.js';

export interface DiagnoserSettings {
  readonly timeoutMilliseconds: number;
  readonly retries: number;
  readonly retryBackoffMilliseconds: number;
  readonly breakerFailures: number;
  readonly breakerResetMilliseconds: number;
  readonly minimumConfidence: number;
}

export interface DiagnoserDependencies {
  readonly reasoner: Reasoner | null;
  readonly clock: Clock;
  readonly telemetry: PipelineTelemetry;
  readonly settings: DiagnoserSettings;
  readonly maxReplicas: number;
  /** Fence factory (tests pass a fixed id). */
  readonly fence?: () => Fence;
}

/** One model consultation, for the timeline. */
export interface ModelNote {
  readonly role: string;
  readonly ok: boolean;
  readonly attempts: number;
  readonly detail: string;
}

export interface DiagnosisOutcome {
  readonly diagnosis: Diagnosis;
  readonly action: Action;
  readonly rules: Verdict;
  readonly notes: readonly ModelNote[];
  /** The director's raw validated reply, when there was one. */
  readonly proposal: DirectorReply | null;
}

export class Diagnoser {
  private readonly breaker: CircuitBreaker;

  constructor(private readonly dependencies: DiagnoserDependencies) {
    this.breaker = new CircuitBreaker(
      dependencies.settings.breakerFailures,
      dependencies.settings.breakerResetMilliseconds,
    );
  }

  async diagnose(alerts: readonly AlertSummary[], evidence: Evidence): Promise<DiagnosisOutcome> {
    const { reasoner, clock, settings, maxReplicas } = this.dependencies;
    const rules = applyRules({ evidence, now: clock.now(), maxReplicas });
    if (!reasoner) return fromRules(rules, 'no model is configured', [], null);
    const calls: ModelCallDependencies = {
      reasoner,
      breaker: this.breaker,
      clock,
      telemetry: this.dependencies.telemetry,
      settings,
    };
    const fence = (this.dependencies.fence ?? (() => createFence()))();
    const context = { fence, alerts, evidence };
    const notes: ModelNote[] = [];
    const specialistReplies = await Promise.all(
      rules.specialists.map(async (specialist: Specialist) => {
        const result = await callModel(calls, {
          role: 'specialist',
          name: `specialist:${specialist}`,
          messages: specialistMessages(specialist, context),
          schema: SpecialistReplySchema,
          format: SPECIALIST_FORMAT,
        });
        notes.push({
          role: `specialist:${specialist}`,
          ok: result.ok,
          attempts: result.attempts,
          detail: result.ok ? result.value.suspectedCause : `${result.reason}: ${result.detail}`,
        });
        return result.ok ? { ...result.value, specialist } : null;
      }),
    );
    const consulted = specialistReplies.filter((reply): reply is SpecialistReply => reply !== null);
    const director = await callModel(calls, {
      role: 'director',
      name: 'director',
      messages: directorMessages({
        ...context,
        rules,
        specialists: consulted,
        currentReplicas: evidence.deployment?.replicas ?? null,
        maxReplicas,
      }),
      schema: DirectorReplySchema,
      format: DIRECTOR_FORMAT,
    });
    if (!director.ok) {
      notes.push({
        role: 'director',
        ok: false,
        attempts: director.attempts,
        detail: `${director.reason}: ${director.detail}`,
      });
      return fromRules(rules, `model ${director.reason}: ${director.detail}`, notes, null);
    }
    const reply = director.value;
    notes.push({
      role: 'director',
      ok: true,
      attempts: director.attempts,
      detail: `${reply.action.type}: ${reply.rootCause}`,
    });
    const action = toAction(reply, evidence.target);
    if (!action.ok) return fromRules(rules, `model reply invalid: ${action.problem}`, notes, reply);
    if (reply.confidence < settings.minimumConfidence) {
      return fromRules(
        rules,
        `model confidence ${reply.confidence} is below the minimum ${settings.minimumConfidence}`,
        notes,
        reply,
      );
    }
    return {
      diagnosis: {
        category: reply.category,
        rootCause: reply.rootCause,
        confidence: reply.confidence,
        source: 'model',
        findings: reply.findings,
        specialists: consulted.map((item) => item.specialist),
      },
      action: action.action,
      rules,
      notes,
      proposal: reply,
    };
  }
}

function fromRules(
  rules: Verdict,
  fallbackReason: string,
  notes: ModelNote[],
  proposal: DirectorReply | null,
): DiagnosisOutcome {
  return {
    diagnosis: {
      category: rules.category,
      rootCause: rules.rootCause,
      confidence: rules.confidence,
      source: 'rules',
      fallbackReason,
      findings: rules.findings,
      specialists: [],
    },
    action: rules.action,
    rules,
    notes,
    proposal,
  };
}

/** Turns the director's proposal into an Action on the incident's workload (the model never names it). */
function toAction(
  reply: DirectorReply,
  target: WorkloadRef,
): { ok: true; action: Action } | { ok: false; problem: string } {
  const proposed = reply.action;
  switch (proposed.type) {
    case 'none':
      return { ok: true, action: { type: 'none', reason: reply.rootCause.slice(0, 300) } };
    case 'restart':
      return { ok: true, action: { type: 'restart', target } };
    case 'scale':
      if (proposed.replicas === undefined) return { ok: false, problem: 'a scale action without replicas' };
      return { ok: true, action: { type: 'scale', target, replicas: proposed.replicas } };
    case 'rollback':
      return {
        ok: true,
        action: {
          type: 'rollback',
          target,
          ...(proposed.toRevision === undefined ? {} : { toRevision: proposed.toRevision }),
        },
      };
  }
}
