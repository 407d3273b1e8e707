/**
 * The agent's webhook bearer token: one generated value stored as the same Secret in the agent
 * namespace (the agent verifies it) and the monitoring namespace (Alertmanager mounts it via
 * `alertmanagerSpec.secrets`). The value stays a secret output.
 */
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { AGENT_DEFAULTS } from '../../catalog/agent-contract.js';

/** Arguments of {@link WebhookToken}. */
export interface WebhookTokenArgs {
  /** Namespaces receiving a copy of the Secret, with the Namespace resources they depend on. */
  readonly namespaces: readonly { readonly name: string; readonly resource: pulumi.Resource }[];
}

/** Generated webhook token Secrets. */
export class WebhookToken extends pulumi.ComponentResource {
  /** The token (secret). */
  readonly token: pulumi.Output<string>;
  /** Secret resources keyed by namespace. */
  readonly secrets: ReadonlyMap<string, k8s.core.v1.Secret>;

  constructor(name: string, args: WebhookTokenArgs, options: pulumi.ComponentResourceOptions) {
    super('ai4all-sre:platform:WebhookToken', name, {}, options);
    const token = new random.RandomPassword(`${name}-value`, { length: 48, special: false }, { parent: this });
    const secrets = new Map<string, k8s.core.v1.Secret>();
    for (const namespace of args.namespaces) {
      secrets.set(
        namespace.name,
        new k8s.core.v1.Secret(
          `${name}-${namespace.name}`,
          {
            metadata: {
              name: AGENT_DEFAULTS.webhookTokenSecretName,
              namespace: namespace.name,
              labels: { 'app.kubernetes.io/managed-by': 'pulumi', 'app.kubernetes.io/part-of': 'ai4all-sre' },
            },
            type: 'Opaque',
            stringData: { [AGENT_DEFAULTS.webhookTokenSecretKey]: token.result },
          },
          { parent: this, dependsOn: [namespace.resource] },
        ),
      );
    }
    this.token = pulumi.secret(token.result);
    this.secrets = secrets;
    this.registerOutputs({ token: this.token });
  }
}
