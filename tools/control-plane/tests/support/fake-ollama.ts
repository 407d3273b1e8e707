/**
 * A stand-in for Ollama on 127.0.0.1 (port 0): answers /api/chat, /api/tags and /api/version the
 * way Ollama 0.x does, with replies the test scripts, and records every request. Used when the
 * agent's own fake (agent/testing) is not wired in; the agent talks to it with the real client.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next /api/chat answers: the assistant's content, or an HTTP failure. */
export type ScriptedReply = { readonly content: string } | { readonly status: number; readonly error: string };

export interface RecordedChat {
  readonly model: string;
  readonly messages: ReadonlyArray<{ role: string; content: string }>;
  readonly format: unknown;
}

const MODEL = 'qwen2.5:7b-instruct';

export class FakeOllama {
  readonly chats: RecordedChat[] = [];
  private server: Server | undefined;
  /** Replies for the coming chats, in order; when empty, `fallback` answers. */
  private readonly queue: ScriptedReply[] = [];

  constructor(private fallback: ScriptedReply = { status: 503, error: 'model is loading' }) {}

  /** Every chat from now on answers `reply` (until changed). */
  answerAlways(reply: ScriptedReply): void {
    this.queue.length = 0;
    this.fallback = reply;
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += String(chunk);
    const send = (status: number, value: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(value));
    };
    if (request.url === '/api/version') return send(200, { version: '0.12.6' });
    if (request.url === '/api/tags') {
      return send(200, {
        models: [
          {
            name: MODEL,
            model: MODEL,
            modified_at: '2026-11-20T08:12:44.519Z',
            size: 4683087332,
            digest: '845dbda0ea48ed749caafd9e6037047aa19acfcfd82e704d7ca97d631a0b697e',
            details: {
              parent_model: '',
              format: 'gguf',
              family: 'qwen2',
              families: ['qwen2'],
              parameter_size: '7.6B',
              quantization_level: 'Q4_K_M',
            },
          },
        ],
      });
    }
    if (request.url !== '/api/chat' || request.method !== 'POST')
      return send(404, { error: `unexpected ${request.method} ${request.url}` });
    const parsed = JSON.parse(body || '{}') as Partial<RecordedChat> & { stream?: boolean };
    this.chats.push({ model: parsed.model ?? '', messages: parsed.messages ?? [], format: parsed.format });
    const reply = this.queue.shift() ?? this.fallback;
    if ('status' in reply) return send(reply.status, { error: reply.error });
    const now = new Date().toISOString();
    const final = {
      model: parsed.model ?? MODEL,
      created_at: now,
      message: { role: 'assistant', content: reply.content },
      done_reason: 'stop',
      done: true,
      total_duration: 2_841_337_125,
      load_duration: 21_754_916,
      prompt_eval_count: 1187,
      prompt_eval_duration: 1_402_118_000,
      eval_count: 96,
      eval_duration: 1_398_052_000,
    };
    if (parsed.stream === false) return send(200, final);
    // Streaming (the client's default): one NDJSON chunk with the content, then the final record.
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    response.write(`${JSON.stringify({ model: final.model, created_at: now, message: final.message, done: false })}\n`);
    response.end(`${JSON.stringify({ ...final, message: { role: 'assistant', content: '' } })}\n`);
  }
}
