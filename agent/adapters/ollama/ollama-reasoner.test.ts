import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReasonerError, type ReasonerRequest } from '../../ports/reasoner.js';
import { DIRECTOR_FORMAT } from '../../core/diagnosis/reply-schemas.js';
import { ollamaFixture, startFakeOllama, type FakeOllama } from '../../../simulator/fakes/index.js';
import { createOllamaReasoner } from './ollama-reasoner.js';

let ollama: FakeOllama;
beforeEach(async () => {
  ollama = await startFakeOllama();
});
afterEach(() => ollama.close());

const request = (signal: AbortSignal = AbortSignal.timeout(3000)): ReasonerRequest => ({
  role: 'director',
  messages: [
    { role: 'system', content: 'You are the incident director.' },
    { role: 'user', content: 'evidence' },
  ],
  schema: DIRECTOR_FORMAT,
  signal,
});

describe('Ollama reasoner (real ollama client, fake server)', () => {
  it('sends a non-streaming chat with the schema as format and temperature 0, returns the content', async () => {
    ollama.script([{ reply: ollamaFixture('chat-director-restart') }]);
    const reply = await createOllamaReasoner({ host: ollama.url, model: 'qwen2.5:7b-instruct' }).complete(request());
    expect(JSON.parse(reply.content)).toMatchObject({ action: { type: 'restart' } });
    const sent = ollama.requests()[0]?.body;
    expect(sent).toMatchObject({
      model: 'qwen2.5:7b-instruct',
      stream: false,
      format: DIRECTOR_FORMAT,
      options: { temperature: 0 },
    });
    expect(sent?.messages.map((message) => message.role)).toEqual(['system', 'user']);
  });

  it('maps HTTP errors, hangs and unreachable hosts to typed errors', async () => {
    const reasoner = createOllamaReasoner({ host: ollama.url, model: 'qwen2.5:7b-instruct' });
    ollama.failNext({ type: 'error', status: 500, message: 'llama runner process has terminated' });
    await expect(reasoner.complete(request())).rejects.toMatchObject({ code: 'http-error', status: 500 });

    ollama.failNext({ type: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new ReasonerError('timeout', 'no reply within 100 ms')), 100);
    await expect(reasoner.complete(request(controller.signal))).rejects.toMatchObject({ code: 'timeout' });

    const url = ollama.url;
    await ollama.close();
    await expect(createOllamaReasoner({ host: url, model: 'm' }).complete(request())).rejects.toMatchObject({
      code: 'unreachable',
    });
    ollama = await startFakeOllama();
  });

  it('refuses a reply larger than the byte cap without reading it whole (issue 12, defect 9)', async () => {
    const huge = 'x'.repeat(20 * 1024 * 1024);
    ollama.script([{ reply: { content: huge }, conformToFormat: false }]);
    const reasoner = createOllamaReasoner({ host: ollama.url, model: 'qwen2.5:7b-instruct', maxReplyBytes: 64 * 1024 });
    await expect(reasoner.complete(request())).rejects.toMatchObject({
      code: 'http-error',
      message: expect.stringContaining('larger than 65536 bytes') as unknown,
    });
    // A normal reply under the cap still passes.
    ollama.script([{ reply: ollamaFixture('chat-director-restart') }]);
    const reply = await reasoner.complete(request());
    expect(JSON.parse(reply.content)).toMatchObject({ action: { type: 'restart' } });
  });
});
