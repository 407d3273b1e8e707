/**
 * The agent's environment as its Deployment in dist/ would receive it in this cluster: every env
 * entry of the agent container, with `configMapKeyRef`/`secretKeyRef` resolved against the live
 * objects the stack created. Parsed with the agent's own `parseConfig`, it proves the stack's
 * ConfigMap and Secret carry the names, keys and values the agent expects.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ApiServerError, type RawApi } from '../control-plane/tests/support/raw-api.js';

interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

interface Deployment {
  kind: string;
  metadata: { name: string; namespace: string };
  spec: { template: { spec: { containers: { name: string; env?: EnvEntry[] }[] } } };
}

/** The agent Deployment from dist/agent/manifests.yaml. */
export async function agentDeployment(repositoryRoot: string): Promise<Deployment> {
  const text = await readFile(path.join(repositoryRoot, 'dist', 'agent', 'manifests.yaml'), 'utf8');
  const deployment = parseAllDocuments(text)
    .map((document) => document.toJS() as Deployment)
    .find((object) => object?.kind === 'Deployment');
  if (!deployment) throw new Error('dist/agent/manifests.yaml holds no Deployment');
  return deployment;
}

async function readKey(api: RawApi, namespace: string, kind: 'configmaps' | 'secrets', name: string, key: string) {
  try {
    const object = (await api.call('GET', `/api/v1/namespaces/${namespace}/${kind}/${name}`)) as {
      data?: Record<string, string>;
    };
    const raw = object.data?.[key];
    if (raw === undefined) return undefined;
    return kind === 'secrets' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  } catch (error) {
    if (error instanceof ApiServerError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Resolves the env of the agent container. A required reference that does not resolve is a
 * problem (the kubelet would refuse to start the pod); an optional one is left unset.
 */
export async function resolveAgentEnvironment(
  api: RawApi,
  deployment: Deployment,
): Promise<{ environment: Record<string, string>; problems: string[]; fromCluster: string[] }> {
  const namespace = deployment.metadata.namespace;
  const container = deployment.spec.template.spec.containers[0];
  const environment: Record<string, string> = {};
  const problems: string[] = [];
  const fromCluster: string[] = [];
  for (const entry of container?.env ?? []) {
    if (entry.value !== undefined) {
      environment[entry.name] = entry.value;
      continue;
    }
    const reference = entry.valueFrom?.configMapKeyRef ?? entry.valueFrom?.secretKeyRef;
    if (!reference) continue;
    const kind = entry.valueFrom?.configMapKeyRef ? 'configmaps' : 'secrets';
    const value = await readKey(api, namespace, kind, reference.name, reference.key);
    if (value === undefined) {
      if (!reference.optional)
        problems.push(`${entry.name}: ${kind} ${namespace}/${reference.name} key ${reference.key} is missing`);
      continue;
    }
    environment[entry.name] = value;
    fromCluster.push(entry.name);
  }
  return { environment, problems, fromCluster };
}
