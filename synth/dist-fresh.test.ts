import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { synthesize } from './synthesize.js';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function committedFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      return entry.isDirectory() ? committedFiles(path) : [relative(repositoryRoot, path)];
    })
    .sort();
}

/** Where two texts first differ, for a readable failure message. */
function firstDifference(committed: string, fresh: string): string {
  const a = committed.split('\n');
  const b = fresh.split('\n');
  const line = a.findIndex((text, index) => text !== b[index]);
  const index = line === -1 ? a.length : line;
  return `line ${index + 1}: committed ${JSON.stringify(a[index] ?? '<end>')}, synthesized ${JSON.stringify(b[index] ?? '<end>')}`;
}

describe('dist/', () => {
  const result = synthesize();

  it('holds exactly the files synthesis produces (run `npm run synth` when this fails)', () => {
    expect(committedFiles(join(repositoryRoot, 'dist'))).toEqual(result.files.map((file) => file.path));
  });

  it.each(result.files.map((file) => [file.path, file.content] as const))(
    '%s is up to date (run `npm run synth` when this fails)',
    (path, content) => {
      const absolute = join(repositoryRoot, path);
      expect(existsSync(absolute), `${path} is missing: run npm run synth`).toBe(true);
      const committed = readFileSync(absolute, 'utf8');
      expect(
        committed === content,
        `${path} is stale (${firstDifference(committed, content)}): run npm run synth`,
      ).toBe(true);
    },
  );

  it('is reproducible: two syntheses give identical bytes', () => {
    expect(synthesize().files).toEqual(result.files);
  });
});
