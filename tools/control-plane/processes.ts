/**
 * Starting and stopping the control-plane processes: each child writes its log to a file and its
 * PID to a PID file; stopping only ever signals PIDs that we recorded and whose command line is
 * still one of our binaries (a recycled PID belonging to something else is left alone).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComponentCommand } from './components.js';
import type { ComponentName, StateLayout } from './layout.js';

const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => existsSync(path));

export interface StartedProcess {
  readonly name: ComponentName;
  readonly pid: number;
  readonly child: ChildProcess;
}

/** Starts one component with stdout/stderr appended to its log file; records its PID. */
export async function startProcess(
  command: ComponentCommand,
  binDirectory: string,
  layout: StateLayout,
  options: { readonly detached: boolean },
): Promise<StartedProcess> {
  const log = openSync(layout.logFor(command.name), 'a');
  const binary = join(binDirectory, command.name);
  // Attached children also get SIGKILL from the kernel if this process dies without cleaning up
  // (setpriv sets PR_SET_PDEATHSIG, then execs the binary, so the PID and cmdline stay the binary's).
  const [program, args] =
    !options.detached && SETPRIV
      ? [SETPRIV, ['--pdeathsig', 'KILL', '--', binary, ...command.args]]
      : [binary, [...command.args]];
  const child = spawn(program, args, {
    stdio: ['ignore', log, log],
    detached: options.detached,
    cwd: layout.root,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? layout.root },
  });
  closeSync(log);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('spawn', () => resolve(child.pid ?? -1));
    child.once('error', (error) => reject(new Error(`cannot start ${binary}: ${error.message}`, { cause: error })));
  });
  if (options.detached) child.unref();
  await writeFile(layout.pidFor(command.name), `${pid}\n`);
  return { name: command.name, pid, child };
}

/** True when `pid` is alive and runs a binary from `binDirectory`. */
export function isOurProcess(pid: number, binDirectory: string): boolean {
  try {
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    return commandLine.startsWith(binDirectory);
  } catch {
    return false;
  }
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** SIGTERM, then SIGKILL after `graceMilliseconds`. Resolves once the process is gone. */
export async function stopPid(pid: number, binDirectory: string, graceMilliseconds = 10_000): Promise<boolean> {
  if (!isOurProcess(pid, binDirectory)) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMilliseconds;
  while (Date.now() < deadline) {
    if (!isOurProcess(pid, binDirectory)) return true;
    await sleep(100);
  }
  if (isOurProcess(pid, binDirectory)) process.kill(pid, 'SIGKILL');
  while (isOurProcess(pid, binDirectory)) await sleep(50);
  return true;
}

/** Stops every process that has a PID file under the layout (reverse start order), then removes the PID files. */
export async function stopRecordedProcesses(
  layout: StateLayout,
  binDirectory: string,
  order: readonly string[],
): Promise<string[]> {
  const files = await readdir(layout.pids).catch(() => [] as string[]);
  const names = files.filter((file) => file.endsWith('.pid')).map((file) => file.slice(0, -'.pid'.length));
  names.sort((left, right) => order.indexOf(right) - order.indexOf(left));
  const stopped: string[] = [];
  for (const name of names) {
    const path = join(layout.pids, `${name}.pid`);
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10);
    if (Number.isInteger(pid) && pid > 0 && (await stopPid(pid, binDirectory))) stopped.push(`${name} (pid ${pid})`);
    await rm(path, { force: true });
  }
  return stopped;
}
