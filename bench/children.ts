/**
 * The bench's child processes: the servers run from esbuild bundles with plain node and the image's
 * runtime settings (as the image runs the agent), answer typed IPC calls, and are killed if the
 * bench stops early.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAgentBundle } from '../agent/packaging/build-bundle.js';
import { AGENT_NODE_FLAGS, AGENT_RUNTIME_ENVIRONMENT } from './runtime-settings.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Extra Node flags for the children while investigating (e.g. `--trace-gc`, `--cpu-prof`); not for measurements. */
const EXTRA_CHILD_FLAGS = (process.env['BENCH_CHILD_FLAGS'] ?? '').split(' ').filter(Boolean);

export interface Child {
  readonly process: ChildProcess;
  readonly ready: Record<string, unknown>;
  call<T>(type: string, extra?: Record<string, unknown>): Promise<T>;
}

/** Children to kill if the bench stops early (they share our stdout, so they must not outlive us). */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** The servers run from esbuild bundles with plain node, as the image runs the agent. */
export async function spawnChild(
  file: string,
  scratch: string,
  environment: Record<string, string> = {},
  mode: 'bundle' | 'tsx' = 'bundle',
): Promise<Child> {
  const outdir = join(scratch, `${file.replace(/\.ts$/, '')}-${children.size}`);
  const entry = mode === 'bundle' ? (await buildAgentBundle(outdir, join(HERE, file))).file : join(HERE, file);
  const child = fork(entry, [], {
    execArgv: [...(mode === 'bundle' ? [] : ['--import', 'tsx']), ...AGENT_NODE_FLAGS, ...EXTRA_CHILD_FLAGS],
    env: { ...process.env, ...AGENT_RUNTIME_ENVIRONMENT, ...environment },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let sequence = 0;
  const pending = new Map<number, (value: unknown) => void>();
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
    child.on('message', (message: { type?: string; id?: number; value?: unknown }) => {
      if (message.type === 'listening') resolve(message);
      // Replies carry only `id` and `value`; typed messages (e.g. 'advance') have ids of their own.
      else if (message.type === undefined && message.id !== undefined) pending.get(message.id)?.(message.value);
    });
  });
  return {
    process: child,
    ready,
    call: <T>(type: string, extra: Record<string, unknown> = {}) =>
      new Promise<T>((resolve) => {
        const id = ++sequence;
        pending.set(id, resolve as (value: unknown) => void);
        child.send({ type, id, ...extra });
      }),
  };
}

export /** Polls `/readyz` until the agent answers 200 (it leads and can act), for at most 30 s. */
async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const response = await fetch(`${url}/readyz`).catch(() => undefined);
    await response?.body?.cancel();
    if (response?.status === 200) return;
    if (Date.now() > deadline) throw new Error(`the agent at ${url} did not become ready within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
