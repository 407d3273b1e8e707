/** A kubeconfig pointing at the simulator, for @kubernetes/client-node, kubectl or the agent. */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export const SIMULATOR_CONTEXT = 'ai4all-sre-simulator';

export function simulatorKubeConfig(url: string, token: string | undefined, namespace = 'default'): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node 2.x refuses plain http:// unless skipTLSVerify is set (config.ts createDispatcherOptions).
    clusters: [{ name: SIMULATOR_CONTEXT, cluster: { server: url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: SIMULATOR_CONTEXT, user: token === undefined ? {} : { token } }],
    contexts: [
      { name: SIMULATOR_CONTEXT, context: { cluster: SIMULATOR_CONTEXT, user: SIMULATOR_CONTEXT, namespace } },
    ],
    'current-context': SIMULATOR_CONTEXT,
    preferences: {},
  });
}

/** Writes the kubeconfig with mode 0600 (it may hold the token). */
export async function writeSimulatorKubeConfig(path: string, content: string): Promise<void> {
  await writeFile(path, content, { mode: 0o600 });
}
