/**
 * What the pipeline reports while it works. agent-service maps these callbacks to the prom-client
 * metrics in catalog/agent-metrics.ts and the logger to pino (with the incident id).
 */
import type { WritingAction } from '../domain/action.js';

export type ActionResult =
  'applied' | 'failed' | 'dry-run' | 'verified' | 'verification-failed' | 'undone' | 'undo-failed';
export type ModelFailureReason = 'timeout' | 'unreachable' | 'invalid' | 'circuit-open';

export interface PipelineTelemetry {
  /** One per action outcome (labels: type, result). */
  actionResult(type: WritingAction['type'], result: ActionResult): void;
  /** One per denial reason code (a denied decision with two reasons reports two). */
  guardrailDenied(reasonCode: string): void;
  /** Every model request: role `specialist` or `director`, result ok|error. */
  modelRequest(role: 'specialist' | 'director', result: 'ok' | 'error', seconds: number): void;
  modelFailure(role: 'specialist' | 'director', reason: ModelFailureReason): void;
  /** Model requests one incident's diagnosis made, by path (`decisive` rules or `undecided`). */
  modelCalls?(path: 'decisive' | 'undecided', count: number): void;
}

/** Structured logger subset (pino's Logger satisfies it). */
export interface PipelineLogger {
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

export const noTelemetry: PipelineTelemetry = {
  actionResult: () => undefined,
  guardrailDenied: () => undefined,
  modelRequest: () => undefined,
  modelFailure: () => undefined,
};

export const silentLogger: PipelineLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
