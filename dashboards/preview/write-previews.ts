/** Writes docs/dashboards/ (previews of every dashboard's layout) and removes files no dashboard makes. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PREVIEW_DIRECTORY, previewFiles } from './preview-files.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const files = previewFiles();
const directory = join(root, PREVIEW_DIRECTORY);
mkdirSync(directory, { recursive: true });
const wanted = new Set(files.map((file) => file.path));
for (const name of readdirSync(directory)) {
  if (!wanted.has(`${PREVIEW_DIRECTORY}/${name}`)) rmSync(join(directory, name));
}
for (const file of files) writeFileSync(join(root, file.path), file.content);
process.stdout.write(`wrote ${files.length} files to ${PREVIEW_DIRECTORY}/\n`);
