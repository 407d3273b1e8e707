/** Ollama with the configured models pulled at start, on a persistent volume. */
import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { ollamaValues, type OllamaValuesInput } from '../values/ollama-values.js';
import { pinnedRelease } from './pinned-release.js';

/** The Ollama installation. */
export class Ollama extends pulumi.ComponentResource {
  readonly release: k8s.helm.v3.Release;

  constructor(
    name: string,
    args: { readonly namespace: k8s.core.v1.Namespace; readonly values: OllamaValuesInput },
    options: pulumi.ComponentResourceOptions,
  ) {
    super('ai4all-sre:platform:Ollama', name, {}, options);
    this.release = pinnedRelease(
      'ollama',
      {
        releaseName: 'ollama',
        namespace: LAB_NAMESPACES.ollama,
        values: ollamaValues(args.values),
        // The first start downloads the models before the pod is ready.
        timeoutSeconds: 1800,
      },
      { parent: this, dependsOn: [args.namespace] },
    );
    this.registerOutputs({});
  }
}
