/**
 * Building Ollama /api/chat answers: the non-streaming envelope (with plausible token counts and
 * durations), the NDJSON chunks of a streamed answer, and the check of a reply against the request's
 * `format` (a JSON schema, or the string "json").
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { OllamaChatResponse } from './fixtures.js';

export interface ChatMessage {
  role: string;
  content: string;
  [key: string]: unknown;
}

/** The parts of an /api/chat request body the fake reads. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  format?: unknown;
  stream?: boolean;
  options?: Record<string, unknown>;
  keep_alive?: string | number;
  [key: string]: unknown;
}

/** Ollama prints created_at with nanoseconds. */
export function ollamaTimestamp(milliseconds: number): string {
  return new Date(milliseconds).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** A full non-streaming response for `content`, timed like a 7B model on CPU. */
export function chatEnvelope(
  request: ChatRequestBody,
  content: string,
  now: number,
  doneReason = 'stop',
): OllamaChatResponse {
  const promptTokens = tokens(request.messages.map((message) => message.content).join('\n'));
  const evalCount = tokens(content);
  const promptEvalDuration = promptTokens * 3_300_000;
  const evalDuration = evalCount * 38_000_000;
  const loadDuration = 15_000_000;
  return {
    model: request.model,
    created_at: ollamaTimestamp(now),
    message: { role: 'assistant', content },
    done_reason: doneReason,
    done: true,
    total_duration: loadDuration + promptEvalDuration + evalDuration + 1_200_000,
    load_duration: loadDuration,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptEvalDuration,
    eval_count: evalCount,
    eval_duration: evalDuration,
  };
}

/** NDJSON lines of a streamed answer: one line per token-ish piece, then the final `done` line with stats. */
export function streamLines(response: OllamaChatResponse): string[] {
  const pieces = response.message.content.match(/\s*\S{1,6}|\s+/g) ?? [];
  const lines = pieces.map((piece) =>
    JSON.stringify({
      model: response.model,
      created_at: response.created_at,
      message: { role: 'assistant', content: piece },
      done: false,
    }),
  );
  lines.push(JSON.stringify({ ...response, message: { role: 'assistant', content: '' } }));
  return lines.map((line) => `${line}\n`);
}

// Draft 2020-12 (what zod's toJSONSchema emits); the `$schema` keyword is dropped so draft-07 schemas compile too.
const ajv = new Ajv2020({ strict: false, allErrors: false });
/** Validators by schema text: every request carries a freshly parsed copy of the same few schemas. */
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
const COMPILED_LIMIT = 64;

/**
 * True when `content` satisfies the request's `format`: any JSON for `"json"`, schema-valid JSON for
 * a schema object, anything when there is no format.
 */
export function conformsToFormat(format: unknown, content: string): boolean {
  if (format === undefined || format === null || format === '') return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return false;
  }
  if (format === 'json') return true;
  if (typeof format !== 'object') return false;
  const key = JSON.stringify(format);
  let validate = compiled.get(key);
  if (validate === undefined) {
    const { $schema: _dialect, ...schema } = format as Record<string, unknown>;
    validate = ajv.compile(schema);
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    compiled.set(key, validate);
  }
  return validate(parsed) === true;
}

/** Top-level property names a `format` schema declares (for matchers). */
export function formatProperties(format: unknown): string[] {
  if (format === null || typeof format !== 'object') return [];
  const properties = (format as { properties?: unknown }).properties;
  return properties !== null && typeof properties === 'object' ? Object.keys(properties) : [];
}
