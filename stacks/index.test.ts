/**
 * The composition root as Pulumi runs it: Pulumi.yaml's runtime options load `main` in this ESM
 * package, the default export reads the stack's config, and no other module reads pulumi.Config.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as pulumi from '@pulumi/pulumi';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import main from './index.js';
import { rawStackConfig } from './testing/fixtures.js';
import { runUnderMocks } from './testing/mock-run.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const project = parse(readFileSync(path.join(root, 'Pulumi.yaml'), 'utf8')) as {
  name: string;
  main: string;
  runtime: { name: string; options: { typescript: boolean; nodeargs: string } };
};

describe('Pulumi.yaml', () => {
  it('is a nodejs project named like the config namespace, with main at the composition root', () => {
    expect(project.name).toBe('ai4all-sre');
    expect(project.runtime.name).toBe('nodejs');
    expect(project.main).toBe('stacks/index.ts');
    expect(statSync(path.join(root, project.main)).isFile()).toBe(true);
  });

  it('loads main the way Pulumi’s nodejs runtime does in an ESM package (node + nodeargs, dynamic import of the file URL)', async () => {
    // Pulumi (type: module) does `await import(pathToFileURL(main).href)` and calls the default export;
    // it rejects a module that has both a default and named exports.
    const script = `const m = await import(${JSON.stringify(pathToUrl(path.join(root, project.main)))});
      console.log(JSON.stringify({ keys: Object.keys(m), type: typeof m.default }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...project.runtime.options.nodeargs.split(' '), '--input-type=module', '-e', script],
      { cwd: root, timeout: 60_000 },
    );
    expect(project.runtime.options.typescript).toBe(false);
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ keys: ['default'], type: 'function' });
  });
});

function pathToUrl(file: string): string {
  return new URL(`file://${file}`).href;
}

describe('stacks/index.ts', () => {
  it('reads Pulumi.lab.yaml’s keys from pulumi.Config and declares the lab', async () => {
    const config = Object.fromEntries(
      Object.entries(rawStackConfig('lab')).map(([key, value]) => [`ai4all-sre:${key}`, JSON.stringify(value)]),
    );
    const { resources, result } = await runUnderMocks(() => {
      pulumi.runtime.setAllConfig(config, []);
      return main();
    }, 'lab');
    expect(resources.find((resource) => resource.type === 'pulumi:providers:kubernetes')?.inputs.kubeconfig).toMatch(
      /\/\.kube\/config$/,
    );
    expect(resources.some((resource) => resource.name === 'gitops-bootstrap-application')).toBe(true);
    expect(result.versions.ollamaModels).toEqual(['qwen2.5:3b-instruct']);
  });

  it('fails with the key name when the stack config is invalid', async () => {
    await expect(
      runUnderMocks(() => {
        pulumi.runtime.setAllConfig({ 'ai4all-sre:cluster': JSON.stringify({ kubeconfig: '~/.kube/config' }) }, []);
        return main();
      }),
    ).rejects.toThrow(/ai4all-sre:cluster\.context: is required[\s\S]*ai4all-sre:gitops: is required/);
  });

  it('is the only module that reads pulumi.Config (one composition root)', () => {
    const offenders: string[] = [];
    const walk = (directory: string): void => {
      for (const entry of readdirSync(directory, { withFileTypes: true })) {
        const file = path.join(directory, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith(`${path.sep}index.ts`)) {
          if (/\bnew\s+(pulumi\.)?Config\s*\(|getObject\s*</.test(readFileSync(file, 'utf8'))) offenders.push(file);
        }
      }
    };
    walk(path.join(root, 'stacks'));
    expect(offenders).toEqual([]);
    expect(readFileSync(path.join(root, 'stacks/index.ts'), 'utf8')).toMatch(/new pulumi\.Config\(CONFIG_NAMESPACE\)/);
  });
});
