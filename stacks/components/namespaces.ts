/** Creates the namespaces of {@link namespacePlan} with their labels and annotations. */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { NamespaceSpec } from './namespace-plan.js';

/** The lab's namespaces, by name. */
export class Namespaces extends pulumi.ComponentResource {
  /** Namespace resources keyed by namespace name. */
  readonly byName: ReadonlyMap<string, k8s.core.v1.Namespace>;

  constructor(name: string, plan: readonly NamespaceSpec[], options: pulumi.ComponentResourceOptions) {
    super('ai4all-sre:platform:Namespaces', name, {}, options);
    const byName = new Map<string, k8s.core.v1.Namespace>();
    for (const spec of plan) {
      byName.set(
        spec.name,
        new k8s.core.v1.Namespace(
          `ns-${spec.name}`,
          { metadata: { name: spec.name, labels: { ...spec.labels }, annotations: { ...spec.annotations } } },
          { parent: this },
        ),
      );
    }
    this.byName = byName;
    this.registerOutputs({ names: [...byName.keys()] });
  }

  /** The namespace resource, or a ResourceError naming the missing namespace. */
  require(name: string): k8s.core.v1.Namespace {
    const namespace = this.byName.get(name);
    if (namespace === undefined) {
      throw new pulumi.ResourceError(`Namespace "${name}" is not part of the namespace plan.`, this);
    }
    return namespace;
  }
}
