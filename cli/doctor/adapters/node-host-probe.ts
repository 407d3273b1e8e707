/** {@link HostProbe} on the local machine (node:fs; PATH from the given environment). */
import { constants } from 'node:fs';
import { access, lstat, statfs } from 'node:fs/promises';
import * as path from 'node:path';
import type { HostProbe, PathKind } from '../ports.js';

/** A host probe resolving executables against `pathVariable` (the PATH value). */
export function nodeHostProbe(pathVariable: string | undefined): HostProbe {
  return {
    async pathKind(file): Promise<PathKind> {
      try {
        const stats = await lstat(file);
        if (stats.isSocket()) return 'socket';
        if (stats.isFile()) return 'file';
        if (stats.isDirectory()) return 'directory';
        return 'other';
      } catch {
        return 'missing';
      }
    },
    async freeBytes(file) {
      // The data directory may not exist before k3s' first start: measure its nearest ancestor.
      let current = path.resolve(file);
      for (;;) {
        try {
          const stats = await statfs(current);
          return stats.bavail * stats.bsize;
        } catch (error) {
          const parent = path.dirname(current);
          if (parent === current) throw error;
          current = parent;
        }
      }
    },
    async findExecutable(name) {
      for (const directory of (pathVariable ?? '').split(path.delimiter).filter(Boolean)) {
        const candidate = path.join(directory, name);
        try {
          await access(candidate, constants.X_OK);
          const stats = await lstat(candidate);
          if (!stats.isDirectory()) return candidate;
        } catch {
          // not here
        }
      }
      return undefined;
    },
  };
}
