/**
 * Bundles the agent (agent/main.ts and everything it imports, dependencies included) into one ESM
 * file, `build/agent-bundle/main.mjs`, so the image needs Node and this file only: no node_modules,
 * and none of the repository's Pulumi/cdk8s dependencies (see docs/adr: agent bundle).
 *
 *   npm run build:agent [-- --outdir <dir>]
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Packages the agent must never carry (checked against the bundle's inputs). */
export const FORBIDDEN_IN_AGENT = ['@pulumi/', 'cdk8s', 'constructs/lib', '@grafana/'];

export interface Bundle {
  readonly file: string;
  readonly bytes: number;
  readonly inputs: string[];
}

/** Bundles one entry point (default: the agent) into `<outdir>/main.mjs`. */
export async function buildAgentBundle(
  outdir = join(ROOT, 'build', 'agent-bundle'),
  entry = join(ROOT, 'agent', 'main.ts'),
): Promise<Bundle> {
  await mkdir(outdir, { recursive: true });
  const file = join(outdir, 'main.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    // Whitespace and syntax minified, identifiers kept: the source text stays in the heap for the
    // life of the process (unminified it was 9.6 MB, and a few non-Latin-1 comment characters made
    // V8 hold it as a 19 MB two-byte string), while stack traces keep readable function names.
    // (`keepNames` would instead wrap every function in a runtime `__name()` call: measured garbage.)
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    charset: 'ascii',
    sourcemap: 'linked',
    // The map needs only the mappings for stack traces; the sources are in the repository.
    sourcesContent: false,
    legalComments: 'external',
    metafile: true,
    logLevel: 'warning',
    // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
    banner: {
      js: "import { createRequire as __agentCreateRequire } from 'node:module'; const require = __agentCreateRequire(import.meta.url);",
    },
  });
  const inputs = Object.keys(result.metafile.inputs);
  const forbidden = inputs.filter((input) => FORBIDDEN_IN_AGENT.some((name) => input.includes(`node_modules/${name}`)));
  if (forbidden.length > 0) {
    throw new Error(
      `the agent bundle must not include Pulumi/cdk8s/Grafana SDK code, but it pulls in: ${forbidden.slice(0, 5).join(', ')}`,
    );
  }
  // Node treats the folder as ESM regardless of any outer package.json.
  await writeFile(join(outdir, 'package.json'), `${JSON.stringify({ type: 'module', private: true }, null, 2)}\n`);
  return { file, bytes: (await stat(file)).size, inputs };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf('--outdir');
  const outdir = index > 0 ? process.argv[index + 1] : undefined;
  const bundle = await buildAgentBundle(outdir ? resolve(outdir) : undefined);
  console.log(
    `agent bundle: ${bundle.file} (${(bundle.bytes / 1024 / 1024).toFixed(2)} MiB, ${bundle.inputs.length} inputs)`,
  );
}
