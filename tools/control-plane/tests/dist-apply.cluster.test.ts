/**
 * Every object in dist/ is accepted by a real API server: CRDs from the pinned schema set are
 * installed and Established, the namespaces exist, then each object is server-side applied with
 * dryRun=All, which runs defaulting, schema and CEL validation and admission without persisting.
 * The same holds for what `proof` creates for every chaos catalog scenario (one-shot experiments
 * and Workflows that are never in dist/).
 */
import type { KubeConfig, KubernetesObject, V1CustomResourceDefinition } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAOS_CATALOG } from '../../../chaos/catalog.js';
import { proofManifests } from '../../../chaos/proof/proof-manifests.js';
import { establishedCrdNames, installCrds, loadCrdIndex } from './support/crds.js';
import { type DistObject, apiGroupOf, loadDistObjects } from './support/dist.js';
import { CreatedObjects, describeApiError, objectName, serverSideApply, testKubeConfig } from './support/kube.js';

const keyOf = (object: KubernetesObject) => `${apiGroupOf(object.apiVersion ?? '')}/${object.kind ?? ''}`;
/** What `proof` would create for each catalog scenario (names carry a run id). */
const proofObjects = CHAOS_CATALOG.flatMap((scenario) =>
  proofManifests(scenario, 'proof-dist-apply-0a1b2c').map((object) => ({
    scenario: scenario.id,
    object: object,
  })),
);

describe('dist/ against a real API server', () => {
  let config: KubeConfig;
  let tracker: CreatedObjects;
  let objects: DistObject[];
  let crdIndex: Map<string, V1CustomResourceDefinition>;

  beforeAll(async () => {
    config = testKubeConfig();
    tracker = new CreatedObjects(config);
    objects = await loadDistObjects();
    crdIndex = await loadCrdIndex();
  });

  afterAll(async () => {
    await tracker?.deleteAll();
  });

  it('installs the pinned CRD of every custom resource kind dist/ uses, and each becomes Established', async () => {
    const definedInDist = new Set(
      objects
        .filter(({ object }) => object.kind === 'CustomResourceDefinition')
        .map(({ object }) => {
          const spec = (object as KubernetesObject & { spec: V1CustomResourceDefinition['spec'] }).spec;
          return `${spec.group}/${spec.names.kind}`;
        }),
    );
    const needed = [...new Set([...objects, ...proofObjects].map(({ object }) => keyOf(object)))]
      .filter((key) => crdIndex.has(key) && !definedInDist.has(key))
      .map((key) => crdIndex.get(key)!);
    for (const { object } of objects.filter(({ object }) => object.kind === 'CustomResourceDefinition')) {
      await tracker.apply(object);
    }
    await installCrds(config, needed, tracker);
    // A custom kind with no definition at all fails the dry-run below, naming the object.
    const established = await establishedCrdNames(config);
    expect(needed.map((crd) => crd.metadata?.name).filter((name) => !established.has(name ?? ''))).toEqual([]);
  });

  it('creates every namespace dist/ defines or uses', async () => {
    const defined = objects.filter(({ object }) => object.kind === 'Namespace').map(({ object }) => object);
    const used = new Set(
      objects.map(({ object }) => object.metadata?.namespace).filter((name): name is string => !!name),
    );
    for (const namespace of defined) used.delete(namespace.metadata!.name!);
    for (const namespace of defined) await tracker.apply(namespace);
    for (const name of used) await tracker.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    expect(defined.length + used.size).toBeGreaterThan(0);
  });

  it('server-side dry-run applies every object in dist/ with zero errors', async () => {
    const errors: string[] = [];
    for (const { file, object } of objects) {
      try {
        const result = await serverSideApply(config, object, { dryRun: true });
        if (result.kind !== object.kind)
          errors.push(`${file}: ${objectName(object)}: server answered with kind ${result.kind}`);
      } catch (error) {
        errors.push(`${file}: ${objectName(object)}: ${describeApiError(error)}`);
      }
    }
    expect(errors, `${errors.length} of ${objects.length} objects were rejected`).toEqual([]);
  });

  it('server-side dry-run applies what proof creates for every chaos catalog scenario', async () => {
    const errors: string[] = [];
    for (const { scenario, object } of proofObjects) {
      try {
        const result = await serverSideApply(config, object, { dryRun: true });
        if (result.kind !== object.kind) errors.push(`${scenario}: server answered with kind ${result.kind}`);
      } catch (error) {
        errors.push(`${scenario}: ${objectName(object)}: ${describeApiError(error)}`);
      }
    }
    expect(proofObjects.length).toBe(CHAOS_CATALOG.length);
    expect(errors).toEqual([]);
  });
});
