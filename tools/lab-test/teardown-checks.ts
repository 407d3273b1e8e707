/**
 * Assertions after `pulumi destroy`: nothing of the stack is left but the CustomResourceDefinitions
 * Helm keeps on purpose (docs/lab-guide.md, "Teardown"). The objects to look for are recorded
 * before the destroy from Helm's own release manifests, so a chart's cluster-scoped objects
 * (ClusterRoles, webhooks, …) are checked one by one, not guessed from labels.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { waitUntil } from '../control-plane/network.js';
import { ApiServerError, type RawApi } from '../control-plane/tests/support/raw-api.js';
import { installedReleases } from './helm-releases.js';

/** CRD groups Helm leaves behind after uninstalling the lab's charts (their charts say keep, or ship them in crds/). */
export const KEPT_CRD_GROUPS = ['argoproj.io', 'chaos-mesh.org', 'monitoring.coreos.com'] as const;

/** Every object of every installed release, with whether Helm was told to keep it. */
export async function releaseObjects(
  api: RawApi,
): Promise<{ object: KubernetesObject; kept: boolean; release: string }[]> {
  const objects: { object: KubernetesObject; kept: boolean; release: string }[] = [];
  for (const release of await installedReleases(api)) {
    for (const document of parseAllDocuments(release.manifest)) {
      const object = document.toJS() as KubernetesObject | null;
      if (!object?.kind || !object.metadata?.name) continue;
      const kept = object.metadata.annotations?.['helm.sh/resource-policy'] === 'keep';
      objects.push({
        object: {
          ...object,
          metadata: { ...object.metadata, namespace: object.metadata.namespace ?? release.namespace },
        },
        kept,
        release: `${release.namespace}/${release.name}`,
      });
    }
  }
  return objects;
}

async function present(api: RawApi, object: KubernetesObject): Promise<boolean> {
  try {
    return await api.exists(object);
  } catch (error) {
    // The kind itself is gone (its CRD was deleted): so is the object.
    if (error instanceof ApiServerError && error.status === 404) return false;
    throw error;
  }
}

/** What is still there after destroy; waits up to `waitSeconds` for namespaces to finish terminating. */
export async function leftovers(
  api: RawApi,
  input: {
    readonly namespaces: readonly string[];
    readonly objects: readonly { object: KubernetesObject; kept: boolean; release: string }[];
    readonly crdsBefore: ReadonlySet<string>;
    readonly waitSeconds: number;
  },
): Promise<{ problems: string[]; keptCrds: string[]; keptObjects: string[] }> {
  const namespaceGone = async (name: string) =>
    !(await present(api, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
  await waitUntil(
    'stack namespaces deleted',
    async () => (await Promise.all(input.namespaces.map(namespaceGone))).every(Boolean),
    input.waitSeconds * 1000,
  ).catch(() => undefined);
  const problems: string[] = [];
  for (const name of input.namespaces)
    if (!(await namespaceGone(name))) problems.push(`namespace ${name}: still present`);
  const helm = await installedReleases(api);
  for (const release of helm) problems.push(`Helm release ${release.namespace}/${release.name}: still recorded`);
  const keptObjects: string[] = [];
  for (const { object, kept, release } of input.objects) {
    if (!(await present(api, object))) continue;
    const name = `${object.kind} ${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name} (${release})`;
    if (kept) keptObjects.push(name);
    else problems.push(`${name}: still present`);
  }
  const crds = (await api.call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')) as {
    items: { metadata: { name: string }; spec: { group: string } }[];
  };
  const keptCrds = crds.items.filter((crd) => !input.crdsBefore.has(crd.metadata.name));
  for (const crd of keptCrds) {
    if (!(KEPT_CRD_GROUPS as readonly string[]).includes(crd.spec.group))
      problems.push(
        `CRD ${crd.metadata.name}: left behind and not in the documented list (${KEPT_CRD_GROUPS.join(', ')})`,
      );
  }
  return { problems, keptCrds: keptCrds.map((crd) => crd.metadata.name), keptObjects };
}
