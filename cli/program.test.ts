import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliCommand, CliContext } from './command.js';
import { parseLabConfig } from '../stacks/config/parse-lab-config.js';
import { rawStackConfig } from '../stacks/testing/fixtures.js';
import { formatResults, resolveDoctorOptions } from './commands/doctor.js';
import { buildProgram } from './program.js';
import { COMMANDS } from './registry.js';

function recordingContext(
  cwd = '/nonexistent-for-tests',
): CliContext & { lines: string[]; errors: string[]; exitCode: number | undefined } {
  const context = {
    lines: [] as string[],
    errors: [] as string[],
    exitCode: undefined as number | undefined,
    io: { out: (line: string) => context.lines.push(line), error: (line: string) => context.errors.push(line) },
    env: {},
    cwd,
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

describe('doctor options', () => {
  const flags = { stack: 'lab', dataDir: '/var/lib/rancher/k3s', timeout: '5000' };
  const environment = { home: '/home/lab', cwd: '/work' };

  it('takes kubeconfig, context, models and gatewayApi from the stack file unless a flag overrides them', () => {
    const prod = parseLabConfig(rawStackConfig('prod'));
    expect(resolveDoctorOptions(flags, prod, environment)).toMatchObject({
      kubeconfig: '/home/lab/.kube/prod.yaml',
      context: 'prod',
      models: ['qwen2.5:7b-instruct', 'qwen2.5:3b-instruct'],
      gatewayApi: 'install',
    });
    expect(
      resolveDoctorOptions({ ...flags, context: 'other', model: ['llama3.2:3b'], kubeconfig: '/k' }, prod, environment),
    ).toMatchObject({ kubeconfig: '/k', context: 'other', models: ['llama3.2:3b'] });
  });

  it('falls back to $KUBECONFIG, then ~/.kube/config and the lab defaults without a stack file', () => {
    expect(resolveDoctorOptions(flags, undefined, { ...environment, kubeconfigVariable: '/a:/b' })).toMatchObject({
      kubeconfig: '/a',
      context: 'default',
      models: ['qwen2.5:3b-instruct'],
      gatewayApi: 'existing',
    });
    expect(resolveDoctorOptions(flags, undefined, environment).kubeconfig).toBe('/home/lab/.kube/config');
  });

  it('stops with the config problems when the stack file is invalid', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'doctor-stack-'));
    try {
      await writeFile(
        path.join(directory, 'Pulumi.lab.yaml'),
        'config:\n  ai4all-sre:cluster: { kubeconfig: ~/.kube/config }\n  ai4all-sre:ollama: { models: [llama3] }\n',
      );
      const context = recordingContext(directory);
      await buildProgram(COMMANDS, context).parseAsync(['node', 'cli', 'doctor']);
      expect(context.exitCode).toBe(2);
      expect(context.errors.join('\n')).toContain('ai4all-sre:cluster.context: is required');
      expect(context.errors.join('\n')).toContain('ai4all-sre:ollama.models[0]: got "llama3"; allowed values:');
      expect(context.lines).toEqual([]);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
