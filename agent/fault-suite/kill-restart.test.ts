/**
 * Fault suite: kill -9 of the agent process at each phase of an incident (diagnosing, intent
 * recorded with the write in flight, applied, undoing), then a restart on the same data directory.
 * Each case asserts on the cluster (the simulator's write log: the rollback written exactly once,
 * the undo at most once) and on the incident record (it ends where the cluster is).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDeployment } from '../../simulator/kubernetes/index.js';
import { answerClockAdvances } from '../../simulator/kubernetes/ipc-clock.js';
import { NAMESPACE, postRolloutStuck, startSuiteLab, SUITE_TOKEN, type SuiteLab } from './test-suite-agent.js';

const PATH = `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/cartservice`;

let lab: SuiteLab;
const children: ChildProcess[] = [];
beforeEach(async () => {
  lab = await startSuiteLab();
});
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await lab.simulator.close();
  await rm(lab.scratch, { recursive: true, force: true });
});

/** Starts the agent child; resolves with its URL. Advances of the simulated clock are answered slowly enough for a kill to land. */
function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'test-agent-child.ts')], {
    cwd: process.cwd(),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: {
      ...process.env,
      SUITE_KUBECONFIG: join(lab.scratch, 'kubeconfig'),
      SUITE_DATA_DIR: join(lab.scratch, 'data'),
      SUITE_NOW: String(lab.simulator.cluster.clock.now()),
      SUITE_TOKEN,
    },
  });
  children.push(child);
  // Advances are answered slowly enough (15 ms) for a kill to land while the child waits.
  answerClockAdvances(
    child,
    (milliseconds) => lab.simulator.cluster.advanceMilliseconds(milliseconds),
    () => lab.simulator.cluster.clock.now(),
    15,
  );
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', (error) => reject(new Error(`agent child failed: ${error.message}`)));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`agent child exited ${code ?? signal}: ${errors.slice(-800)}`));
    });
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type === 'listening') resolve({ child, url: message.url! });
    });
  });
}

async function journal(): Promise<string> {
  return readFile(join(lab.scratch, 'data', 'incidents.jsonl'), 'utf8').catch(() => '');
}

async function waitFor(predicate: (text: string) => boolean, what: string, milliseconds = 60_000): Promise<void> {
  const deadline = Date.now() + milliseconds;
  while (Date.now() < deadline) {
    if (predicate(await journal())) return;
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The last snapshot of the incident in the journal (ignores note lines). */
async function lastSnapshot(): Promise<{
  status: string;
  execution?: { phase: string };
  timeline: { event: string }[];
}> {
  const lines = (await journal()).trim().split('\n');
  for (const line of lines.reverse()) {
    const parsed = JSON.parse(line) as { incident?: never };
    if (parsed.incident) return parsed.incident;
  }
  throw new Error('no incident in the journal');
}

async function postAlert(url: string): Promise<void> {
  const response = await postRolloutStuck(url, new Date(lab.simulator.cluster.clock.now()).toISOString());
  expect(response.status).toBe(200);
}

function badRollout(options: { v1AlsoBroken?: boolean } = {}): void {
  lab.simulator.cluster.injectFault({ kind: 'crash-loop', match: { namespace: NAMESPACE, image: 'cartservice:v2' } });
  if (options.v1AlsoBroken)
    lab.simulator.cluster.injectFault({
      kind: 'never-ready',
      match: { namespace: NAMESPACE, image: 'cartservice:v1' },
    });
  lab.simulator.cluster.applyDeployment(
    makeDeployment({ namespace: NAMESPACE, name: 'cartservice', image: 'cartservice:v2', replicas: 2 }),
  );
  lab.simulator.cluster.advance(120);
}

const patches = () => lab.deploymentWrites().filter((write) => write.path === PATH && write.method === 'PATCH');
const liveImage = () =>
  lab.simulator.cluster.getDeployment(NAMESPACE, 'cartservice')?.spec?.template.spec?.containers[0]?.image;

const CASES = [
  {
    phase: 'diagnosing',
    trigger: '"status":"diagnosing"',
    slow: { method: 'GET', path: `/api/v1/namespaces/${NAMESPACE}/pods` },
  },
  {
    phase: 'intent recorded, write in flight',
    trigger: '"phase":"intent-recorded"',
    slow: { method: 'PATCH', path: PATH },
  },
  { phase: 'applied, verifying', trigger: '"phase":"applied"', slow: null },
] as const;

describe('kill -9 at each phase, then restart', () => {
  for (const testCase of CASES) {
    it(`${testCase.phase}: the rollback is written exactly once and the record ends resolved`, async () => {
      badRollout();
      const before = patches().length;
      if (testCase.slow) {
        lab.simulator.cluster.injectFault({
          kind: 'api',
          ...testCase.slow,
          times: 1,
          response: { type: 'delay', milliseconds: 800 },
        });
      }
      const first = await startChild();
      await postAlert(first.url);
      await waitFor((text) => text.includes(testCase.trigger), testCase.phase);
      first.child.kill('SIGKILL');
      // A write in flight may still land after the kill (the server finishes it): let it.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await startChild();
      await waitFor(
        (text) => /"status":"(resolved|failed|needs-human|blocked|no-action)"/.test(text),
        'a terminal status',
      );
      const record = await lastSnapshot();
      expect(patches().length - before, JSON.stringify(record.timeline.map((entry) => entry.event))).toBe(1);
      expect(liveImage()).toBe('cartservice:v1');
      expect(record.status).toBe('resolved');
      expect(record.execution?.phase).toBe('verified');
    }, 120_000);
  }

  it('undoing: the undo is written at most once and the record ends failed with v2 restored', async () => {
    badRollout({ v1AlsoBroken: true });
    const before = patches().length;
    const first = await startChild();
    await postAlert(first.url);
    await waitFor((text) => text.includes('"phase":"undoing"'), 'undoing');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await startChild();
    await waitFor((text) => /"status":"(resolved|failed|needs-human)"/.test(text), 'a terminal status');
    const record = await lastSnapshot();
    const written = patches().length - before;
    expect(written, JSON.stringify(record.timeline.map((entry) => entry.event))).toBe(2);
    expect(liveImage()).toBe('cartservice:v2');
    expect(record.status).toBe('failed');
    expect(record.execution?.phase).toBe('undone');
  }, 120_000);
});
