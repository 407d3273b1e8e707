/**
 * The Reasoner port: one chat completion constrained by a JSON schema. The Ollama adapter
 * implements it with the `ollama` client; retries, timeouts, the circuit breaker and reply
 * validation live in agent/core/diagnosis, so every adapter gets the same safety.
 */

export interface ReasonerMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

export interface ReasonerRequest {
  /** `specialist:<name>` or `director`; used in logs and metrics. */
  readonly role: string;
  readonly messages: readonly ReasonerMessage[];
  /** JSON schema the reply must follow (Ollama `format`). */
  readonly schema: Readonly<Record<string, unknown>>;
  /** Aborts the request (the caller's timeout). */
  readonly signal: AbortSignal;
}

export interface ReasonerReply {
  /** Raw message content; the caller parses and validates it. */
  readonly content: string;
  readonly model: string;
}

export const REASONER_ERROR_CODES = ['timeout', 'unreachable', 'http-error', 'aborted'] as const;
export type ReasonerErrorCode = (typeof REASONER_ERROR_CODES)[number];

export class ReasonerError extends Error {
  override readonly name = 'ReasonerError';
  constructor(
    readonly code: ReasonerErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(`model ${code}: ${message}`, options);
  }
}

export interface Reasoner {
  complete(request: ReasonerRequest): Promise<ReasonerReply>;
}
