/**
 * The demo's model path: the Ollama probe decides between a model and the rules, and with a model
 * serving (a fake Ollama on 127.0.0.1 speaking the real API) the same scenario ends as expected
 * with the model's diagnosis.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeOllama } from '../simulator/fakes/index.js';
import { probeOllama } from './ollama-probe.js';
import { runDemo } from './run-demo.js';
import { selectScenarios } from './scenarios.js';

const MODEL = 'qwen2.5:3b-instruct';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function ollama(models: readonly string[]): Promise<FakeOllama> {
  const fake = await startFakeOllama({
    models,
    replies: [
      {
        match: { formatHasProperties: ['specialist'] },
        reply: {
          content: {
            specialist: 'compute',
            findings: ['2/2 pods of revision 2 in CrashLoopBackOff', 'revision 1 pods had no restarts'],
            suspectedCause: 'the new image fails at startup',
            confidence: 0.8,
          },
        },
      },
      {
        match: { formatHasProperties: ['action'] },
        reply: {
          content: {
            category: 'bad-rollout',
            rootCause: 'Revision 2 of checkoutservice exits at start: PAYMENT_SERVICE_ADDR has no port.',
            confidence: 0.85,
            action: { type: 'rollback' },
            findings: ['new pods in CrashLoopBackOff since the rollout', 'log: failed to parse PAYMENT_SERVICE_ADDR'],
            reasoning: 'The failure started with the rollout and only affects the new ReplicaSet.',
          },
        },
      },
    ],
  });
  cleanups.push(() => fake.close());
  return fake;
}

describe('probeOllama', () => {
  it('uses a model only when Ollama answers and has it', async () => {
    const serving = await ollama([MODEL]);
    expect(await probeOllama(serving.url, MODEL)).toEqual({ found: true, model: MODEL });
    const without = await ollama(['llama3.2:1b']);
    const missing = await probeOllama(without.url, MODEL);
    expect(missing).toMatchObject({ found: false, reason: expect.stringContaining(`ollama pull ${MODEL}`) });
    expect(missing.reason).toContain('has llama3.2:1b');
  });

  it('falls back when nothing listens, within its timeout', async () => {
    const gone = await ollama([MODEL]);
    const url = gone.url;
    await gone.close();
    const probe = await probeOllama(url, MODEL, 500);
    expect(probe).toMatchObject({ found: false, reason: expect.stringContaining('Ollama not reachable') });
  });
});

describe('the demo with a model serving', () => {
  it('rolls the bad release back: the rules decide, the model writes the narrative (one call)', async () => {
    const serving = await ollama([MODEL]);
    const directory = await mkdtemp(join(tmpdir(), 'ai4all-demo-model-'));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const run = await runDemo({
      seed: 5,
      scenarios: selectScenarios(['bad-rollout']),
      dataDirectory: directory,
      model: { host: serving.url, model: MODEL },
    });
    expect(run.results[0]).toMatchObject({
      diagnosis: 'bad-rollout',
      diagnosisSource: 'rules',
      action: expect.stringMatching(/^rollback/),
      status: 'resolved',
      passed: true,
    });
    expect(serving.requests().length).toBe(1);
  }, 20_000);
});
