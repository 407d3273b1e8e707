/**
 * The proof runner's logic on fakes of its ports (a clock that jumps, scripted alert, incident and
 * workload sources): verdicts that pass and verdicts that must fail, measured times, and cleanup on
 * success, on error and on abort.
 */
import { describe, expect, it } from 'vitest';
import { CHAOS_CATALOG, type ChaosScenario } from '../catalog.js';
import type { ChaosObjects, CreatedObject, FiringAlert, IncidentView, ProofClock, WorkloadHealth } from './ports.js';
import { PROOF_RUN_LABEL } from './proof-manifests.js';
import { runProof, type ProofDependencies } from './runner.js';

const scenario = (id: string) => CHAOS_CATALOG.find((item) => item.id === id) as ChaosScenario;
const podKill = scenario('frontend-pod-kill');
const podFailure = scenario('currency-pod-failure');

interface World {
  /** Seconds since the run started → what the lab shows. */
  alerts?: (seconds: number) => FiringAlert[];
  incidents?: (seconds: number) => IncidentView[];
  health?: (seconds: number) => WorkloadHealth | null;
  applyError?: string;
  missing?: string[];
}

function fakeLab(world: World) {
  let now = Date.parse('2026-11-24T12:00:00Z');
  const start = now;
  const seconds = () => (now - start) / 1000;
  const created: CreatedObject[] = [];
  const deletes: { runId: string; kinds: string[] }[] = [];
  const controller = new AbortController();
  const clock: ProofClock = {
    now: () => now,
    sleep: (milliseconds, signal) => {
      if (signal.aborted) return Promise.reject(new Error('aborted'));
      now += milliseconds;
      return Promise.resolve();
    },
  };
  const chaos: ChaosObjects = {
    missingKinds: () => Promise.resolve(world.missing ?? []),
    apply: (manifests, runId) => {
      for (const manifest of manifests) {
        const metadata = manifest['metadata'] as { name: string; namespace: string; labels: Record<string, string> };
        expect(metadata.labels[PROOF_RUN_LABEL]).toBe(runId);
        created.push({
          apiVersion: String(manifest['apiVersion']),
          kind: String(manifest['kind']),
          namespace: metadata.namespace,
          name: metadata.name,
        });
        if (world.applyError) return Promise.reject(new Error(world.applyError));
      }
      return Promise.resolve([...created]);
    },
    deleteRun: (runId, kinds) => {
      deletes.push({ runId, kinds: kinds.map((kind) => kind.kind) });
      const deleted = created.splice(0);
      return Promise.resolve({ deleted, failed: [] });
    },
  };
  const healthy = { desired: 3, ready: 3, updated: 3, available: 3 };
  const dependencies: ProofDependencies = {
    chaos,
    alerts: { firing: () => Promise.resolve(world.alerts?.(seconds()) ?? []) },
    incidents: { list: () => Promise.resolve(world.incidents?.(seconds()) ?? []) },
    workloads: { health: () => Promise.resolve(world.health ? world.health(seconds()) : healthy) },
    clock,
  };
  return {
    dependencies,
    created,
    deletes,
    controller,
    at: (offset: number) => new Date(start + offset * 1000).toISOString(),
  };
}

const options = (signal: AbortSignal) => ({ runId: 'proof-test-abc123', pollSeconds: 5, budgetSeconds: 600, signal });
const alertAt =
  (from: number, to: number) =>
  (seconds: number): FiringAlert[] =>
    seconds >= from && seconds < to
      ? [
          {
            alertname: 'DeploymentReplicasUnavailable',
            labels: { namespace: 'online-boutique', deployment: 'currencyservice' },
            startsAt: '',
          },
        ]
      : [];

describe('proof runner', () => {
  it('passes a self-healing scenario: no alert, no incident, healthy; deletes its objects', async () => {
    const lab = fakeLab({});
    const run = await runProof([podKill], lab.dependencies, options(lab.controller.signal));
    expect(run.scenarios[0]?.verdict).toMatchObject({ passed: true, reasons: [] });
    expect(run.cleanup.deleted.map((object) => object.name)).toEqual(['frontend-pod-kill-abc123']);
    expect(lab.deletes).toEqual([{ runId: 'proof-test-abc123', kinds: ['PodChaos'] }]);
  });

  it('passes a healed incident and measures detect / act / recover from the observations', async () => {
    const lab = fakeLab({
      alerts: alertAt(60, 150),
      incidents: (seconds) =>
        seconds < 65
          ? []
          : [
              {
                id: 'inc-1',
                status: seconds < 120 ? 'verifying' : 'resolved',
                createdAt: lab.at(62),
                target: { namespace: 'online-boutique', name: 'currencyservice' },
                action: { type: 'restart' },
                timeline: [{ at: lab.at(70), event: 'action-applied' }],
                execution: { appliedAt: lab.at(70) },
                postMortemPath: seconds < 120 ? null : '/data/reports/post-mortems/inc-1.md',
              },
            ],
      health: (seconds) =>
        seconds >= 40 && seconds < 140
          ? { desired: 2, ready: 0, updated: 2, available: 0 }
          : { desired: 2, ready: 2, updated: 2, available: 2 },
    });
    const run = await runProof([podFailure], lab.dependencies, options(lab.controller.signal));
    const proof = run.scenarios[0];
    expect(proof?.verdict.reasons).toEqual([]);
    expect(proof?.verdict).toMatchObject({ passed: true, detectSeconds: 60, actSeconds: 70, recoverSeconds: 150 });
    expect(proof?.observation.incident).toMatchObject({ id: 'inc-1', status: 'resolved', action: 'restart' });
  });

  it('fails when the expected alert never fires, and does not claim an action', async () => {
    const lab = fakeLab({});
    const run = await runProof([podFailure], lab.dependencies, options(lab.controller.signal));
    expect(run.scenarios[0]?.verdict.passed).toBe(false);
    expect(run.scenarios[0]?.verdict.reasons).toEqual(
      expect.arrayContaining([
        'expected alert DeploymentReplicasUnavailable never fired',
        "expected action restart, the agent's incident shows none",
        'the agent opened no incident for the target',
      ]),
    );
  });

  it('fails when the agent did something else, or the workload never recovers', async () => {
    const lab = fakeLab({
      alerts: alertAt(30, 100_000),
      incidents: () => [
        {
          id: 'inc-2',
          status: 'no-action',
          createdAt: lab.at(31),
          target: { namespace: 'online-boutique', name: 'currencyservice' },
          action: { type: 'none' },
          timeline: [],
          postMortemPath: null,
        },
      ],
      health: () => ({ desired: 2, ready: 0, updated: 2, available: 0 }),
    });
    const run = await runProof([podFailure], lab.dependencies, options(lab.controller.signal));
    expect(run.scenarios[0]?.verdict.reasons).toEqual(
      expect.arrayContaining([
        "expected action restart, the agent's incident shows none",
        'the workload did not recover within the time budget',
      ]),
    );
  });

  it('cleans up when creating the chaos objects fails, and reports the error', async () => {
    const lab = fakeLab({ applyError: 'admission webhook denied the request' });
    const run = await runProof([podKill], lab.dependencies, options(lab.controller.signal));
    expect(run.scenarios[0]?.verdict.reasons).toEqual([
      'admission webhook denied the request',
      'the workload did not recover within the time budget',
    ]);
    expect(lab.deletes).toHaveLength(1);
    expect(lab.created).toEqual([]);
  });

  it('stops on abort, still deletes what it created, and says it was interrupted', async () => {
    const lab = fakeLab({
      alerts: (seconds) => {
        if (seconds >= 20) lab.controller.abort();
        return [];
      },
    });
    const run = await runProof([podFailure, podKill], lab.dependencies, options(lab.controller.signal));
    expect(run.interrupted).toBe(true);
    expect(run.scenarios).toHaveLength(1);
    expect(run.scenarios[0]?.verdict.reasons).toContain('interrupted before the scenario finished');
    expect(lab.deletes).toHaveLength(1);
    expect(run.cleanup.deleted.map((object) => object.kind)).toEqual(['PodChaos']);
  });

  it('refuses to start when Chaos Mesh is not installed, creating nothing', async () => {
    const lab = fakeLab({ missing: ['PodChaos.chaos-mesh.org/v1alpha1'] });
    const run = await runProof([podKill], lab.dependencies, options(lab.controller.signal));
    expect(run.scenarios[0]?.verdict.reasons[0]).toBe(
      'Chaos Mesh is not installed: the API server does not serve PodChaos.chaos-mesh.org/v1alpha1',
    );
    expect(run.scenarios[0]?.created).toEqual([]);
  });
});
