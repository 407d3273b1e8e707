/**
 * A package-lock.json for a consumer project that depends only on the packed ai4all-sre tarball, with
 * every dependency pinned to the exact version (and integrity) the repository itself installed. So the
 * consumer installs with `npm ci --offline` from the npm cache the repository's own `npm ci` filled:
 * no network, and nothing read from the repository's node_modules or sources.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  readonly [key: string]: unknown;
}

interface PackageLock {
  readonly packages: Record<string, LockEntry>;
}

/** Flags that describe the repository's dependency graph, not the consumer's. */
const REPOSITORY_FLAGS = ['dev', 'devOptional', 'peer', 'extraneous'];

/** Where npm would find `name` when required from the package installed at `fromPath`. */
function locate(packages: Record<string, LockEntry>, fromPath: string, name: string): string | undefined {
  let base = fromPath;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Every lock entry needed to install `dependencies` (transitively, optional ones when present). */
export function dependencyClosure(lock: PackageLock, dependencies: Record<string, string>): Record<string, LockEntry> {
  const closure: Record<string, LockEntry> = {};
  const pending: Array<{ from: string; name: string; optional: boolean }> = Object.keys(dependencies).map((name) => ({
    from: '',
    name,
    optional: false,
  }));
  while (pending.length > 0) {
    const { from, name, optional } = pending.pop()!;
    const path = locate(lock.packages, from, name);
    if (path === undefined) {
      if (optional) continue;
      throw new Error(`package-lock.json has no entry for ${name} (needed by ${from || 'the package'})`);
    }
    if (closure[path] !== undefined) continue;
    const entry = lock.packages[path]!;
    closure[path] = Object.fromEntries(Object.entries(entry).filter(([key]) => !REPOSITORY_FLAGS.includes(key)));
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    for (const dependency of Object.keys(entry.dependencies ?? {}))
      pending.push({ from: path, name: dependency, optional: false });
    for (const dependency of Object.keys(entry.optionalDependencies ?? {}))
      pending.push({ from: path, name: dependency, optional: true });
    for (const dependency of Object.keys(entry.peerDependencies ?? {})) {
      pending.push({ from: path, name: dependency, optional: optionalPeers[dependency]?.optional === true });
    }
  }
  return closure;
}

/** The consumer's package.json and package-lock.json for `tarballName` (in the consumer's parent folder). */
export function consumerProject(
  repositoryLockPath: string,
  tarballPath: string,
  tarballName: string,
  packed: { name: string; version: string; dependencies: Record<string, string>; bin?: unknown; engines?: unknown },
  devDependencies: readonly string[] = [],
): { packageJson: object; packageLock: object } {
  const lock = JSON.parse(readFileSync(repositoryLockPath, 'utf8')) as PackageLock;
  const devVersions = Object.fromEntries(
    devDependencies.map((name) => {
      const version = lock.packages[`node_modules/${name}`]?.version;
      if (version === undefined) throw new Error(`package-lock.json has no top-level ${name}`);
      return [name, version];
    }),
  );
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarballPath)).digest('base64')}`;
  const spec = `file:../${tarballName}`;
  const packageJson = {
    name: 'other-cluster-consumer',
    version: '1.0.0',
    private: true,
    type: 'module',
    dependencies: { [packed.name]: spec },
    devDependencies: devVersions,
  };
  const packageLock = {
    name: packageJson.name,
    version: packageJson.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': {
        name: packageJson.name,
        version: packageJson.version,
        dependencies: packageJson.dependencies,
        devDependencies: devVersions,
      },
      [`node_modules/${packed.name}`]: {
        version: packed.version,
        resolved: spec,
        integrity,
        dependencies: packed.dependencies,
        ...(packed.bin === undefined ? {} : { bin: packed.bin }),
        ...(packed.engines === undefined ? {} : { engines: packed.engines }),
      },
      ...dependencyClosure(lock, { ...packed.dependencies, ...devVersions }),
    },
  };
  return { packageJson, packageLock };
}
