/**
 * The Alertmanager routing tree as Alertmanager itself reads it: the configuration kube-prometheus-stack
 * renders (real Helm, vendored chart) from the values the Pulumi program passes for the lab and prod
 * stack files, checked with `amtool check-config` and walked with `amtool config routes test`.
 * Run with `npm run test:engines`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { declaredPrometheusStack, renderAlertmanagerConfig } from '../../test/engines/alertmanager-config.js';
import { describeRun, runTool } from '../../test/engines/ecosystem-tools.js';
import { HUMAN_RECEIVER } from './kube-prometheus-stack-values.js';

const AGENT_RECEIVER = 'ai4all-sre-agent';
const work = mkdtempSync(join(tmpdir(), 'ai4all-amtool-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The receivers `amtool config routes test` reports for an alert with these labels. */
function receiversFor(configFile: string, labels: Record<string, string>): string[] {
  const run = runTool('amtool', [
    'config',
    'routes',
    'test',
    `--config.file=${configFile}`,
    ...Object.entries(labels).map(([key, value]) => `${key}=${value}`),
  ]);
  expect(run.status, describeRun(run)).toBe(0);
  return run.stdout.trim().split(',').sort();
}

/** Namespaces of the platform's own charts: their alerts are for people only. */
const PLATFORM_NAMESPACES = [
  LAB_NAMESPACES.argocd,
  LAB_NAMESPACES.linkerd,
  LAB_NAMESPACES.kyverno,
  LAB_NAMESPACES.chaosMesh,
  LAB_NAMESPACES.monitoring,
  LAB_NAMESPACES.logging,
  LAB_NAMESPACES.ollama,
  LAB_NAMESPACES.agent,
  'kube-system',
];

describe.each(['lab', 'prod'] as const)('Alertmanager routing rendered for the %s stack', (stack) => {
  let configFile = '';
  let agentNamespaces: string[] = [];

  beforeAll(async () => {
    const release = await declaredPrometheusStack(stack);
    const directory = mkdtempSync(join(work, `${stack}-`));
    const rendered = renderAlertmanagerConfig(release, directory);
    configFile = join(directory, 'alertmanager.yaml');
    writeFileSync(configFile, rendered);
    const program = release.values as {
      alertmanager: { config: { route: { routes: { receiver: string; matchers: string[] }[] } } };
    };
    const agentRoute = program.alertmanager.config.route.routes.find((route) => route.receiver === AGENT_RECEIVER);
    const matcher = agentRoute?.matchers[0] ?? '';
    agentNamespaces = /namespace=~"(.*)"/.exec(matcher)?.[1]?.split('|') ?? [];
  }, 120_000);

  it('is valid for Alertmanager (`amtool check-config`)', () => {
    const run = runTool('amtool', ['check-config', configFile]);
    expect(run.status, describeRun(run)).toBe(0);
    expect(run.stdout).toContain('SUCCESS');
  });

  it('sends every alert from an agent namespace to the agent AND the human receiver', () => {
    expect(agentNamespaces.length).toBeGreaterThan(0);
    for (const namespace of agentNamespaces) {
      for (const alertname of ['DeploymentCrashLooping', 'DeploymentErrorBudgetBurnFast', 'KubePodNotReady']) {
        expect(
          receiversFor(configFile, { alertname, namespace, deployment: 'cartservice' }),
          `${alertname} in ${namespace}`,
        ).toEqual([AGENT_RECEIVER, HUMAN_RECEIVER].sort());
      }
    }
  });

  it('verifies the same with `--verify.receivers` (the form a platform engineer runs by hand)', () => {
    const run = runTool('amtool', [
      'config',
      'routes',
      'test',
      `--config.file=${configFile}`,
      `--verify.receivers=${AGENT_RECEIVER},${HUMAN_RECEIVER}`,
      `namespace=${agentNamespaces[0] ?? ''}`,
      'alertname=DeploymentCrashLooping',
    ]);
    expect(run.status, describeRun(run)).toBe(0);
  });

  it('never sends platform namespaces, unlabelled alerts or look-alike namespaces to the agent', () => {
    for (const namespace of [...PLATFORM_NAMESPACES, `${agentNamespaces[0] ?? ''}-staging`]) {
      expect(receiversFor(configFile, { alertname: 'KubePodCrashLooping', namespace }), namespace).toEqual([
        HUMAN_RECEIVER,
      ]);
    }
    expect(receiversFor(configFile, { alertname: 'TargetDown' })).toEqual([HUMAN_RECEIVER]);
  });

  it('sends Watchdog and InfoInhibitor to the null receiver only, wherever they come from', () => {
    for (const alertname of ['Watchdog', 'InfoInhibitor']) {
      expect(receiversFor(configFile, { alertname, namespace: LAB_NAMESPACES.monitoring })).toEqual(['null']);
      expect(receiversFor(configFile, { alertname, namespace: agentNamespaces[0] ?? '' })).toEqual(['null']);
    }
  });
});
