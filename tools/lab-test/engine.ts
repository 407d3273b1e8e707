/**
 * Runs the real Pulumi CLI offline against a file backend in a scratch directory: passphrase
 * secrets, no plugin downloads, no providers taken from PATH. The built providers are installed
 * into the scratch PULUMI_HOME under the versions they were built as (tools/pulumi/pins.env), so a
 * program whose SDK asks for another version fails instead of running with whatever binary is
 * around. Every run is bounded; its output goes to the console and to a log file, and is returned
 * for the few checks that need it.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** Options of {@link PulumiEngine}. */
export interface EngineOptions {
  /** Folder of pulumi, pulumi-language-nodejs and the pulumi-resource-* providers. */
  readonly binDirectory: string;
  readonly repositoryRoot: string;
  /** Scratch directory: backend state, PULUMI_HOME, logs. */
  readonly scratch: string;
  /** The project directory the CLI runs in. */
  readonly projectDirectory: string;
  readonly log: (line: string) => void;
}

/** A plugin binary in the bin directory and the version it was built as. */
export interface BuiltPlugin {
  readonly kind: 'resource';
  readonly name: string;
  readonly version: string;
}

/**
 * The provider plugins tools/pulumi/build.sh builds, with versions from its pins file. (The language
 * host is "bundled": the CLI finds it next to itself and refuses to install it as a plugin.)
 */
export async function builtPlugins(repositoryRoot: string): Promise<BuiltPlugin[]> {
  const pins = Object.fromEntries(
    (await readFile(path.join(repositoryRoot, 'tools', 'pulumi', 'pins.env'), 'utf8'))
      .split('\n')
      .map((line) => /^([A-Z_]+)=(\S+)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  ) as Record<string, string | undefined>;
  const pin = (key: string) => {
    const value = pins[key];
    if (!value) throw new Error(`tools/pulumi/pins.env has no ${key}`);
    return value;
  };
  return [
    { kind: 'resource', name: 'kubernetes', version: pin('KUBERNETES_PROVIDER_VERSION') },
    { kind: 'resource', name: 'random', version: pin('RANDOM_PROVIDER_VERSION') },
    { kind: 'resource', name: 'tls', version: pin('TLS_PROVIDER_VERSION') },
  ];
}

/** The outcome of one CLI run. */
export interface EngineRun {
  readonly code: number;
  readonly output: string;
  readonly seconds: number;
}

/** The pulumi CLI, configured for an offline file backend. */
export class PulumiEngine {
  readonly environment: NodeJS.ProcessEnv;

  constructor(private readonly options: EngineOptions) {
    this.environment = {
      ...process.env,
      PATH: [options.binDirectory, path.join(options.repositoryRoot, 'node_modules', '.bin'), process.env['PATH']].join(
        path.delimiter,
      ),
      PULUMI_HOME: path.join(options.scratch, 'pulumi-home'),
      PULUMI_BACKEND_URL: `file://${path.join(options.scratch, 'state')}`,
      PULUMI_CONFIG_PASSPHRASE: 'ai4all-sre-lab-test',
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_IGNORE_AMBIENT_PLUGINS: 'true',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_SKIP_CONFIRMATIONS: 'true',
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: 'true',
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
      NO_COLOR: '1',
    };
  }

  /** Installs each built plugin binary into PULUMI_HOME (`pulumi plugin install KIND NAME VERSION -f BIN`). */
  async installPlugins(plugins: readonly BuiltPlugin[]): Promise<string[]> {
    const problems: string[] = [];
    for (const plugin of plugins) {
      const binary = path.join(this.options.binDirectory, `pulumi-${plugin.kind}-${plugin.name}`);
      const run = await this.run(
        `plugin-${plugin.name}`,
        ['plugin', 'install', plugin.kind, plugin.name, plugin.version, '--file', binary],
        120,
      );
      if (run.code !== 0)
        problems.push(`plugin install ${plugin.kind} ${plugin.name} ${plugin.version}: exit ${run.code}`);
    }
    return problems;
  }

  /** Runs `pulumi <args>`; a run still going after `timeoutSeconds` is interrupted, then killed. */
  run(name: string, args: readonly string[], timeoutSeconds: number): Promise<EngineRun> {
    const started = Date.now();
    const logFile = path.join(this.options.scratch, `${name}.log`);
    const file = createWriteStream(logFile);
    const full = [...args, '--non-interactive', '--color', 'never', '--cwd', this.options.projectDirectory];
    this.options.log(`$ pulumi ${full.join(' ')}   (log: ${logFile})`);
    const child = spawn(path.join(this.options.binDirectory, 'pulumi'), full, {
      env: this.environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      file.write(text);
      for (const line of text.split('\n')) if (line.trim()) this.options.log(`  | ${line}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const interrupt = setTimeout(() => {
      this.options.log(`pulumi ${name}: still running after ${timeoutSeconds}s, interrupting`);
      child.kill('SIGINT');
      setTimeout(() => child.kill('SIGKILL'), 30_000).unref();
    }, timeoutSeconds * 1000);
    return new Promise((resolve) => {
      child.on('close', (code, signal) => {
        clearTimeout(interrupt);
        file.end();
        const seconds = (Date.now() - started) / 1000;
        this.options.log(`pulumi ${name}: exit ${code ?? signal} after ${seconds.toFixed(1)}s`);
        resolve({ code: code ?? 128, output, seconds });
      });
    });
  }
}
