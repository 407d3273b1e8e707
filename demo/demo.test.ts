/**
 * The demo end to end: the real agent against the simulator, every scenario judged. Also proves the
 * judging can fail (a wrong expectation) and that a run is reproducible for a seed.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { findScenario } from '../chaos/catalog.js';
import { exitCodeFor, runDemo } from './run-demo.js';
import { DEMO_SCENARIOS, selectScenarios, type DemoScenario } from './scenarios.js';

const directories: string[] = [];
async function scratch(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'ai4all-demo-test-'));
  directories.push(directory);
  return directory;
}
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

const comparable = (results: readonly { postMortems: readonly string[] }[]) =>
  results.map((result) => ({ ...result, postMortems: result.postMortems.length }));

describe('demo scenarios', () => {
  it('agree with the chaos catalog entries they mirror (target, alert, action)', () => {
    const mirrored = DEMO_SCENARIOS.filter((scenario) => scenario.chaosScenario !== undefined);
    expect(mirrored.map((scenario) => scenario.id)).toEqual(['traffic-spike', 'pod-kill', 'dependency-outage']);
    for (const scenario of mirrored) {
      const entry = findScenario(scenario.chaosScenario as string);
      expect({
        id: scenario.id,
        target: scenario.target,
        alert: scenario.expect.alert,
        action: scenario.expect.action,
      }).toEqual({
        id: scenario.id,
        target: entry.target.deployment,
        alert: entry.expectedAlert,
        action: entry.expectedAction,
      });
    }
  });
});

describe('npm run demo', () => {
  it('ends every scenario as expected and writes post-mortems', async () => {
    const first = await runDemo({ seed: 5, scenarios: DEMO_SCENARIOS, dataDirectory: await scratch(), model: null });
    expect(first.results.map((result) => [result.id, result.problems])).toEqual(
      DEMO_SCENARIOS.map((scenario) => [scenario.id, []]),
    );
    expect(exitCodeFor(first)).toBe(0);
    const byId = Object.fromEntries(first.results.map((result) => [result.id, result]));
    expect(byId['bad-rollout']).toMatchObject({ action: 'rollback → rev 1', status: 'resolved', recovered: true });
    expect(byId['traffic-spike']).toMatchObject({ alert: 'DeploymentCPUSaturated', action: 'scale → 6' });
    expect(byId['dependency-outage']).toMatchObject({
      diagnosis: 'dependency-failure',
      writes: 0,
      status: 'no-action',
    });
    expect(byId['pod-kill']).toMatchObject({ alert: null, status: 'no incident', writes: 0, recovered: true });
    for (const result of first.results.filter((item) => item.status === 'resolved')) {
      expect(result.postMortems).toHaveLength(1);
      const text = await readFile(result.postMortems[0] as string, 'utf8');
      expect(text).toContain('**Status: resolved.**');
      expect(result.actSeconds).not.toBeNull();
      expect(result.recoverSeconds).toBeGreaterThanOrEqual(result.actSeconds ?? 0);
    }
  }, 60_000);

  it('repeats exactly for a seed, paced or not (pacing only waits, it never changes what happens)', async () => {
    const scenarios = selectScenarios(['bad-rollout', 'pod-kill']);
    const paced = await runDemo({ seed: 7, scenarios, dataDirectory: await scratch(), model: null, speed: 1_000 });
    const unpaced = await runDemo({ seed: 7, scenarios, dataDirectory: await scratch(), model: null });
    expect(paced.results.every((result) => result.passed)).toBe(true);
    expect(comparable(paced.results)).toEqual(comparable(unpaced.results));
    expect(paced.simulatedSeconds).toBe(unpaced.simulatedSeconds);
  }, 20_000);

  it('fails a scenario that ends differently from its expectation, and says why', async () => {
    const podKill = selectScenarios(['pod-kill'])[0] as DemoScenario;
    const wrong: DemoScenario = {
      ...podKill,
      id: 'pod-kill-expecting-a-restart',
      expect: { alert: 'DeploymentReplicasUnavailable', action: 'restart', status: 'resolved', recovered: true },
      maxSeconds: 600,
    };
    const run = await runDemo({ seed: 5, scenarios: [wrong], dataDirectory: await scratch(), model: null });
    const result = run.results[0];
    expect(result?.passed).toBe(false);
    expect(result?.problems).toEqual(
      expect.arrayContaining([
        'expected alert DeploymentReplicasUnavailable, got none',
        'the agent opened no incident',
        'expected action restart, the agent chose none',
      ]),
    );
    expect(exitCodeFor(run)).toBe(1);
  }, 30_000);

  it('exits 1 with the reasons when a scenario ends wrong (dry-run: the agent may not act, nothing recovers)', async () => {
    const directory = await scratch();
    const json = join(directory, 'results.json');
    const run = promisify(execFile)(
      process.execPath,
      [
        ...['--import', 'tsx', 'demo/main.ts', '--scenario', 'memory-leak', '--mode', 'dry-run'],
        ...['--speed', 'max', '--no-model', '--data-dir', join(directory, 'data'), '--json', json],
      ],
      { cwd: join(import.meta.dirname, '..') },
    );
    const failure = (await run.then(
      () => expect.fail('the demo exited 0'),
      (error: unknown) => error,
    )) as { code: number; stdout: string };
    expect(failure.code).toBe(1);
    expect(failure.stdout).toContain('dry-run: would restart online-boutique/productcatalogservice');
    expect(failure.stdout).toContain('memory-leak: expected the incident to end resolved, it ended no-action');
    expect(failure.stdout).toContain('memory-leak: productcatalogservice did not recover');
    expect(failure.stdout).toContain('1 scenario(s) ended wrong: memory-leak');
    const written = JSON.parse(await readFile(json, 'utf8')) as {
      mode: string;
      results: { passed: boolean; writes: number }[];
    };
    expect(written).toMatchObject({ mode: 'dry-run', results: [{ passed: false, writes: 0 }] });
  }, 30_000);

  it('refuses an unknown scenario naming the known ones (exit status 2)', async () => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'demo/main.ts', '--scenario', 'nope'], {
      cwd: join(import.meta.dirname, '..'),
    });
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown scenario "nope"; known: bad-rollout, memory-leak'),
    });
  }, 30_000);
});
