/**
 * `ai4all-sre proof` against a real API server: the Chaos Mesh CRDs from the pinned schema set, a
 * real Deployment (kwok runs its pods), the CLI as a child process with Alertmanager and the agent
 * faked on loopback. No Chaos Mesh controller runs here, so the test plays its part for PodChaos
 * (it deletes a pod of the selected app when the object appears). Proves the run passes, measures,
 * reports, and leaves no chaos object behind — also when interrupted with SIGINT.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CoreV1Api, KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROOF_RUN_LABEL } from '../../../chaos/proof/proof-manifests.js';
import { installCrds, loadCrdIndex } from './support/crds.js';
import { CreatedObjects, eventually, testKubeConfig } from './support/kube.js';
import { Workloads } from './support/workloads.js';

const NAMESPACE = 'online-boutique';
const REPO_ROOT = resolve(import.meta.dirname, '..', '..', '..');
const CHAOS_KINDS = ['PodChaos', 'NetworkChaos'];

let config: KubeConfig;
let tracker: CreatedObjects;
let workloads: Workloads;
let servers: Server[] = [];
let scratch: string;

/** A loopback server answering every GET with `body` (a fake Alertmanager or agent). */
async function jsonServer(body: unknown): Promise<string> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function chaosObjects(kind: string): Promise<string[]> {
  const list = await KubernetesObjectApi.makeApiClient(config).list(
    'chaos-mesh.org/v1alpha1',
    kind,
    NAMESPACE,
    undefined,
    undefined,
    undefined,
    undefined,
    PROOF_RUN_LABEL,
  );
  return list.items.map((item) => item.metadata?.name ?? '');
}

function proof(args: string[]): {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  interrupt(): void;
  stdout(): string;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'proof', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, KUBECONFIG: process.env['KUBECONFIG'] },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((settle) =>
    child.on('exit', (code) => settle({ code, stdout, stderr })),
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
  void done.then(() => clearTimeout(timer));
  return { done, interrupt: () => child.kill('SIGINT'), stdout: () => stdout };
}

beforeAll(async () => {
  config = testKubeConfig();
  tracker = new CreatedObjects(config);
  workloads = new Workloads(config);
  scratch = await mkdtemp(join(tmpdir(), 'ai4all-proof-'));
  const index = await loadCrdIndex();
  const crds = CHAOS_KINDS.map((kind) => index.get(`chaos-mesh.org/${kind}`));
  if (crds.some((crd) => crd === undefined))
    throw new Error(`the pinned schema set lacks a Chaos Mesh CRD (${CHAOS_KINDS.join(', ')})`);
  await installCrds(config, crds as NonNullable<(typeof crds)[number]>[], tracker);
  await tracker.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } });
  await workloads.remove(NAMESPACE, 'frontend');
  await workloads.create(NAMESPACE, 'frontend', 2);
});

afterAll(async () => {
  for (const server of servers) server.close();
  servers = [];
  await workloads?.remove(NAMESPACE, 'frontend');
  if (scratch !== undefined) await rm(scratch, { recursive: true, force: true });
});

describe('proof on a real API server', () => {
  it('runs frontend-pod-kill, measures, reports PASS, and deletes its PodChaos', async () => {
    const alertmanager = await jsonServer([]);
    const agent = await jsonServer({ items: [], nextCursor: null }); // the agent's paged incident list
    const out = join(scratch, 'pass');
    const run = proof([
      '--scenario',
      'frontend-pod-kill',
      '--alertmanager-url',
      alertmanager,
      '--agent-url',
      agent,
      '--poll-seconds',
      '1',
      '--budget-seconds',
      '60',
      '--out',
      out,
    ]);
    // Play the Chaos Mesh controller: when the PodChaos appears, kill one pod of the app.
    const created = await eventually(
      'the proof to create its PodChaos',
      () => chaosObjects('PodChaos'),
      (names) => names.length === 1,
      60_000,
    );
    expect(created[0]).toMatch(/^frontend-pod-kill-[0-9a-f]{6}$/);
    const core = config.makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: NAMESPACE, labelSelector: 'app=frontend' });
    await core.deleteNamespacedPod({ namespace: NAMESPACE, name: pods.items[0]?.metadata?.name ?? '' });

    const result = await run.done;
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('PASS  frontend-pod-kill');
    expect(await chaosObjects('PodChaos')).toEqual([]);
    const report = JSON.parse(await readFile(join(out, 'proof.json'), 'utf8')) as {
      scenarios: { verdict: { passed: boolean; recoverSeconds: number | null } }[];
      cleanup: { deleted: unknown[]; failed: unknown[] };
    };
    expect(report.scenarios[0]?.verdict.passed).toBe(true);
    expect(report.scenarios[0]?.verdict.recoverSeconds).toBeGreaterThanOrEqual(30); // after the 30 s fault window
    expect(report.cleanup).toMatchObject({ deleted: [expect.anything()], failed: [] });
    expect(await readFile(join(out, 'proof.md'), 'utf8')).toContain('| frontend-pod-kill | online-boutique/frontend |');
  });

  it('on SIGINT stops, deletes the running NetworkChaos, and exits 130 with an interrupted report', async () => {
    const alertmanager = await jsonServer([]);
    const agent = await jsonServer({ items: [], nextCursor: null }); // the agent's paged incident list
    const out = join(scratch, 'interrupted');
    const run = proof([
      '--scenario',
      'frontend-latency',
      '--alertmanager-url',
      alertmanager,
      '--agent-url',
      agent,
      '--poll-seconds',
      '1',
      '--out',
      out,
    ]);
    await eventually(
      'the proof to create its NetworkChaos',
      () => chaosObjects('NetworkChaos'),
      (names) => names.length === 1,
      60_000,
    );
    await eventually(
      'the proof to start observing',
      () => Promise.resolve(run.stdout()),
      (text) => text.includes('created NetworkChaos'),
      30_000,
    );
    run.interrupt();
    const result = await run.done;
    expect(result.code, result.stdout + result.stderr).toBe(130);
    expect(result.stderr).toContain('stopping and deleting what this run created');
    expect(await chaosObjects('NetworkChaos')).toEqual([]);
    const report = JSON.parse(await readFile(join(out, 'proof.json'), 'utf8')) as {
      interrupted: boolean;
      scenarios: { verdict: { reasons: string[] } }[];
    };
    expect(report.interrupted).toBe(true);
    expect(report.scenarios[0]?.verdict.reasons).toContain('interrupted before the scenario finished');
  });
});
