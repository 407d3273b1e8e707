import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOllama } from './fake-ollama.js';

describe('FakeOllama speaks the protocol of the real ollama client', () => {
  const fake = new FakeOllama();
  let client: Ollama;

  beforeAll(async () => {
    client = new Ollama({ host: await fake.start() });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('answers a non-streaming chat with the scripted content and records the request', async () => {
    fake.answerAlways({ content: '{"action":{"type":"none"}}' });
    const format = { type: 'object', properties: { action: { type: 'object' } } };
    const reply = await client.chat({
      model: 'qwen2.5:7b-instruct',
      messages: [{ role: 'user', content: 'hi' }],
      format,
      stream: false,
    });
    expect(reply.message.content).toBe('{"action":{"type":"none"}}');
    expect(reply.done).toBe(true);
    expect(fake.chats.at(-1)).toEqual({
      model: 'qwen2.5:7b-instruct',
      messages: [{ role: 'user', content: 'hi' }],
      format,
    });
  });

  it('streams the content when asked to', async () => {
    fake.answerAlways({ content: 'streamed' });
    let text = '';
    for await (const part of await client.chat({ model: 'm', messages: [], stream: true }))
      text += part.message.content;
    expect(text).toBe('streamed');
  });

  it('fails like Ollama does when scripted to', async () => {
    fake.answerAlways({ status: 503, error: 'model unavailable' });
    await expect(client.chat({ model: 'm', messages: [], stream: false })).rejects.toThrow(/model unavailable/);
    expect((await client.list()).models[0]?.name).toBe('qwen2.5:7b-instruct');
  });
});
