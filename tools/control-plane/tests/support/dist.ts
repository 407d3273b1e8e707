/**
 * Reads every Kubernetes object under dist/ (the synthesized manifests ArgoCD syncs).
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../../layout.js';

export interface DistObject {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly object: KubernetesObject;
}

/** dist/ of this checkout (AI4ALL_DIST_DIR overrides it, e.g. to check another synth output). */
export const DIST_DIRECTORY = process.env['AI4ALL_DIST_DIR'] ?? join(REPO_ROOT, 'dist');

async function manifestFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return manifestFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat().sort();
}

/** Every object in dist/, in file order. Fails clearly when dist/ is missing, empty or unparsable. */
export async function loadDistObjects(directory = DIST_DIRECTORY): Promise<DistObject[]> {
  const isDirectory = await stat(directory).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) throw new Error(`${directory} does not exist: run \`npm run synth\` first`);
  const objects: DistObject[] = [];
  for (const path of await manifestFiles(directory)) {
    const file = relative(REPO_ROOT, path);
    for (const document of parseAllDocuments(await readFile(path, 'utf8'))) {
      if (document.errors.length > 0)
        throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
      const value = document.toJS() as unknown;
      if (value === null || value === undefined) continue;
      const object = value as KubernetesObject;
      if (typeof object !== 'object' || !object.apiVersion || !object.kind || !object.metadata?.name) {
        throw new Error(
          `${file}: a document is not a Kubernetes object (apiVersion, kind and metadata.name are required)`,
        );
      }
      objects.push({ file, object });
    }
  }
  if (objects.length === 0) throw new Error(`${directory} holds no Kubernetes objects: run \`npm run synth\` first`);
  return objects;
}

/** `group` of an apiVersion (`''` for the core group). */
export function apiGroupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
}
