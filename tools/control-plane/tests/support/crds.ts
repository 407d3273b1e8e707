/**
 * CustomResourceDefinitions from the pinned schema set (vendor/schemas/crds), installed so
 * the API server can validate the custom resources in dist/.
 */
import {
  ApiextensionsV1Api,
  type KubeConfig,
  type KubernetesObject,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../layout.js';
import { type CreatedObjects, eventually, exists } from './kube.js';

/** Where the pinned CRDs live (vendored with their sources: vendor/schemas/README.md). */
export const CRD_DIRECTORY = resolve(REPO_ROOT, 'vendor', 'schemas', 'crds');

/** Every pinned CRD, keyed by `group/Kind`. Fails clearly when the schema set is missing. */
export async function loadCrdIndex(directory = CRD_DIRECTORY): Promise<Map<string, V1CustomResourceDefinition>> {
  const present = await stat(directory).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!present) {
    throw new Error(
      `the pinned CRDs are missing at ${directory}: the cluster tests need vendor/schemas/crds (committed with the repository)`,
    );
  }
  const index = new Map<string, V1CustomResourceDefinition>();
  for (const project of await readdir(directory)) {
    const projectDirectory = join(directory, project);
    if (!(await stat(projectDirectory)).isDirectory()) continue;
    for (const file of (await readdir(projectDirectory)).filter((name) => /\.ya?ml$/.test(name))) {
      const crd = parse(await readFile(join(projectDirectory, file), 'utf8')) as V1CustomResourceDefinition;
      if (crd.kind !== 'CustomResourceDefinition') continue;
      index.set(`${crd.spec.group}/${crd.spec.names.kind}`, crd);
    }
  }
  return index;
}

function isEstablished(crd: V1CustomResourceDefinition): boolean {
  return (
    crd.status?.conditions?.some((condition) => condition.type === 'Established' && condition.status === 'True') ??
    false
  );
}

/** Installs `crds` (server-side apply) and waits until every one is Established. */
export async function installCrds(
  config: KubeConfig,
  crds: readonly V1CustomResourceDefinition[],
  tracker: CreatedObjects,
): Promise<void> {
  const api = config.makeApiClient(ApiextensionsV1Api);
  for (const crd of crds) {
    const object: KubernetesObject & { spec: V1CustomResourceDefinition['spec'] } = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: crd.metadata?.name ?? '' },
      spec: crd.spec,
    };
    // A CRD the cluster already has (e.g. a lab with the real operator) is used as it is.
    if (!(await exists(config, object))) await tracker.apply(object);
  }
  for (const crd of crds) {
    const name = crd.metadata?.name ?? '';
    await eventually(
      `CRD ${name} to be Established`,
      () => api.readCustomResourceDefinition({ name }),
      isEstablished,
      60_000,
    );
  }
}

/** Names of the CRDs the server reports Established. */
export async function establishedCrdNames(config: KubeConfig): Promise<Set<string>> {
  const api = config.makeApiClient(ApiextensionsV1Api);
  const list = await api.listCustomResourceDefinition();
  return new Set(list.items.filter(isEstablished).map((crd) => crd.metadata?.name ?? ''));
}
