/**
 * The demo's data directory. The demo clears it before each run, so it only ever deletes a
 * directory it created itself: one holding its marker file. A new or empty directory is taken and
 * marked; anything else (`--data-dir .`, a home directory, a project) is refused untouched.
 */
import { lstat, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEMO_MARKER_FILE = '.ai4all-sre-demo-data';

/** Thrown when the directory is not the demo's to clear (the demo exits 2). */
export class DataDirectoryRefusedError extends Error {
  override readonly name = 'DataDirectoryRefusedError';
}

/** Makes `directory` an empty demo data directory (with its marker), or throws without touching it. */
export async function prepareDataDirectory(directory: string): Promise<void> {
  const stats = await lstat(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stats !== null) {
    if (!stats.isDirectory()) {
      throw new DataDirectoryRefusedError(
        `--data-dir ${directory} is not a directory; choose a new or empty directory`,
      );
    }
    const entries = await readdir(directory);
    if (entries.length > 0 && !entries.includes(DEMO_MARKER_FILE)) {
      throw new DataDirectoryRefusedError(
        `refusing to clear --data-dir ${directory}: it is not empty and was not created by the demo (no ${DEMO_MARKER_FILE}); choose a new or empty directory`,
      );
    }
    // Ours (or empty): clear what is inside, never the directory itself or what it links to.
    for (const entry of entries) await rm(join(directory, entry), { recursive: true, force: true });
  }
  await mkdir(directory, { recursive: true });
  await writeFile(
    join(directory, DEMO_MARKER_FILE),
    'created by npm run demo; the demo clears this directory on each run\n',
  );
}
