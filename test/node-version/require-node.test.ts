/**
 * Node 24 only: every npm script and every entry point refuses another Node.js with one clear line
 * (scripts/require-node.mjs) before loading anything heavy, and `npm ci` refuses through engine-strict.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeVersionProblem, REQUIRED_NODE_MAJOR } from '../../scripts/require-node.mjs';
import { REPOSITORY_ROOT } from '../support/schema-set.js';

const packageJson = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};

/** Programs people start directly (npm scripts, the bin, the image). */
const ENTRY_POINTS = [
  'agent/main.ts',
  'cli/main.ts',
  'demo/main.ts',
  'eval/main.ts',
  'bench/main.ts',
  'synth/main.ts',
  'tools/control-plane/cli.ts',
  'tools/control-plane/test-cluster.ts',
  'tools/crd-import/main.ts',
];

/** A Node.js other than 24 on this machine (the distribution's, e.g. /usr/bin/node), with its npm. */
function otherNode(): { node: string; npm: string; version: string } | undefined {
  for (const node of ['/usr/bin/node', '/usr/local/bin/node']) {
    const npm = join(dirname(node), 'npm');
    if (!existsSync(node) || !existsSync(npm)) continue;
    const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
    if (nodeVersionProblem(version) !== undefined) return { node, npm, version };
  }
  return undefined;
}

describe('Node.js 24 only', () => {
  it('accepts 24 and refuses others with a message naming Node 24 and how to switch', () => {
    expect(nodeVersionProblem('v24.21.0')).toBeUndefined();
    for (const version of ['v20.20.2', 'v22.1.0', 'v25.0.0', 'garbage']) {
      expect(nodeVersionProblem(version)).toMatch(
        new RegExp(`needs Node\\.js ${REQUIRED_NODE_MAJOR} .*${version}.*nvm use`),
      );
    }
  });

  it('starts every npm script with the check, and says 24 in engines, .nvmrc and engine-strict', () => {
    const unchecked = Object.entries(packageJson.scripts).filter(
      ([, command]) => !command.startsWith('node scripts/require-node.mjs && '),
    );
    expect(unchecked).toEqual([]);
    expect(packageJson.engines.node).toBe(`>=${REQUIRED_NODE_MAJOR} <${REQUIRED_NODE_MAJOR + 1}`);
    expect(readFileSync(join(REPOSITORY_ROOT, '.nvmrc'), 'utf8').trim()).toBe(String(REQUIRED_NODE_MAJOR));
    expect(readFileSync(join(REPOSITORY_ROOT, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
  });

  it('imports the check before anything else in every entry point', () => {
    for (const entry of ENTRY_POINTS) {
      const source = readFileSync(join(REPOSITORY_ROOT, entry), 'utf8');
      const firstImport = /^import [^\n]*$/m.exec(source)?.[0];
      const expected = relative(
        dirname(join(REPOSITORY_ROOT, entry)),
        join(REPOSITORY_ROOT, 'scripts/require-node.mjs'),
      );
      expect(firstImport, entry).toMatch(new RegExp(`^import '${expected.replace(/\./g, '\\.')}';`));
    }
  });

  const other = otherNode();
  it.runIf(other !== undefined)(
    `fails npm scripts within one short process on the machine's other Node (${other?.version})`,
    () => {
      const env = { ...process.env, PATH: `${dirname(other!.node)}:/usr/bin:/bin` };
      for (const script of ['demo', 'test', 'agent']) {
        const result = spawnSync(other!.npm, ['run', '--silent', script], {
          cwd: REPOSITORY_ROOT,
          env,
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(result.status, script).not.toBe(0);
        expect(result.stderr, script).toContain(`needs Node.js ${REQUIRED_NODE_MAJOR}`);
      }
    },
  );
});
