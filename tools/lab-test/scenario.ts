/**
 * The lab test's scenario on a prepared cluster: the lab stack previewed, applied, checked through
 * the API, applied again with no changes, switched to `pruneOnDestroy: false` (the documented way
 * out when no Argo CD controller runs), destroyed, and checked for leftovers; then the prod stack
 * previewed (without, then with, the `nvidia` RuntimeClass a GPU host provides).
 */
import { stringify } from 'yaml';
import { parseLabConfig } from '../../stacks/config/parse-lab-config.js';
import { rawConfigFromStackYaml } from '../../stacks/config/stack-file.js';
import { NVIDIA_RUNTIME_CLASS } from '../../stacks/values/ollama-values.js';
import type { RawApi } from '../control-plane/tests/support/raw-api.js';
import {
  checkAgentSettings,
  checkBootstrap,
  checkCrds,
  checkLinkerdIdentity,
  checkNamespaces,
  checkReleases,
} from './cluster-checks.js';
import type { PulumiEngine } from './engine.js';
import { expectedNamespaces } from './expected-state.js';
import type { LabReport } from './report.js';
import { leftovers, releaseObjects } from './teardown-checks.js';
import { stackConfig, writeStackFile, type StackOverrides } from './workspace.js';

/** Inputs of {@link runLabScenario}. */
export interface ScenarioInput {
  readonly api: RawApi;
  readonly engine: PulumiEngine;
  readonly report: LabReport;
  readonly repositoryRoot: string;
  readonly projectDirectory: string;
  readonly cluster: Omit<StackOverrides, 'pruneOnDestroy'>;
  readonly log: (line: string) => void;
}

const ok = (run: { code: number; output: string }, what: string): string[] =>
  run.code === 0 ? [] : [`${what} exited ${run.code}: ${run.output.trim().split('\n').slice(-8).join(' / ')}`];

async function configure(input: ScenarioInput, stack: string, pruneOnDestroy?: boolean) {
  const config = await stackConfig(input.repositoryRoot, stack, { ...input.cluster, pruneOnDestroy });
  await writeStackFile(input.projectDirectory, stack, config);
  return parseLabConfig(rawConfigFromStackYaml(stringify({ config })));
}

async function crdNames(api: RawApi): Promise<Set<string>> {
  const list = (await api.call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')) as {
    items: { metadata: { name: string } }[];
  };
  return new Set(list.items.map((crd) => crd.metadata.name));
}

/** The lab stack: preview, up, checks, idempotent up, finalizer switch, destroy, leftovers. */
export async function runLabScenario(input: ScenarioInput): Promise<void> {
  const { api, engine, report } = input;
  const crdsBefore = await crdNames(api);
  const stack = ['--stack', 'lab'];
  await report.phase('lab: stack init', async () =>
    ok(
      await engine.run('stack-init-lab', ['stack', 'init', 'lab', '--secrets-provider', 'passphrase'], 120),
      'stack init',
    ),
  );
  let config = await configure(input, 'lab');
  const previewed = await report.phase('lab: pulumi preview', async () =>
    ok(await engine.run('lab-preview', ['preview', ...stack], 600), 'preview'),
  );
  if (previewed.length > 0) return;
  const applied = await report.phase('lab: pulumi up', async () =>
    ok(await engine.run('lab-up', ['up', '--yes', '--skip-preview', ...stack], 1200), 'up'),
  );
  await report.phase('lab: releases at pinned versions (Helm release records)', () => checkReleases(api, config));
  await report.phase('lab: CRDs present, before their custom resources', () => checkCrds(api, config));
  await report.phase('lab: namespaces labelled as planned', () => checkNamespaces(api, config));
  await report.phase('lab: agent settings + webhook token parse with the agent’s schema', () =>
    checkAgentSettings(api, config, input.repositoryRoot),
  );
  await report.phase('lab: Linkerd issuer signed by the trust anchor', () => checkLinkerdIdentity(api, config));
  await report.phase('lab: bootstrap Application → dist/apps, Argo CD finalizer set', () =>
    checkBootstrap(api, config),
  );
  if (applied.length > 0) return;
  await report.phase('lab: second pulumi up changes nothing', async () =>
    ok(
      await engine.run('lab-up-again', ['up', '--yes', '--skip-preview', '--expect-no-changes', ...stack], 900),
      'up --expect-no-changes',
    ),
  );
  const objects = await releaseObjects(api);
  config = await configure(input, 'lab', false);
  await report.phase('lab: gitops.pruneOnDestroy=false removes the finalizer', async () => [
    ...ok(await engine.run('lab-up-no-finalizer', ['up', '--yes', '--skip-preview', ...stack], 900), 'up'),
    ...(await checkBootstrap(api, config)),
  ]);
  await report.phase('lab: pulumi destroy (bounded: 10 min)', async () =>
    ok(await engine.run('lab-destroy', ['destroy', '--yes', '--skip-preview', ...stack], 600), 'destroy'),
  );
  await report.phase('lab: nothing of the stack left but the CRDs Helm keeps', async () => {
    const namespaces = expectedNamespaces(config).map((spec) => spec.name);
    const result = await leftovers(api, { namespaces, objects, crdsBefore, waitSeconds: 180 });
    input.log(`  CRDs Helm kept: ${result.keptCrds.join(', ') || 'none'}`);
    input.log(`  objects kept by helm.sh/resource-policy: ${result.keptObjects.join(', ') || 'none'}`);
    return result.problems;
  });
  await report.phase('lab: every post-up check fails on the destroyed stack (none is vacuous)', async () => {
    const checks = {
      releases: () => checkReleases(api, config),
      namespaces: () => checkNamespaces(api, config),
      'agent settings': () => checkAgentSettings(api, config, input.repositoryRoot),
      'linkerd identity': () => checkLinkerdIdentity(api, config),
      bootstrap: () => checkBootstrap(api, config),
    };
    const silent: string[] = [];
    for (const [name, check] of Object.entries(checks)) if ((await check()).length === 0) silent.push(name);
    return silent.map((name) => `the ${name} check found nothing wrong on a cluster without the stack`);
  });
}

/** The prod stack's config: preview offline; the GPU's RuntimeClass is checked before any install. */
export async function runProdPreview(input: ScenarioInput): Promise<void> {
  const { api, engine, report } = input;
  const stack = ['--stack', 'prod'];
  await report.phase('prod: stack init', async () =>
    ok(
      await engine.run('stack-init-prod', ['stack', 'init', 'prod', '--secrets-provider', 'passphrase'], 120),
      'stack init',
    ),
  );
  await configure(input, 'prod');
  await report.phase(`prod: preview fails naming the missing "${NVIDIA_RUNTIME_CLASS}" RuntimeClass`, async () => {
    const run = await engine.run('prod-preview-no-gpu', ['preview', ...stack], 600);
    return run.code !== 0 &&
      /RuntimeClass|runtimeclasses/i.test(run.output) &&
      run.output.includes(NVIDIA_RUNTIME_CLASS)
      ? []
      : [`expected the preview to fail on the missing RuntimeClass "${NVIDIA_RUNTIME_CLASS}" (exit ${run.code})`];
  });
  await api.apply(
    {
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: NVIDIA_RUNTIME_CLASS },
      handler: 'nvidia',
    } as never,
    'ai4all-sre-lab-test',
    { dryRun: false },
  );
  await report.phase('prod: pulumi preview (Gateway API from vendored files, charts vendored)', async () =>
    ok(await engine.run('prod-preview', ['preview', ...stack], 600), 'preview'),
  );
  await api.delete({ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: NVIDIA_RUNTIME_CLASS } });
}
