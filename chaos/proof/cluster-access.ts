/**
 * Which cluster `proof` targets, decided before anything is created: an explicit kubeconfig
 * (`--kubeconfig`, then $KUBECONFIG, then ~/.kube/config, then in-cluster credentials), never
 * client-node's silent fallback to http://localhost:8080; and a probe that the API server answers
 * with these credentials. Both failures are bad input (exit 2), not a failed proof.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, VersionApi } from '@kubernetes/client-node';

export class ClusterAccessError extends Error {
  override readonly name = 'ClusterAccessError';
}

export interface ClusterAccessInput {
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function loadProofKubeConfig(input: ClusterAccessInput): KubeConfig {
  const kubeConfig = new KubeConfig();
  const explicit = input.kubeconfig ?? input.env['KUBECONFIG'];
  const fallback = join(input.env['HOME'] ?? homedir(), '.kube', 'config');
  if (explicit !== undefined) {
    const missing = explicit.split(':').filter((path) => path.length > 0 && !existsSync(path));
    if (missing.length > 0) throw new ClusterAccessError(`kubeconfig not found: ${missing.join(', ')}`);
    kubeConfig.loadFromFile(explicit);
  } else if (existsSync(fallback)) {
    kubeConfig.loadFromFile(fallback);
  } else if (input.env['KUBERNETES_SERVICE_HOST']) {
    kubeConfig.loadFromCluster();
  } else {
    throw new ClusterAccessError(
      `no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ${fallback} (proof never guesses a cluster)`,
    );
  }
  if (input.context) kubeConfig.setCurrentContext(input.context);
  if (!kubeConfig.getCurrentCluster()) {
    throw new ClusterAccessError('the kubeconfig has no current cluster; pass --context <name>');
  }
  return kubeConfig;
}

/** Resolves when the API server answers /version with these credentials within `timeoutMilliseconds`. */
export async function probeCluster(kubeConfig: KubeConfig, timeoutMilliseconds = 10_000): Promise<string> {
  const server = kubeConfig.getCurrentCluster()?.server ?? 'unknown';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMilliseconds} ms`)), timeoutMilliseconds);
  });
  try {
    const version = await Promise.race([kubeConfig.makeApiClient(VersionApi).getCode(), timeout]);
    return version.gitVersion;
  } catch (error) {
    throw new ClusterAccessError(
      `cannot reach the cluster at ${server}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    clearTimeout(timer);
  }
}
