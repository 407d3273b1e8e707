/** Patch semantics of the simulated API server, as the real one applies them. */
import { describe, expect, it } from 'vitest';
import { KubernetesStatusError } from '../model/status.js';
import { applyPatch, PATCH_CONTENT_TYPES } from './patch.js';

const deployment = {
  metadata: { name: 'cart', resourceVersion: '7', labels: { app: 'cart', tier: 'backend' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [
          {
            name: 'server',
            image: 'cart:1',
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
          },
          { name: 'sidecar', image: 'proxy:1' },
        ],
      },
    },
  },
};

function statusOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof KubernetesStatusError ? error.code : -1;
  }
}

describe('JSON patch', () => {
  it('applies add/replace/remove/test/copy/move and leaves the input untouched', () => {
    const patched = applyPatch(PATCH_CONTENT_TYPES.json, deployment, [
      { op: 'test', path: '/metadata/resourceVersion', value: '7' },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/metadata/annotations', value: { 'kubectl.kubernetes.io/restartedAt': 'now' } },
      { op: 'remove', path: '/metadata/labels/tier' },
      { op: 'copy', from: '/metadata/labels/app', path: '/metadata/labels/copied' },
      { op: 'move', from: '/metadata/labels/copied', path: '/metadata/labels/moved' },
      { op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'third', image: 'x:1' } },
    ]) as typeof deployment & { metadata: { annotations: Record<string, string>; labels: Record<string, string> } };
    expect(patched.spec.replicas).toBe(3);
    expect(patched.metadata.annotations).toEqual({ 'kubectl.kubernetes.io/restartedAt': 'now' });
    expect(patched.metadata.labels).toEqual({ app: 'cart', moved: 'cart' });
    expect(patched.spec.template.spec.containers.map((container) => container.name)).toEqual([
      'server',
      'sidecar',
      'third',
    ]);
    expect(deployment.spec.replicas).toBe(2);
  });

  it('fails a stale resourceVersion test and a missing path with 422, a non-array body with 400', () => {
    expect(
      statusOf(() =>
        applyPatch(PATCH_CONTENT_TYPES.json, deployment, [
          { op: 'test', path: '/metadata/resourceVersion', value: '6' },
        ]),
      ),
    ).toBe(422);
    expect(
      statusOf(() =>
        applyPatch(PATCH_CONTENT_TYPES.json, deployment, [{ op: 'replace', path: '/spec/nope/x', value: 1 }]),
      ),
    ).toBe(422);
    expect(statusOf(() => applyPatch(PATCH_CONTENT_TYPES.json, deployment, { spec: {} }))).toBe(400);
    expect(statusOf(() => applyPatch('application/yaml', deployment, {}))).toBe(415);
  });
});

describe('merge and strategic merge patch', () => {
  it('merge patch replaces lists wholesale and deletes with null', () => {
    const patched = applyPatch(PATCH_CONTENT_TYPES.merge, deployment, {
      metadata: { labels: { tier: null } },
      spec: { template: { spec: { containers: [{ name: 'server', image: 'cart:2' }] } } },
    }) as typeof deployment;
    expect(patched.metadata.labels).toEqual({ app: 'cart' });
    expect(patched.spec.template.spec.containers).toEqual([{ name: 'server', image: 'cart:2' }]);
  });

  it('strategic merge patch merges containers and env by name and honours $patch: delete', () => {
    const patched = applyPatch(PATCH_CONTENT_TYPES.strategic, deployment, {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'server',
                image: 'cart:2',
                env: [
                  { name: 'B', value: '3' },
                  { name: 'C', value: '4' },
                ],
              },
              { name: 'sidecar', $patch: 'delete' },
            ],
          },
        },
      },
    }) as typeof deployment;
    expect(patched.spec.template.spec.containers).toEqual([
      {
        name: 'server',
        image: 'cart:2',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '3' },
          { name: 'C', value: '4' },
        ],
      },
    ]);
  });
});
