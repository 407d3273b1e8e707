/**
 * The real Prometheus and Alertmanager servers (built by `npm run tools:build`) on 127.0.0.1, each
 * with its own data directory and log file under a test's working directory, stopped by the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { toolPath } from './ecosystem-tools.js';

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A running server process. */
export interface RunningServer {
  readonly url: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: exited with ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms; see ${logFile}`);
}

async function startServer(
  tool: 'prometheus' | 'alertmanager',
  directory: string,
  port: number,
  args: readonly string[],
): Promise<RunningServer> {
  mkdirSync(directory, { recursive: true });
  const logFile = join(directory, `${tool}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(toolPath(tool), args, { stdio: ['ignore', log, log] });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
  };
  try {
    await waitReady(url, child, logFile, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, logFile, stop };
}

/** Options of {@link startPrometheus}. */
export interface PrometheusOptions {
  readonly directory: string;
  readonly port: number;
  /** prometheus.yml content (rule_files relative to `directory`). */
  readonly config: string;
  /** Extra files (rule files) to write into `directory`, by name. */
  readonly files?: Readonly<Record<string, string>>;
}

/** Starts Prometheus on 127.0.0.1:`port`. */
export function startPrometheus(options: PrometheusOptions): Promise<RunningServer> {
  mkdirSync(options.directory, { recursive: true });
  for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(options.directory, name), text);
  writeFileSync(join(options.directory, 'prometheus.yml'), options.config);
  return startServer('prometheus', options.directory, options.port, [
    `--config.file=${join(options.directory, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(options.directory, 'data')}`,
    `--web.listen-address=127.0.0.1:${options.port}`,
  ]);
}

/** Starts Alertmanager on 127.0.0.1:`port` with `config` (alertmanager.yml), gossip off. */
export function startAlertmanager(directory: string, port: number, config: string): Promise<RunningServer> {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'alertmanager.yml'), config);
  return startServer('alertmanager', directory, port, [
    `--config.file=${join(directory, 'alertmanager.yml')}`,
    `--storage.path=${join(directory, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ]);
}
