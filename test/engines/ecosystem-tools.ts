/**
 * The ecosystem's own tools (promtool, amtool, kyverno, helm, the prometheus and alertmanager
 * servers) that `npm run tools:build` (tools/ecosystem/build.sh) puts in `.cache/tools/bin`, and a
 * bounded way to run them. A missing binary is an error naming the command that builds it: engine
 * tests fail, they never skip.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The binaries tools/ecosystem/build.sh produces. */
export type EcosystemTool =
  'promtool' | 'prometheus' | 'amtool' | 'alertmanager' | 'kyverno' | 'kyverno-admission-review' | 'helm' | 'kubectl';

/** Where build.sh puts the binaries (AI4ALL_TOOLS_BIN overrides it, as in build.sh). */
export function toolsDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  return environment['AI4ALL_TOOLS_BIN'] ?? join(REPO_ROOT, '.cache', 'tools', 'bin');
}

/** Thrown when a tool has not been built. */
export class ToolMissingError extends Error {
  readonly code = 'TOOL_MISSING';
  constructor(tool: EcosystemTool, path: string) {
    super(
      `${tool} is not built (looked for ${path}). Build the ecosystem tools with \`npm run tools:build\` ` +
        '(needs Go >= 1.26.7 and the Go module proxy; see tools/ecosystem/README.md).',
    );
  }
}

/** Absolute path of a built tool; throws {@link ToolMissingError} when it is absent. */
export function toolPath(tool: EcosystemTool, environment: NodeJS.ProcessEnv = process.env): string {
  const path = join(toolsDirectory(environment), tool);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ToolMissingError(tool, path);
  }
  return path;
}

/** What a tool run returned. */
export interface ToolRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The command line, for assertion messages. */
  readonly command: string;
}

/** Options of {@link runTool}. */
export interface RunToolOptions {
  readonly cwd?: string;
  /** Written to the tool's stdin. */
  readonly input?: string;
  /** @default 120_000 */
  readonly timeoutMs?: number;
}

/** Runs a tool to completion (bounded by a timeout) and returns its exit status and output. */
export function runTool(tool: EcosystemTool, args: readonly string[], options: RunToolOptions = {}): ToolRun {
  const path = toolPath(tool);
  const result = spawnSync(path, args, {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${tool} ${args.join(' ')}: ${result.error.message}`);
  return {
    status: result.status ?? 1,
    stdout: result.stdout,
    stderr: result.stderr,
    command: `${tool} ${args.join(' ')}`,
  };
}

/** A one-line-per-stream summary of a run, for assertion messages. */
export function describeRun(run: ToolRun): string {
  return `$ ${run.command}\n(exit ${run.status})\n${run.stdout}\n${run.stderr}`;
}
