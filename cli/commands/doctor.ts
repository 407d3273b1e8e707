/**
 * `ai4all-sre doctor`: checks a lab host before `pulumi up -s lab` and prints each check as
 * PASS/WARN/FAIL with the fix. Exit code 1 when any check fails.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { DEFAULT_MODEL_TAG } from '../../catalog/agent-contract.js';
import { OLLAMA_MODEL_TAGS, type OllamaModelTag } from '../../stacks/catalog/chart-catalog.js';
import { isInlineKubeconfig, resolveKubeconfig } from '../../stacks/config/kubeconfig.js';
import type { LabConfig } from '../../stacks/config/lab-config.js';
import { parseLabConfig } from '../../stacks/config/parse-lab-config.js';
import { rawConfigFromStackYaml } from '../../stacks/config/stack-file.js';
import type { CliCommand, CliContext } from '../command.js';
import { fetchHttpProbe } from '../doctor/adapters/fetch-http-probe.js';
import { kubernetesClusterProbe } from '../doctor/adapters/kubernetes-cluster-probe.js';
import { nodeHostProbe } from '../doctor/adapters/node-host-probe.js';
import { runChecks, type CheckResult, type DoctorOptions, type DoctorPorts } from '../doctor/checks.js';

/** Render results as lines (pure). */
export function formatResults(results: readonly CheckResult[]): string[] {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(`${result.status.toUpperCase().padEnd(4)}  ${result.name}: ${result.detail}`);
    if (result.status !== 'pass' && result.fix !== undefined) {
      lines.push(`      fix: ${result.fix}`);
    }
  }
  const failed = results.filter((result) => result.status === 'fail').length;
  const warned = results.filter((result) => result.status === 'warn').length;
  lines.push(
    failed === 0
      ? `Ready for \`pulumi up -s lab\` (${results.length} checks, ${warned} warning(s)).`
      : `${failed} check(s) failed; fix them before \`pulumi up -s lab\`.`,
  );
  return lines;
}

/** Run the checks on the given ports and print; returns the exit code. */
export async function doctor(options: DoctorOptions, ports: DoctorPorts, context: CliContext): Promise<number> {
  const results = await runChecks(options, ports);
  for (const line of formatResults(results)) context.io.out(line);
  return results.some((result) => result.status === 'fail') ? 1 : 0;
}

interface DoctorFlags {
  stack: string;
  kubeconfig?: string;
  context?: string;
  model?: OllamaModelTag[];
  gatewayApi?: 'existing' | 'install';
  dataDir: string;
  timeout: string;
}

/** What the stack file says (when it exists), or an error message naming the problems. */
function readStack(file: string): LabConfig | undefined | string {
  if (!existsSync(file)) return undefined;
  try {
    return parseLabConfig(rawConfigFromStackYaml(readFileSync(file, 'utf8')));
  } catch (error) {
    return `doctor: ${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Doctor options: flags first, then the stack file (so the checks size for what `pulumi up`
 * will install), then lab defaults.
 */
export function resolveDoctorOptions(
  flags: DoctorFlags,
  stack: LabConfig | undefined,
  environment: { readonly home: string; readonly cwd: string; readonly kubeconfigVariable?: string | undefined },
): DoctorOptions {
  const configured = stack ? resolveKubeconfig(stack.cluster.kubeconfig, environment.home, environment.cwd) : undefined;
  const kubeconfig =
    flags.kubeconfig ??
    (configured !== undefined && !isInlineKubeconfig(configured) ? configured : undefined) ??
    environment.kubeconfigVariable?.split(path.delimiter)[0] ??
    path.join(environment.home, '.kube', 'config');
  return {
    kubeconfig,
    context: flags.context ?? stack?.cluster.context ?? 'default',
    models: flags.model ?? stack?.ollama.models ?? [LAB_DEFAULT_MODEL],
    gatewayApi: flags.gatewayApi ?? stack?.linkerd.gatewayApi ?? 'existing',
    chartSource: stack?.charts.source ?? 'repository',
    dataDirectory: flags.dataDir,
    httpTimeoutMs: Number(flags.timeout),
  };
}

const LAB_DEFAULT_MODEL: OllamaModelTag = DEFAULT_MODEL_TAG;

/** The `doctor` command (real adapters). */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  build(context) {
    return new Command('doctor')
      .description('check this host before `pulumi up` (cluster, resources, containerd socket, CLIs, Helm repos)')
      .option('--stack <name>', 'read kubeconfig, context, models and gatewayApi from Pulumi.<name>.yaml', 'lab')
      .option('--kubeconfig <path>', "kubeconfig file (default: the stack's, $KUBECONFIG, ~/.kube/config)")
      .option('--context <name>', 'kubeconfig context (default: the stack\'s, else "default")')
      .addOption(
        new Option('--model <tag...>', "models the stack will pull (default: the stack's)").choices(OLLAMA_MODEL_TAGS),
      )
      .addOption(
        new Option('--gateway-api <mode>', "ai4all-sre:linkerd.gatewayApi (default: the stack's)").choices([
          'existing',
          'install',
        ]),
      )
      .option('--data-dir <path>', 'k3s data directory', '/var/lib/rancher/k3s')
      .option('--timeout <ms>', 'timeout per HTTP check in milliseconds', '5000')
      .action(async (flags: DoctorFlags) => {
        const timeout = Number(flags.timeout);
        if (!Number.isInteger(timeout) || timeout <= 0) {
          context.io.error(`doctor: --timeout must be a positive integer of milliseconds, got "${flags.timeout}".`);
          context.setExitCode(2);
          return;
        }
        const stackFile = path.join(context.cwd, `Pulumi.${flags.stack}.yaml`);
        const stack = readStack(stackFile);
        if (typeof stack === 'string') {
          context.io.error(stack);
          context.setExitCode(2);
          return;
        }
        context.io.out(
          stack ? `Checking for stack "${flags.stack}" (${stackFile}).` : `No ${stackFile}; using lab defaults.`,
        );
        const options = resolveDoctorOptions(flags, stack, {
          home: context.env.HOME ?? os.homedir(),
          cwd: context.cwd,
          kubeconfigVariable: context.env.KUBECONFIG,
        });
        const ports: DoctorPorts = {
          cluster: kubernetesClusterProbe(options.kubeconfig, options.context),
          host: nodeHostProbe(context.env.PATH),
          http: fetchHttpProbe,
        };
        context.setExitCode(await doctor(options, ports, context));
      });
  },
};
