/** Ollama with the configured models pulled at start, on a persistent volume. */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { NVIDIA_RUNTIME_CLASS, ollamaValues, type OllamaValuesInput } from '../values/ollama-values.js';
import type { ChartSource } from './chart-source.js';
import { pinnedRelease } from './pinned-release.js';

/** The Ollama installation. */
export class Ollama extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;

  constructor(
    name: string,
    args: {
      readonly namespace: k8s.core.v1.Namespace;
      readonly values: OllamaValuesInput;
      /** Public repository or vendored archives (stack setting `charts`). */
      readonly charts: ChartSource;
    },
    options: pulumi.ComponentResourceOptions,
  ) {
    super('ai4all-sre:platform:Ollama', name, {}, options);
    // An NVIDIA GPU needs the `nvidia` RuntimeClass (the NVIDIA container toolkit / GPU operator
    // creates it). Reading it fails the preview with its name instead of a Helm timeout later.
    const runtimeClass =
      args.values.gpu.enabled && args.values.gpu.type === 'nvidia'
        ? [
            k8s.node.v1.RuntimeClass.get(`${name}-runtime-class-${NVIDIA_RUNTIME_CLASS}`, NVIDIA_RUNTIME_CLASS, {
              parent: this,
            }),
          ]
        : [];
    this.release = pinnedRelease(
      'ollama',
      {
        releaseName: 'ollama',
        namespace: LAB_NAMESPACES.ollama,
        charts: args.charts,
        values: ollamaValues(args.values),
        // The first start downloads the models before the pod is ready.
        timeoutSeconds: 1800,
      },
      { parent: this, dependsOn: [args.namespace, ...runtimeClass] },
    );
    this.registerOutputs({});
  }
}
