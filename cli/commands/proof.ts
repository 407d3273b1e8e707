/**
 * `ai4all-sre proof`: proof of resilience on a real lab (KUBECONFIG → a cluster the stacks
 * provisioned). Runs chosen chaos catalog scenarios, measures detect / act / recover through the
 * lab's APIs, writes proof.md + proof.json, and deletes what it created — also on Ctrl-C (a second
 * Ctrl-C exits at once). Exit 0 all passed, 1 a scenario failed or cleanup failed, 2 bad input, 130 interrupted.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { Command, InvalidArgumentError } from 'commander';
import { AGENT_DEFAULTS } from '../../catalog/agent-contract.js';
import { LAB_NAMESPACES, PROMETHEUS_STACK_RELEASE } from '../../catalog/platform-contract.js';
import { CHAOS_CATALOG, type ChaosScenario } from '../../chaos/catalog.js';
import { scenarioRunSeconds } from '../../chaos/render-scenario.js';
import { ClusterAccessError, loadProofKubeConfig, probeCluster } from '../../chaos/proof/cluster-access.js';
import { agentIncidents, alertmanagerAlerts, urlGet, type JsonGet } from '../../chaos/proof/http-sources.js';
import { kubernetesChaosObjects, kubernetesWorkloads, serviceProxyGet } from '../../chaos/proof/kubernetes-adapters.js';
import { oneShot, proofManifests } from '../../chaos/proof/proof-manifests.js';
import type { ProofClock } from '../../chaos/proof/ports.js';
import { writeProofReport } from '../../chaos/proof/report.js';
import { runProof } from '../../chaos/proof/runner.js';
import type { CliCommand, CliContext } from '../command.js';

/** Scenarios run when none are named: short, and one of each expected ending. */
export const DEFAULT_PROOF_SCENARIOS = ['frontend-pod-kill', 'currency-pod-failure'];

interface ProofFlags {
  scenario?: string[];
  list?: boolean;
  out?: string;
  dryRun?: boolean;
  kubeconfig?: string;
  context?: string;
  alertmanagerUrl?: string;
  agentUrl?: string;
  pollSeconds: number;
  budgetSeconds: number;
}

const systemClock: ProofClock = {
  now: () => Date.now(),
  sleep: (milliseconds, signal) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, milliseconds);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))), { once: true });
    }),
};

function positive(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return parsed;
}

export function chooseScenarios(ids: readonly string[] | undefined): ChaosScenario[] {
  const wanted = ids && ids.length > 0 ? ids : DEFAULT_PROOF_SCENARIOS;
  return wanted.map((id) => {
    const found = CHAOS_CATALOG.find((scenario) => scenario.id === id);
    if (!found) throw new InvalidArgumentError(`unknown scenario "${id}"; see --list`);
    return found;
  });
}

async function run(flags: ProofFlags, context: CliContext): Promise<number> {
  const { io } = context;
  if (flags.list) {
    for (const scenario of CHAOS_CATALOG) {
      io.out(
        `${scenario.id.padEnd(28)} ${String(scenarioRunSeconds(oneShot(scenario))).padStart(5)} s  ${scenario.expectedAlert ?? 'no alert'} → ${scenario.expectedAction}  ${scenario.description}`,
      );
    }
    return 0;
  }
  const scenarios = chooseScenarios(flags.scenario);
  const runId = `proof-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').toLowerCase()}-${randomBytes(3).toString('hex')}`;
  if (flags.dryRun) {
    for (const scenario of scenarios)
      for (const manifest of proofManifests(scenario, runId)) io.out(JSON.stringify(manifest));
    return 0;
  }
  let kubeConfig: KubeConfig;
  try {
    kubeConfig = loadProofKubeConfig({ kubeconfig: flags.kubeconfig, context: flags.context, env: context.env });
    await probeCluster(kubeConfig);
  } catch (error) {
    if (!(error instanceof ClusterAccessError)) throw error;
    io.error(`proof: ${error.message}`);
    return 2;
  }
  const cluster = kubeConfig.getCurrentCluster()?.server ?? 'unknown';
  const proxied = (namespace: string, name: string, port: number): JsonGet => {
    const get = serviceProxyGet(kubeConfig, { namespace, name, port });
    return (path) => get(path);
  };
  // Reading incidents needs a token: the read-only one when given, else the webhook token.
  const token = context.env['AGENT_READ_TOKEN'] ?? context.env['AGENT_WEBHOOK_TOKEN'];
  const alertsGet = flags.alertmanagerUrl
    ? urlGet(flags.alertmanagerUrl)
    : proxied(LAB_NAMESPACES.monitoring, `${PROMETHEUS_STACK_RELEASE}-alertmanager`, 9093);
  const agentGet = flags.agentUrl
    ? urlGet(flags.agentUrl, token)
    : proxied(AGENT_DEFAULTS.namespace, AGENT_DEFAULTS.serviceName, AGENT_DEFAULTS.servicePort);

  const abort = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) {
      io.error(
        `proof: ${signal} again: exiting without cleanup; remove leftovers with kubectl delete <kind> -l ai4all-sre.io/proof-run=${runId} -A`,
      );
      process.exit(130);
    }
    io.error(`proof: ${signal}: stopping and deleting what this run created (${signal} again to exit at once)`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    io.out(`proof ${runId} on ${cluster}: ${scenarios.map((scenario) => scenario.id).join(', ')}`);
    const result = await runProof(
      scenarios,
      {
        chaos: kubernetesChaosObjects(kubeConfig),
        alerts: alertmanagerAlerts(alertsGet),
        incidents: agentIncidents(agentGet),
        workloads: kubernetesWorkloads(kubeConfig),
        clock: systemClock,
      },
      {
        runId,
        pollSeconds: flags.pollSeconds,
        budgetSeconds: flags.budgetSeconds,
        signal: abort.signal,
        onEvent: (scenario, seconds, text) => io.out(`  ${scenario}  t+${String(seconds).padStart(4)}s  ${text}`),
      },
    );
    const directory = flags.out ?? join(context.cwd, 'proof-reports', runId);
    const written = await writeProofReport(directory, result, { cluster });
    for (const scenario of result.scenarios) {
      io.out(
        `${scenario.verdict.passed ? 'PASS' : 'FAIL'}  ${scenario.id}${scenario.verdict.passed ? '' : `: ${scenario.verdict.reasons.join('; ')}`}`,
      );
    }
    io.out(`cleanup: deleted ${result.cleanup.deleted.length} object(s), ${result.cleanup.failed.length} failed`);
    io.out(`report: ${written.markdown} and ${written.json}`);
    if (result.interrupted) return 130;
    const failed = result.scenarios.some((scenario) => !scenario.verdict.passed) || result.cleanup.failed.length > 0;
    return failed ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export const proofCommand: CliCommand = {
  name: 'proof',
  build(context) {
    return new Command('proof')
      .description(
        'run bounded chaos experiments on a lab and prove the agent heals them (measured, reported, cleaned up)',
      )
      .option('--scenario <id...>', `chaos catalog scenarios (default: ${DEFAULT_PROOF_SCENARIOS.join(', ')})`)
      .option('--list', 'list the catalog scenarios and exit')
      .option('--out <dir>', 'report directory (default: ./proof-reports/<run-id>)')
      .option('--dry-run', 'print the objects it would create (JSON lines) and exit')
      .option('--kubeconfig <path>', 'kubeconfig (default: $KUBECONFIG, then ~/.kube/config)')
      .option('--context <name>', 'kubeconfig context')
      .option('--alertmanager-url <url>', 'Alertmanager base URL (default: through the API server service proxy)')
      .option(
        '--agent-url <url>',
        'agent base URL (default: through the API server service proxy); token from $AGENT_READ_TOKEN, else $AGENT_WEBHOOK_TOKEN',
      )
      .option('--poll-seconds <n>', 'seconds between observations', positive, 5)
      .option('--budget-seconds <n>', 'seconds after the fault for detection, action and recovery', positive, 900)
      .action(async (flags: ProofFlags) => {
        try {
          context.setExitCode(await run(flags, context));
        } catch (error) {
          context.io.error(`proof: ${error instanceof Error ? error.message : String(error)}`);
          context.setExitCode(error instanceof InvalidArgumentError ? 2 : 1);
        }
      });
  },
};
