/**
 * The chart folder the lab test points `charts.directory` at: the repository's vendored archives,
 * except that an archive whose Chart.yaml names a dependency missing from its charts/ folder is
 * completed first. Helm (and so the Kubernetes provider) refuses such a chart outright, even when
 * the dependency's condition is off. Today that is kyverno-3.9.0.tgz without `kyverno-api`
 * (vendor/charts/README.md): its only content upstream is the policies.kyverno.io CRDs, which are
 * vendored unmodified in vendor/schemas/crds/kyverno, so the completion is a `kyverno-api` subchart
 * whose templates are exactly those files (templates, like Kyverno's own `crds` subchart, so Helm
 * removes them with the release). Everything else is a symlink to the vendored archive.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';

/** A dependency a vendored archive declares but does not contain, and how to provide it. */
interface Completion {
  readonly archive: string;
  readonly chart: string;
  readonly dependency: string;
  readonly version: string;
  /** Folder (relative to the repository) whose files become the subchart's templates. */
  readonly crdDirectory: string;
  readonly crdPrefix: string;
}

const COMPLETIONS: readonly Completion[] = [
  {
    archive: 'kyverno-3.9.0.tgz',
    chart: 'kyverno',
    dependency: 'kyverno-api',
    version: '0.0.1-alpha.4',
    crdDirectory: 'vendor/schemas/crds/kyverno',
    crdPrefix: 'policies.kyverno.io_',
  },
];

function tar(args: readonly string[]): string {
  return execFileSync('tar', args, { encoding: 'utf8' });
}

/** True when the archive lacks `charts/<dependency>/Chart.yaml`. */
function lacksDependency(archive: string, completion: Completion): boolean {
  const listing = tar(['-tzf', archive]);
  return !listing.includes(`${completion.chart}/charts/${completion.dependency}/Chart.yaml`);
}

/** Builds `target` (a folder of archives) from `vendored`; returns the archives it completed. */
export async function assembleChartFolder(repositoryRoot: string, vendored: string, target: string): Promise<string[]> {
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  const completed: string[] = [];
  for (const file of (await readdir(vendored)).filter((name) => name.endsWith('.tgz'))) {
    const source = path.join(vendored, file);
    const completion = COMPLETIONS.find((candidate) => candidate.archive === file);
    if (!completion || !lacksDependency(source, completion)) {
      await symlink(source, path.join(target, file));
      continue;
    }
    const work = path.join(target, `.${completion.chart}`);
    await mkdir(work, { recursive: true });
    tar(['-xzf', source, '-C', work]);
    const chartYaml = parse(tar(['-xzOf', source, `${completion.chart}/Chart.yaml`])) as {
      dependencies?: { name: string; version: string }[];
    };
    const declared = chartYaml.dependencies?.find((dependency) => dependency.name === completion.dependency);
    if (declared?.version !== completion.version) {
      throw new Error(
        `${file}: expected dependency ${completion.dependency} ${completion.version}, Chart.yaml says ${declared?.version}`,
      );
    }
    const subchart = path.join(work, completion.chart, 'charts', completion.dependency);
    await mkdir(path.join(subchart, 'templates'), { recursive: true });
    await writeFile(
      path.join(subchart, 'Chart.yaml'),
      `apiVersion: v2\nname: ${completion.dependency}\nversion: ${completion.version}\ndescription: CRDs of ${completion.crdPrefix.replace(/_$/, '')} (completed by tools/lab-test from ${completion.crdDirectory})\n`,
    );
    const crdFolder = path.join(repositoryRoot, completion.crdDirectory);
    for (const crd of (await readdir(crdFolder)).filter((name) => name.startsWith(completion.crdPrefix))) {
      await copyFile(path.join(crdFolder, crd), path.join(subchart, 'templates', crd));
    }
    tar(['-czf', path.join(target, file), '-C', work, completion.chart]);
    await rm(work, { recursive: true, force: true });
    completed.push(`${file} (+ ${completion.dependency} ${completion.version})`);
  }
  return completed;
}
