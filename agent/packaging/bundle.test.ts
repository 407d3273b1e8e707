/**
 * The production artefact: the esbuild bundle of the agent starts from a folder with no
 * node_modules anywhere above it (so it needs no dependency at run time, dev or production),
 * serves /healthz, and stops cleanly on SIGTERM. It must not contain Pulumi or cdk8s code.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAgentBundle } from './build-bundle.js';

let scratch: string;
let bundle: Awaited<ReturnType<typeof buildAgentBundle>>;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ai4all-bundle-'));
  bundle = await buildAgentBundle(join(scratch, 'out'));
}, 120_000);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('agent bundle', () => {
  it('carries none of the infrastructure-as-code dependencies', () => {
    expect(bundle.inputs.some((input) => input.includes('node_modules/fastify/'))).toBe(true);
    expect(bundle.inputs.filter((input) => /node_modules\/(@pulumi|cdk8s|@grafana)/.test(input))).toEqual([]);
    expect(bundle.bytes).toBeLessThan(12 * 1024 * 1024);
  });

  it('starts alone (no node_modules), serves /healthz, and exits 0 on SIGTERM', async () => {
    const app = join(scratch, 'app');
    await rm(app, { recursive: true, force: true });
    await import('node:fs/promises').then(({ mkdir }) => mkdir(app));
    await copyFile(bundle.file, join(app, 'main.mjs'));
    await copyFile(join(scratch, 'out', 'package.json'), join(app, 'package.json'));
    const kubeconfig = join(scratch, 'kubeconfig');
    await writeFile(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: none',
        'clusters: [{name: none, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: none, user: {token: none}}]',
        'contexts: [{name: none, context: {cluster: none, user: none}}]',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [join(app, 'main.mjs')], {
      cwd: app,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        KUBECONFIG: kubeconfig,
        AGENT_PORT: '0',
        AGENT_LISTEN_HOST: '127.0.0.1',
        AGENT_DATA_DIR: join(scratch, 'data'),
        AGENT_LEADER_ELECTION: 'off',
        AGENT_NAMESPACES: 'online-boutique',
        AGENT_WEBHOOK_TOKEN: 'bundle-test-webhook-token-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the bundle did not start in 30 s:\n${output}`)), 30_000);
        const poll = setInterval(() => {
          const match = /"port":(\d+).*"msg":"agent-started"/.exec(output);
          if (match) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(Number(match[1]));
          } else if (child.exitCode !== null) {
            clearInterval(poll);
            clearTimeout(timer);
            reject(new Error(`the bundle exited with ${child.exitCode}:\n${output}`));
          }
        }, 50);
      });
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
