/**
 * The Reasoner port over the real `ollama` client: one non-streaming `/api/chat` with the JSON
 * schema as `format` and temperature 0. The caller's AbortSignal is wired into the client's fetch,
 * so a timeout really cancels the HTTP request. Errors become typed ReasonerErrors.
 */
import { Ollama } from 'ollama';
import { ReasonerError, type Reasoner, type ReasonerReply, type ReasonerRequest } from '../../ports/reasoner.js';

export interface OllamaReasonerOptions {
  /** e.g. http://127.0.0.1:11434 */
  readonly host: string;
  /** Model tag, e.g. qwen2.5:7b-instruct. */
  readonly model: string;
  /** How long Ollama keeps the model loaded after a request (default 30m). */
  readonly keepAlive?: string;
  /** Context window (tokens) requested from Ollama (default 8192). */
  readonly contextTokens?: number;
  /** Largest reply body read, in bytes (default MAX_REPLY_BYTES); a larger one is cut off and refused. */
  readonly maxReplyBytes?: number;
}

/**
 * A director or specialist reply is a small JSON object (a few KB); 1 MiB is generous and keeps a
 * runaway or hostile model from filling the agent's heap (a 20 MB reply cost 266 MB of RSS).
 */
export const MAX_REPLY_BYTES = 1024 * 1024;

export function createOllamaReasoner(options: OllamaReasonerOptions): Reasoner {
  return {
    async complete(request: ReasonerRequest): Promise<ReasonerReply> {
      const client = new Ollama({
        host: options.host,
        fetch: async (input, init) =>
          capped(await fetch(input, { ...init, signal: request.signal }), options.maxReplyBytes ?? MAX_REPLY_BYTES),
      });
      try {
        const response = await client.chat({
          model: options.model,
          messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
          format: request.schema,
          stream: false,
          keep_alive: options.keepAlive ?? '30m',
          options: { temperature: 0, num_ctx: options.contextTokens ?? 8192 },
        });
        return { content: response.message.content, model: response.model };
      } catch (error) {
        throw toReasonerError(error, request.signal);
      }
    },
  };
}

/** The response with its body cut off (an error, not a truncation) past `maxBytes`. */
function capped(response: Response, maxBytes: number): Response {
  const tooLarge = () => new ReasonerError('http-error', `the model's reply is larger than ${maxBytes} bytes; refused`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    void response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return response;
  let seen = 0;
  const limited = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > maxBytes) controller.error(tooLarge());
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(limited, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function toReasonerError(error: unknown, signal: AbortSignal): ReasonerError {
  if (error instanceof ReasonerError) return error;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof ReasonerError
      ? reason
      : new ReasonerError('aborted', 'the request was aborted', undefined, { cause: error });
  }
  const status = (error as { status_code?: unknown }).status_code;
  if (typeof status === 'number') {
    const message = error instanceof Error ? error.message : String(error);
    return new ReasonerError(
      status === 408 || status === 504 ? 'timeout' : 'http-error',
      `HTTP ${status}: ${message}`,
      status,
      { cause: error },
    );
  }
  const message =
    error instanceof Error
      ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}`
      : String(error);
  if (error instanceof SyntaxError)
    return new ReasonerError('http-error', `unreadable reply: ${message}`, undefined, { cause: error });
  return new ReasonerError('unreachable', message, undefined, { cause: error });
}
