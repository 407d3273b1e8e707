/**
 * `ai4all-sre doctor`: checks a lab host before `pulumi up -s lab` and prints each check as
 * PASS/WARN/FAIL with the fix. Exit code 1 when any check fails.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { OLLAMA_MODEL_TAGS, type OllamaModelTag } from '../../stacks/catalog/chart-catalog.js';
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
  kubeconfig?: string;
  context: string;
  model: OllamaModelTag[];
  gatewayApi: 'existing' | 'install';
  dataDir: string;
  timeout: string;
}

/** The `doctor` command (real adapters). */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  build(context) {
    return new Command('doctor')
      .description(
        'check this host before `pulumi up -s lab` (cluster, resources, containerd socket, CLIs, Helm repos)',
      )
      .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
      .option('--context <name>', 'kubeconfig context (k3s: default)', 'default')
      .addOption(
        new Option('--model <tag...>', 'models the stack will pull (sizes memory/disk needs)')
          .choices(OLLAMA_MODEL_TAGS)
          .default(['qwen2.5:3b-instruct']),
      )
      .addOption(
        new Option('--gateway-api <mode>', 'ai4all-sre:linkerd.gatewayApi of the stack')
          .choices(['existing', 'install'])
          .default('existing'),
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
        const kubeconfig =
          flags.kubeconfig ??
          context.env.KUBECONFIG?.split(path.delimiter)[0] ??
          path.join(os.homedir(), '.kube', 'config');
        const options: DoctorOptions = {
          kubeconfig,
          context: flags.context,
          models: flags.model,
          gatewayApi: flags.gatewayApi,
          dataDirectory: flags.dataDir,
          httpTimeoutMs: timeout,
        };
        const ports: DoctorPorts = {
          cluster: kubernetesClusterProbe(kubeconfig, flags.context),
          host: nodeHostProbe(context.env.PATH),
          http: fetchHttpProbe,
        };
        context.setExitCode(await doctor(options, ports, context));
      });
  },
};
