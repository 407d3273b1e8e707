/**
 * The construct library is an installable package: `npm pack` (which builds through `prepack`) gives a
 * tarball without tests; a temporary project with no access to the repository installs it offline
 * (`npm ci --offline`, exact versions from the repository's lock, served by the npm cache) and
 *   - synthesizes docs/examples/other-cluster.ts with its import pointed at the package, identical to
 *     what the repository's own sources synthesize;
 *   - type-checks that example against the package's declarations;
 *   - runs the `ai4all-sre` bin (shebang, Node 24).
 * Run by `npm run test:package` (CI), not by `npm test`: it builds and installs, minutes under load.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeOtherCluster } from '../../docs/examples/other-cluster.js';
import { REPOSITORY_ROOT } from '../support/schema-set.js';
import { consumerProject } from './consumer-lock.js';

interface PackResult {
  readonly filename: string;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

const work = mkdtempSync(join(tmpdir(), 'ai4all-sre-pack-'));
const consumer = join(work, 'consumer');
let packed: PackResult;

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
}

beforeAll(() => {
  const [result] = JSON.parse(
    run('npm', ['pack', '--json', '--pack-destination', work], REPOSITORY_ROOT),
  ) as PackResult[];
  packed = result!;
  const manifest = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as Parameters<
    typeof consumerProject
  >[3];
  const { packageJson, packageLock } = consumerProject(
    join(REPOSITORY_ROOT, 'package-lock.json'),
    join(work, packed.filename),
    packed.filename,
    manifest,
    ['@types/node'],
  );
  cpSync(join(REPOSITORY_ROOT, 'docs/examples/other-cluster.ts'), join(consumer, 'other-cluster.ts'));
  const example = readFileSync(join(consumer, 'other-cluster.ts'), 'utf8');
  expect(example).toContain("from '../../constructs/index.js'");
  writeFileSync(
    join(consumer, 'other-cluster.ts'),
    example.replace("from '../../constructs/index.js'", "from 'ai4all-sre'"),
  );
  writeFileSync(join(consumer, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(join(consumer, 'package-lock.json'), JSON.stringify(packageLock, null, 2));
  run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], consumer);
}, 900_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed library', () => {
  it('holds built code and declarations, no tests, sources or source maps', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toContain('build/constructs/index.js');
    expect(paths).toContain('build/constructs/index.d.ts');
    expect(paths).toContain('build/cli/main.js');
    expect(paths.filter((path) => /\.test\.|\.map$|\.ts$/.test(path) && !path.endsWith('.d.ts'))).toEqual([]);
    expect(paths.filter((path) => /^(simulator|bench|demo|eval|tools|test|dist|vendor)\//.test(path))).toEqual([]);
  });

  it('synthesizes the other-cluster example in a project that only installed the tarball, as the repository does', () => {
    const fromPackage = run(process.execPath, ['other-cluster.ts'], consumer);
    const fromRepository = Object.entries(synthesizeOtherCluster().manifests)
      .map(([name, yaml]) => `# --- ${name}\n${yaml}\n`)
      .join('');
    expect(fromPackage).toContain('kind: Deployment');
    expect(fromPackage).toBe(fromRepository);
  });

  it("type-checks the example against the package's declarations", () => {
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          target: 'es2024',
          strict: true,
          noEmit: true,
          types: ['node'],
          skipLibCheck: true,
        },
        files: ['other-cluster.ts'],
      }),
    );
    const tsc = join(REPOSITORY_ROOT, 'node_modules/typescript/bin/tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], {
      cwd: consumer,
      encoding: 'utf8',
      timeout: 300_000,
    });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('installs the ai4all-sre bin, which runs with its shebang', () => {
    const help = run(join(consumer, 'node_modules/.bin/ai4all-sre'), ['--help'], consumer);
    expect(help).toMatch(/doctor/);
    expect(help).toMatch(/proof/);
  });
});
