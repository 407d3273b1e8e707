/**
 * A scratch project for the lab test: the repository's files linked into a temp directory, plus
 * that directory's own `Pulumi.<stack>.yaml` — the committed stack file with the cluster pointed
 * at the local kubeconfig and the charts at the vendored archives. `pulumi stack init` writes its
 * encryption salt into the stack file, so running in the repository would edit a committed file.
 */
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { CONFIG_NAMESPACE } from '../../stacks/config/lab-config.js';

/** Entries of the repository root that are not linked. */
const NOT_LINKED = new Set(['.git', '.cache', 'build', 'coverage']);

/** Settings the test changes in the committed stack file. */
export interface StackOverrides {
  readonly kubeconfig: string;
  readonly context: string;
  readonly chartDirectory: string;
  readonly pruneOnDestroy?: boolean;
}

/** Links every repository entry except the stack files into `projectDirectory`. */
export async function createScratchProject(repositoryRoot: string, projectDirectory: string): Promise<void> {
  await mkdir(projectDirectory, { recursive: true });
  for (const entry of await readdir(repositoryRoot)) {
    if (NOT_LINKED.has(entry) || /^Pulumi\..+\.yaml$/.test(entry)) continue;
    await symlink(path.join(repositoryRoot, entry), path.join(projectDirectory, entry));
  }
}

/** The committed stack file's `config` with the overrides applied (keys keep their namespace). */
export async function stackConfig(
  repositoryRoot: string,
  stack: string,
  overrides: StackOverrides,
): Promise<Record<string, unknown>> {
  const committed = parse(await readFile(path.join(repositoryRoot, `Pulumi.${stack}.yaml`), 'utf8')) as {
    config: Record<string, Record<string, unknown>>;
  };
  const config: Record<string, unknown> = { ...committed.config };
  const key = (name: string) => `${CONFIG_NAMESPACE}:${name}`;
  config[key('cluster')] = {
    ...committed.config[key('cluster')],
    kubeconfig: overrides.kubeconfig,
    context: overrides.context,
  };
  config[key('charts')] = { source: 'vendored', directory: overrides.chartDirectory };
  if (overrides.pruneOnDestroy !== undefined) {
    config[key('gitops')] = { ...committed.config[key('gitops')], pruneOnDestroy: overrides.pruneOnDestroy };
  }
  return config;
}

/** Writes `Pulumi.<stack>.yaml` in the scratch project, keeping what `pulumi stack init` added. */
export async function writeStackFile(
  projectDirectory: string,
  stack: string,
  config: Record<string, unknown>,
): Promise<void> {
  const file = path.join(projectDirectory, `Pulumi.${stack}.yaml`);
  const existing = (await readFile(file, 'utf8').then(
    (text) => parse(text) as Record<string, unknown>,
    () => ({}),
  )) as Record<string, unknown>;
  await writeFile(file, stringify({ ...existing, config }));
}
