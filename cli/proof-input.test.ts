/**
 * Issue 12, defect 10: `proof` refuses to run without a reachable cluster and exits 2 on bad input
 * (it used to fall back to http://localhost:8080 and report "did not recover" with exit 1).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliContext } from './command.js';
import { buildProgram } from './program.js';
import { COMMANDS } from './registry.js';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ai4all-proof-'));
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

function context(env: Record<string, string>) {
  const recorded = {
    lines: [] as string[],
    errors: [] as string[],
    exitCode: undefined as number | undefined,
  };
  const value: CliContext = {
    io: { out: (line) => recorded.lines.push(line), error: (line) => recorded.errors.push(line) },
    env,
    cwd: scratch,
    setExitCode: (code) => {
      recorded.exitCode = code;
    },
  };
  return { value, recorded };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 1;
}

const proof = async (env: Record<string, string>, ...args: string[]) => {
  const { value, recorded } = context(env);
  await buildProgram(COMMANDS, value).parseAsync(['node', 'cli', 'proof', ...args]);
  return recorded;
};

describe('proof input', () => {
  it('exits 2 with a clear message when there is no kubeconfig at all', async () => {
    const result = await proof({ HOME: scratch });
    expect(result.exitCode).toBe(2);
    expect(result.errors.join('\n')).toMatch(/no kubeconfig/);
    expect(result.lines.join('\n')).not.toMatch(/recover/);
  });

  it('exits 2 when the kubeconfig file does not exist', async () => {
    const result = await proof({ HOME: scratch }, '--kubeconfig', join(scratch, 'missing.yaml'));
    expect(result.exitCode).toBe(2);
    expect(result.errors.join('\n')).toMatch(/missing\.yaml/);
  });

  it('exits 2 when the cluster cannot be reached, before creating anything', async () => {
    const port = await closedPort();
    const kubeconfig = join(scratch, 'kubeconfig.yaml');
    await writeFile(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "http://127.0.0.1:${port}"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
    );
    const result = await proof({ HOME: scratch, KUBECONFIG: kubeconfig });
    expect(result.exitCode).toBe(2);
    expect(result.errors.join('\n')).toMatch(/cannot reach the cluster/);
    expect(result.lines.join('\n')).not.toMatch(/cleanup|recover/);
  });
});
