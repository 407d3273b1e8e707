/**
 * A fake Ollama server on 127.0.0.1 for tests and the demo. It answers `/api/chat` (non-streaming and
 * streaming NDJSON) by replaying scripted replies chosen by matchers (model, message text, the
 * request's `format` schema), plus `/api/tags`, `/api/version`, `/api/show`, `/api/ps` and `/`.
 * Scripted faults: delay, HTTP errors, a non-JSON body, a hang, a dropped connection, a cut stream.
 */
import type { ServerResponse } from 'node:http';
import { ollamaFixture, type OllamaChatResponse } from './fixtures.js';
import { sendJson, sendText, sleep, startLoopbackServer, type LoopbackRequest } from './loopback-server.js';
import {
  chatEnvelope,
  conformsToFormat,
  formatProperties,
  streamLines,
  type ChatRequestBody,
} from './ollama-replies.js';

/** Which requests a scripted entry answers. Every given condition must hold. */
export interface ReplyMatcher {
  readonly model?: string;
  /** Text (or pattern) some message of any role contains. */
  readonly messageIncludes?: string | RegExp;
  /** Text (or pattern) the system message contains. */
  readonly systemIncludes?: string | RegExp;
  /** Top-level properties the request's `format` schema must declare. */
  readonly formatHasProperties?: readonly string[];
  readonly predicate?: (request: ChatRequestBody) => boolean;
}

export type ScriptedFault =
  | { readonly type: 'delay'; readonly milliseconds: number }
  | { readonly type: 'error'; readonly status: number; readonly message?: string }
  | { readonly type: 'garbage-body' }
  | { readonly type: 'hang' }
  | { readonly type: 'disconnect' }
  | { readonly type: 'stream-cut' };

export interface ScriptedReply {
  readonly match?: ReplyMatcher;
  /** A recorded response (its content and stats are replayed) or just the content. */
  readonly reply?: OllamaChatResponse | { readonly content: string | Record<string, unknown> };
  /** Applied before the reply (`delay`) or instead of it (all other faults). */
  readonly fault?: ScriptedFault;
  /** How many requests this entry answers (default: unlimited). */
  readonly times?: number;
  /**
   * Skip this entry when its content does not satisfy the request's `format` (default true, as a
   * real Ollama constrains output to the schema). Set false for garbage/hostile replies.
   */
  readonly conformToFormat?: boolean;
}

export interface RecordedChat {
  readonly path: string;
  readonly body: ChatRequestBody;
  /** Index of the scripted entry that answered, or -1 when none matched. */
  readonly answeredBy: number;
}

export interface FakeOllamaOptions {
  /** Installed models (default: the models of the `tags` fixture). */
  readonly models?: readonly string[];
  readonly replies?: readonly ScriptedReply[];
  /** Clock for created_at (default Date.now). */
  readonly now?: () => number;
}

export interface FakeOllama {
  readonly url: string;
  /** Replaces the script. */
  script(replies: readonly ScriptedReply[]): void;
  /** Appends entries to the script. */
  push(...replies: ScriptedReply[]): void;
  /** Makes the next `times` chat requests fail with `fault` (takes precedence over the script). */
  failNext(fault: ScriptedFault, times?: number): void;
  /** Every /api/chat request received, in order. */
  requests(): RecordedChat[];
  close(): Promise<void>;
}

interface Entry {
  readonly reply: ScriptedReply;
  remaining: number;
}

function matchesText(text: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}

function matches(matcher: ReplyMatcher | undefined, request: ChatRequestBody): boolean {
  if (matcher === undefined) return true;
  if (matcher.model !== undefined && matcher.model !== request.model) return false;
  const { messageIncludes, systemIncludes, formatHasProperties, predicate } = matcher;
  if (
    messageIncludes !== undefined &&
    !request.messages.some((message) => matchesText(message.content, messageIncludes))
  ) {
    return false;
  }
  if (
    systemIncludes !== undefined &&
    !request.messages.some((message) => message.role === 'system' && matchesText(message.content, systemIncludes))
  ) {
    return false;
  }
  if (formatHasProperties !== undefined) {
    const declared = formatProperties(request.format);
    if (!formatHasProperties.every((property) => declared.includes(property))) return false;
  }
  return predicate === undefined || predicate(request);
}

function contentOf(reply: NonNullable<ScriptedReply['reply']>): string {
  if ('message' in reply) return reply.message.content;
  return typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
}

function parseChat(body: string): ChatRequestBody | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return 'invalid character in request body: not JSON';
  }
  const request = parsed as Partial<ChatRequestBody> | null;
  if (request === null || typeof request !== 'object') return 'request body must be a JSON object';
  if (typeof request.model !== 'string' || request.model === '') return 'model is required';
  if (!Array.isArray(request.messages)) return 'messages must be an array';
  return request as ChatRequestBody;
}

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const models = options.models ?? ollamaFixture('tags').models.map((model) => model.name);
  const now = options.now ?? (() => Date.now());
  let entries: Entry[] = [];
  const failures: { fault: ScriptedFault; remaining: number }[] = [];
  const recorded: RecordedChat[] = [];
  const script = (replies: readonly ScriptedReply[]) => {
    entries = replies.map((reply) => ({ reply, remaining: reply.times ?? Number.POSITIVE_INFINITY }));
  };
  script(options.replies ?? []);

  const applyFault = async (fault: ScriptedFault, response: ServerResponse): Promise<boolean> => {
    switch (fault.type) {
      case 'delay':
        await sleep(fault.milliseconds);
        return false;
      case 'error':
        sendJson(response, fault.status, {
          error: fault.message ?? 'llama runner process has terminated: exit status 2',
        });
        return true;
      case 'garbage-body':
        sendText(
          response,
          200,
          '<html><body><h1>502 Bad Gateway</h1></body></html>',
          'application/json; charset=utf-8',
        );
        return true;
      case 'hang':
        return true;
      case 'disconnect':
        response.socket?.destroy();
        return true;
      case 'stream-cut':
        return false;
    }
  };

  const chat = async (request: LoopbackRequest, response: ServerResponse): Promise<void> => {
    const body = parseChat(request.body);
    if (typeof body === 'string') {
      sendJson(response, 400, { error: body });
      return;
    }
    if (!models.includes(body.model)) {
      recorded.push({ path: request.path, body, answeredBy: -1 });
      sendJson(response, 404, { error: `model "${body.model}" not found, try pulling it first` });
      return;
    }
    const index = entries.findIndex(
      (entry) =>
        entry.remaining > 0 &&
        matches(entry.reply.match, body) &&
        (entry.reply.reply === undefined ||
          entry.reply.conformToFormat === false ||
          conformsToFormat(body.format, contentOf(entry.reply.reply))),
    );
    const failure = failures[0];
    if (failure !== undefined) {
      failure.remaining -= 1;
      if (failure.remaining <= 0) failures.shift();
    }
    const passThrough = failure === undefined || failure.fault.type === 'delay' || failure.fault.type === 'stream-cut';
    recorded.push({ path: request.path, body, answeredBy: passThrough ? index : -1 });
    if (failure !== undefined && (await applyFault(failure.fault, response))) return;
    const entry = entries[index];
    if (entry === undefined) {
      sendJson(response, 500, {
        error: `fake-ollama: no scripted reply matches (model=${body.model}, format properties=[${formatProperties(body.format).join(', ')}])`,
      });
      return;
    }
    entry.remaining -= 1;
    const { fault, reply } = entry.reply;
    if (fault !== undefined && (await applyFault(fault, response))) return;
    if (reply === undefined) {
      sendJson(response, 500, { error: 'fake-ollama: scripted entry has neither reply nor terminal fault' });
      return;
    }
    const content = contentOf(reply);
    const answer: OllamaChatResponse =
      'message' in reply ? { ...structuredClone(reply), model: body.model } : chatEnvelope(body, content, now());
    if (body.stream === true) {
      response.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      const lines = streamLines(answer);
      const cutStream = fault?.type === 'stream-cut' || failure?.fault.type === 'stream-cut';
      const cut = cutStream ? Math.max(1, Math.floor(lines.length / 2)) : lines.length;
      for (const line of lines.slice(0, cut)) response.write(line);
      if (cut < lines.length) response.socket?.destroy();
      else response.end();
      return;
    }
    sendJson(response, 200, answer);
  };

  const server = await startLoopbackServer('fake-ollama', async (request, response) => {
    const route = `${request.method} ${request.path}`;
    switch (route) {
      case 'GET /':
      case 'HEAD /':
        sendText(response, 200, 'Ollama is running');
        return;
      case 'GET /api/version':
        sendJson(response, 200, ollamaFixture('version'));
        return;
      case 'GET /api/tags': {
        const tags = ollamaFixture('tags');
        const known = new Map(tags.models.map((model) => [model.name, model]));
        sendJson(response, 200, {
          models: models.map((name) => known.get(name) ?? { ...tags.models[0], name, model: name }),
        });
        return;
      }
      case 'GET /api/ps':
        sendJson(response, 200, { models: [] });
        return;
      case 'POST /api/show': {
        const parsed = JSON.parse(request.body || '{}') as { model?: string; name?: string };
        const name = parsed.model ?? parsed.name ?? '';
        if (!models.includes(name)) {
          sendJson(response, 404, { error: `model '${name}' not found` });
          return;
        }
        sendJson(response, 200, {
          modelfile: `FROM ${name}`,
          parameters: 'stop "<|im_start|>"\nstop "<|im_end|>"',
          template: '{{ .Prompt }}',
          details: {
            parent_model: '',
            format: 'gguf',
            family: 'qwen2',
            families: ['qwen2'],
            parameter_size: '7.6B',
            quantization_level: 'Q4_K_M',
          },
          model_info: { 'general.architecture': 'qwen2', 'qwen2.context_length': 32768 },
          capabilities: ['completion', 'tools'],
          modified_at: '2026-02-20T09:12:44.130558181Z',
        });
        return;
      }
      case 'POST /api/chat':
        await chat(request, response);
        return;
      default:
        sendText(response, 404, '404 page not found');
    }
  });

  return {
    url: server.url,
    script,
    push: (...replies) => {
      for (const reply of replies) entries.push({ reply, remaining: reply.times ?? Number.POSITIVE_INFINITY });
    },
    failNext: (fault, times = 1) => {
      if (!(Number.isInteger(times) && times > 0))
        throw new Error(`failNext times must be a positive integer, got ${times}`);
      failures.push({ fault, remaining: times });
    },
    requests: () => structuredClone(recorded),
    close: () => server.close(),
  };
}
