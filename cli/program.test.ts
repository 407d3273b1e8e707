import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliCommand, CliContext } from './command.js';
import { formatResults } from './commands/doctor.js';
import { buildProgram } from './program.js';
import { COMMANDS } from './registry.js';

function recordingContext(): CliContext & { lines: string[]; errors: string[]; exitCode: number | undefined } {
  const context = {
    lines: [] as string[],
    errors: [] as string[],
    exitCode: undefined as number | undefined,
    io: { out: (line: string) => context.lines.push(line), error: (line: string) => context.errors.push(line) },
    env: {},
    setExitCode: (code: number) => {
      context.exitCode = code;
    },
  };
  return context;
}

describe('the CLI dispatcher', () => {
  it('registers doctor and dispatches to a registered command with its arguments', async () => {
    expect(COMMANDS.map((command) => command.name)).toContain('doctor');
    const calls: string[] = [];
    const echo: CliCommand = {
      name: 'echo',
      build: (context) =>
        new Command('echo').argument('<word>').action((word: string) => {
          calls.push(word);
          context.setExitCode(0);
        }),
    };
    const context = recordingContext();
    await buildProgram([echo], context).parseAsync(['node', 'cli', 'echo', 'hello']);
    expect(calls).toEqual(['hello']);
    expect(context.exitCode).toBe(0);
  });

  it('refuses two commands with the same name', () => {
    const doctor = COMMANDS.find((command) => command.name === 'doctor')!;
    expect(() => buildProgram([doctor, doctor], recordingContext())).toThrow(/"doctor" is registered twice/);
  });

  it('rejects a bad doctor flag before touching the host', async () => {
    const context = recordingContext();
    await buildProgram(COMMANDS, context).parseAsync(['node', 'cli', 'doctor', '--timeout', 'soon']);
    expect(context.exitCode).toBe(2);
    expect(context.errors).toEqual(['doctor: --timeout must be a positive integer of milliseconds, got "soon".']);
    expect(context.lines).toEqual([]);
  });
});

describe('formatResults', () => {
  it('prints every check with its fix and a verdict', () => {
    expect(
      formatResults([
        { name: 'pulumi CLI on PATH', status: 'fail', detail: 'not found', fix: 'install it' },
        { name: 'kubectl CLI on PATH', status: 'pass', detail: '/usr/bin/kubectl', fix: 'unused' },
      ]),
    ).toEqual([
      'FAIL  pulumi CLI on PATH: not found',
      '      fix: install it',
      'PASS  kubectl CLI on PATH: /usr/bin/kubectl',
      '1 check(s) failed; fix them before `pulumi up -s lab`.',
    ]);
  });
});
