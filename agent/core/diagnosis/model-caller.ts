/**
 * Calls the Reasoner safely: a timeout per attempt, bounded retries with backoff, a shared circuit
 * breaker, and zod validation of the reply (an invalid reply is a failure like a timeout). Never
 * throws: the result says why the model could not be used, so the rules take over.
 */
import type { z } from 'zod';
import type { Clock } from '../../ports/clock.js';
import { ReasonerError, type Reasoner, type ReasonerMessage } from '../../ports/reasoner.js';
import type { ModelFailureReason, PipelineTelemetry } from '../../ports/telemetry.js';
import type { CircuitBreaker } from './circuit-breaker.js';

export interface ModelCallSettings {
  readonly timeoutMilliseconds: number;
  readonly retries: number;
  readonly retryBackoffMilliseconds: number;
}

export type ModelCallResult<T> =
  | { readonly ok: true; readonly value: T; readonly model: string; readonly attempts: number }
  | { readonly ok: false; readonly reason: ModelFailureReason; readonly detail: string; readonly attempts: number };

export interface ModelCallDependencies {
  readonly reasoner: Reasoner;
  readonly breaker: CircuitBreaker;
  readonly clock: Clock;
  readonly telemetry: PipelineTelemetry;
  readonly settings: ModelCallSettings;
}

function classify(error: unknown): { reason: ModelFailureReason; detail: string } {
  if (error instanceof ReasonerError) {
    return {
      reason: error.code === 'timeout' || error.code === 'aborted' ? 'timeout' : 'unreachable',
      detail: error.message,
    };
  }
  return { reason: 'unreachable', detail: error instanceof Error ? error.message : String(error) };
}

export async function callModel<T>(
  dependencies: ModelCallDependencies,
  request: {
    readonly role: 'specialist' | 'director';
    readonly name: string;
    readonly messages: readonly ReasonerMessage[];
    readonly schema: z.ZodType<T>;
    readonly format: Readonly<Record<string, unknown>>;
  },
): Promise<ModelCallResult<T>> {
  const { reasoner, breaker, clock, telemetry, settings } = dependencies;
  let last: { reason: ModelFailureReason; detail: string } = { reason: 'unreachable', detail: 'not attempted' };
  for (let attempt = 1; attempt <= settings.retries + 1; attempt += 1) {
    if (!breaker.tryAcquire(clock.now().getTime())) {
      telemetry.modelFailure(request.role, 'circuit-open');
      return {
        ok: false,
        reason: 'circuit-open',
        detail: 'the model circuit breaker is open after repeated failures',
        attempts: attempt - 1,
      };
    }
    const started = performance.now();
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new ReasonerError('timeout', `no reply within ${settings.timeoutMilliseconds} ms`)),
      settings.timeoutMilliseconds,
    );
    try {
      const reply = await Promise.race([
        reasoner.complete({
          role: request.name,
          messages: request.messages,
          schema: request.format,
          signal: controller.signal,
        }),
        new Promise<never>((_resolve, reject) =>
          controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true }),
        ),
      ]);
      const parsed = parseReply(reply.content, request.schema);
      const seconds = (performance.now() - started) / 1000;
      if (parsed.ok) {
        breaker.recordSuccess();
        telemetry.modelRequest(request.role, 'ok', seconds);
        return { ok: true, value: parsed.value, model: reply.model, attempts: attempt };
      }
      breaker.recordFailure(clock.now().getTime());
      telemetry.modelRequest(request.role, 'error', seconds);
      telemetry.modelFailure(request.role, 'invalid');
      last = { reason: 'invalid', detail: parsed.detail };
    } catch (error) {
      breaker.recordFailure(clock.now().getTime());
      telemetry.modelRequest(request.role, 'error', (performance.now() - started) / 1000);
      last = classify(error);
      telemetry.modelFailure(request.role, last.reason);
    } finally {
      clearTimeout(timer);
    }
    if (attempt <= settings.retries && settings.retryBackoffMilliseconds > 0) {
      await clock.sleep(settings.retryBackoffMilliseconds * 2 ** (attempt - 1));
    }
  }
  return { ok: false, ...last, attempts: settings.retries + 1 };
}

function parseReply<T>(content: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; detail: string } {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { ok: false, detail: `reply is not JSON: ${JSON.stringify(content.slice(0, 120))}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      detail: `reply does not match the schema: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    };
  }
  return { ok: true, value: parsed.data };
}
