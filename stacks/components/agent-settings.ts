/**
 * The agent's environment-specific settings, decided by the stack and handed to the GitOps-synced
 * agent Deployment: a ConfigMap in the agent namespace whose `OLLAMA_MODEL` is the first model the
 * stack pulls (the Deployment reads it as optional env; manifests in dist/ stay the same for every
 * environment).
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { AGENT_DEFAULTS } from '../../catalog/agent-contract.js';

/** Arguments of {@link AgentSettings}. */
export interface AgentSettingsArgs {
  /** The agent's Namespace resource (the ConfigMap waits for it). */
  readonly namespace: pulumi.Resource;
  /** Model tag the agent asks Ollama for. */
  readonly ollamaModel: string;
}

/** The settings ConfigMap. */
export class AgentSettings extends pulumi.ComponentResource {
  readonly configMap: k8s.core.v1.ConfigMap;

  constructor(name: string, args: AgentSettingsArgs, options: pulumi.ComponentResourceOptions) {
    super('ai4all-sre:platform:AgentSettings', name, {}, options);
    if (args.ollamaModel.trim() === '') {
      throw new pulumi.ResourceError(
        'AgentSettings: ollamaModel must name a model tag, e.g. qwen2.5:3b-instruct',
        this,
      );
    }
    this.configMap = new k8s.core.v1.ConfigMap(
      `${name}-configmap`,
      {
        metadata: {
          name: AGENT_DEFAULTS.settingsConfigMapName,
          namespace: AGENT_DEFAULTS.namespace,
          labels: { 'app.kubernetes.io/managed-by': 'pulumi', 'app.kubernetes.io/part-of': 'ai4all-sre' },
        },
        data: { [AGENT_DEFAULTS.settingsModelKey]: args.ollamaModel },
      },
      { parent: this, dependsOn: [args.namespace] },
    );
    this.registerOutputs({ configMap: this.configMap.metadata.name });
  }
}
