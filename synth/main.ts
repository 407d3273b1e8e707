/**
 * `npm run synth`: writes dist/ from the Application registry. Files no longer produced are
 * removed, so dist/ always equals what synthesize() returns (the staleness test checks that).
 */
import '../scripts/require-node.mjs'; // first: refuses a Node.js other than 24 before anything heavy loads
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { synthesize } from './synthesize.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const distDirectory = join(repositoryRoot, 'dist');

function filesUnder(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [relative(repositoryRoot, path)];
  });
}

function main(): void {
  const result = synthesize();
  const wanted = new Set(result.files.map((file) => file.path));
  let written = 0;
  for (const file of result.files) {
    const path = join(repositoryRoot, file.path);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === file.content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
    written += 1;
  }
  const removed = filesUnder(distDirectory).filter((path) => !wanted.has(path));
  for (const path of removed) rmSync(join(repositoryRoot, path));
  for (const entry of existsSync(distDirectory) ? readdirSync(distDirectory, { withFileTypes: true }) : []) {
    const path = join(distDirectory, entry.name);
    if (entry.isDirectory() && readdirSync(path).length === 0) rmSync(path, { recursive: true });
  }
  const objects = result.applications.reduce((sum, application) => sum + application.objects.length, 0);
  console.log(
    `synth: ${result.applications.length} applications, ${objects} objects + ${result.appOfApps.length} in the app of apps; ` +
      `${written} file(s) written, ${removed.length} removed, ${result.files.length - written} unchanged`,
  );
}

main();
