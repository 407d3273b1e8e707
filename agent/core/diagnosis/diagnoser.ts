/**
 * Diagnosis: the rule engine always runs. With a model configured, the lean path (lean-path.ts):
 * decisive rules → one director call for the narrative, the rules' action stands and a disagreeing
 * model sends the incident to approval with both views; otherwise the first specialist the rules
 * chose and the director (at most two calls), whose validated proposal is used unless the model
 * failed, answered invalidly or with low confidence — then the rules' verdict is used and the
 * diagnosis says why. The proposal (an action type and parameters, never a target: the action
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
import { disagreement, isDecisive, sameAction, type ModelPath } from './lean-path.js';
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
  /** Set when the model disagreed with a decisive rule verdict: both views; a human must decide. */
  readonly contested: string | null;
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
    const rules = applyRules({
      evidence,
      now: clock.now(),
      maxReplicas,
      alertnames: alerts.map((alert) => alert.alertname),
    });
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
    // Lean path: decisive rules → the director alone (narrative); otherwise one specialist, then the director.
    const decisive = isDecisive(rules);
    const consulted: SpecialistReply[] = [];
    const specialist: Specialist = rules.specialists[0] ?? 'compute';
    if (!decisive) {
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
      if (result.ok) consulted.push({ ...result.value, specialist });
    }
    const director = await callModel(calls, {
      role: 'director',
      name: 'director',
      messages: directorMessages({
        ...context,
        rules,
        rulesDecisive: decisive,
        specialists: consulted,
        currentReplicas: evidence.deployment?.replicas ?? null,
        maxReplicas,
      }),
      schema: DirectorReplySchema,
      format: DIRECTOR_FORMAT,
    });
    const report = (outcome: DiagnosisOutcome): DiagnosisOutcome => {
      const path: ModelPath = decisive ? 'decisive' : 'undecided';
      this.dependencies.telemetry.modelCalls?.(
        path,
        outcome.notes.reduce((sum, note) => sum + note.attempts, 0),
      );
      return outcome;
    };
    if (!director.ok) {
      notes.push({
        role: 'director',
        ok: false,
        attempts: director.attempts,
        detail: `${director.reason}: ${director.detail}`,
      });
      return report(fromRules(rules, `model ${director.reason}: ${director.detail}`, notes, null));
    }
    const reply = director.value;
    notes.push({
      role: 'director',
      ok: true,
      attempts: director.attempts,
      detail: `${reply.action.type}: ${reply.rootCause}`,
    });
    const action = toAction(reply, evidence.target);
    if (!action.ok) return report(fromRules(rules, `model reply invalid: ${action.problem}`, notes, reply));
    if (reply.confidence < settings.minimumConfidence) {
      return report(
        fromRules(
          rules,
          `model confidence ${reply.confidence} is below the minimum ${settings.minimumConfidence}`,
          notes,
          reply,
        ),
      );
    }
    if (decisive) {
      // The rules decided; the model wrote the narrative. A disagreement never overrides: a human
      // approves the rules' write (or, when the rules write nothing, the model's), seeing both views.
      const agreed = sameAction(rules.action, action.action);
      const views = agreed ? null : disagreement(rules, action.action, reply.rootCause);
      const base = fromRules(
        rules,
        agreed ? 'the rules were decisive; the model agreed and wrote the narrative' : 'the rules were decisive',
        notes,
        reply,
      );
      const modelsWrite = views !== null && rules.action.type === 'none';
      return report({
        ...base,
        diagnosis: {
          ...base.diagnosis,
          ...(modelsWrite ? { source: 'model' as const } : {}),
          narrative: reply.rootCause,
          ...(views === null ? {} : { disagreement: views }),
        },
        action: modelsWrite ? action.action : rules.action,
        contested: views,
      });
    }
    return report({
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
      contested: null,
    });
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
    contested: null,
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
