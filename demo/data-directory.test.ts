/** Issue 12, defect 10: the demo deletes only a directory it created itself (marker file). */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_MARKER_FILE, prepareDataDirectory } from './data-directory.js';
import { startDemoLab } from './lab.js';

let scratch: string;
beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ai4all-demo-dir-'));
});
afterEach(() => rm(scratch, { recursive: true, force: true }));

describe('demo data directory', () => {
  it('refuses to delete a directory with content it did not create, and leaves it untouched', async () => {
    const precious = join(scratch, 'precious');
    await mkdir(precious);
    await writeFile(join(precious, 'thesis.tex'), 'years of work');
    await expect(prepareDataDirectory(precious)).rejects.toThrow(/not created by the demo/);
    expect(await readdir(precious)).toEqual(['thesis.tex']);
  });

  it('startDemoLab refuses such a directory before starting anything', async () => {
    const precious = join(scratch, 'project');
    await mkdir(precious);
    await writeFile(join(precious, 'package.json'), '{}');
    await expect(startDemoLab({ seed: 1, dataDirectory: precious, model: null })).rejects.toThrow(
      /not created by the demo/,
    );
    expect(await readdir(precious)).toEqual(['package.json']);
  });

  it('creates a new directory, or takes an empty one, and marks it', async () => {
    const fresh = join(scratch, 'fresh');
    await prepareDataDirectory(fresh);
    expect(await readdir(fresh)).toEqual([DEMO_MARKER_FILE]);
    const empty = join(scratch, 'empty');
    await mkdir(empty);
    await prepareDataDirectory(empty);
    expect(await readdir(empty)).toEqual([DEMO_MARKER_FILE]);
  });

  it('clears a directory it created before (the marker is there), keeping the marker', async () => {
    const own = join(scratch, 'own');
    await prepareDataDirectory(own);
    await writeFile(join(own, 'agent.log'), 'old run');
    await prepareDataDirectory(own);
    expect(await readdir(own)).toEqual([DEMO_MARKER_FILE]);
  });

  it('refuses a file in place of the directory', async () => {
    const file = join(scratch, 'file');
    await writeFile(file, 'x');
    await expect(prepareDataDirectory(file)).rejects.toThrow(/not a directory/);
  });
});
