/**
 * The agent Deployment in dist/ against the agent's own configuration parser: every variable it
 * sets is one the agent reads, and the values parse into the configuration the rest of dist/
 * assumes (allowlist = namespaces with action Roles, Lease = the pre-created one, port = probes).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentSchema, parseConfig } from '../agent/config/config.js';
import { AGENT_DEFAULTS, AGENT_HTTP, DEFAULT_MODEL_TAG } from '../catalog/index.js';
import type { K8sObject } from '../test/support/intent-checks.js';
import { loadManifestObjects } from '../test/support/manifest-validator.js';
import { REPOSITORY_ROOT } from '../test/support/schema-set.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    fieldRef?: { fieldPath: string };
  };
}
interface AgentContainer {
  env: EnvVar[];
  ports: { containerPort: number }[];
  volumeMounts: { mountPath: string }[];
  livenessProbe: { httpGet: { path: string; port: number } };
  readinessProbe: { httpGet: { path: string; port: number } };
}

const dist = loadManifestObjects(join(REPOSITORY_ROOT, 'dist')).map((manifest) => manifest.object as K8sObject);
const deployment = dist.find(
  (object) => object.kind === 'Deployment' && object.metadata.name === AGENT_DEFAULTS.name,
) as unknown as { spec: { template: { spec: { containers: AgentContainer[] } } } };
const container = deployment.spec.template.spec.containers[0]!;

/** What the kubelet would put in the environment: literals, the Secret's value, the pod name. */
function resolvedEnvironment(settings: Record<string, string> | null = null): Record<string, string> {
  const environment: Record<string, string> = { KUBERNETES_SERVICE_HOST: '10.43.0.1' };
  for (const variable of container.env) {
    const fromConfigMap = variable.valueFrom?.configMapKeyRef;
    if (variable.value !== undefined) environment[variable.name] = variable.value;
    else if (variable.valueFrom?.secretKeyRef) environment[variable.name] = 'f'.repeat(64);
    else if (fromConfigMap?.name === AGENT_DEFAULTS.settingsConfigMapName && fromConfigMap.optional === true) {
      // The stack's settings ConfigMap; optional, so without it the variable is simply unset.
      const value = settings?.[fromConfigMap.key];
      if (value !== undefined) environment[variable.name] = value;
    } else if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.name')
      environment[variable.name] = 'ai4all-sre-agent-7d9c-x2x';
    else throw new Error(`unexpected env source for ${variable.name}`);
  }
  return environment;
}

describe('the agent Deployment in dist/ matches the agent configuration contract', () => {
  it('sets only variables the agent (or Node itself, for NODE_OPTIONS) reads', () => {
    const known = [...Object.keys(EnvironmentSchema.shape), 'NODE_OPTIONS'];
    for (const variable of container.env) expect(known, variable.name).toContain(variable.name);
  });

  it('parses with the agent parser into the configuration the rest of dist/ assumes', () => {
    const config = parseConfig(resolvedEnvironment(), { fileExists: () => false });
    const actionNamespaces = dist
      .filter(
        (object) => object.kind === 'Role' && object.metadata.name === `${AGENT_DEFAULTS.serviceAccountName}-actions`,
      )
      .map((object) => object.metadata.namespace);
    expect([...config.namespaces].sort()).toEqual(actionNamespaces.sort());
    expect(config.kubernetes).toEqual({ mode: 'in-cluster' });
    expect(config.http.port).toBe(container.ports[0]?.containerPort);
    expect(config.http.webhookToken).toBeDefined();
    expect(container.volumeMounts.map((mount) => mount.mountPath)).toContain(config.dataDirectory);
    const lease = dist.find((object) => object.kind === 'Lease');
    expect(config.leadership.election).toBe('required');
    expect(config.leadership.identity).toBe('ai4all-sre-agent-7d9c-x2x');
    expect(lease?.metadata).toMatchObject({
      name: config.leadership.leaseName,
      namespace: config.leadership.namespace,
    });
  });

  it("takes the model from the stack's settings ConfigMap, and falls back to the agent default without it", () => {
    const withSettings = parseConfig(
      resolvedEnvironment({ [AGENT_DEFAULTS.settingsModelKey]: 'qwen2.5:7b-instruct' }),
      {
        fileExists: () => false,
      },
    );
    expect(withSettings.ollama.model).toBe('qwen2.5:7b-instruct');
    expect(parseConfig(resolvedEnvironment(null), { fileExists: () => false }).ollama.model).toBe(DEFAULT_MODEL_TAG);
  });

  it('probes the agent health endpoints on its port', () => {
    expect(container.livenessProbe.httpGet).toMatchObject({ path: AGENT_HTTP.healthPath, port: AGENT_HTTP.port });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: AGENT_HTTP.readyPath, port: AGENT_HTTP.port });
  });

  it('takes the webhook token from the Secret the stack creates, never from a literal', () => {
    const token = container.env.find((variable) => variable.name === 'AGENT_WEBHOOK_TOKEN');
    expect(token?.value).toBeUndefined();
    expect(token?.valueFrom?.secretKeyRef).toEqual({
      name: AGENT_DEFAULTS.webhookTokenSecretName,
      key: AGENT_DEFAULTS.webhookTokenSecretKey,
    });
    expect(dist.filter((object) => object.kind === 'Secret')).toEqual([]);
  });
});
