/**
 * Kubeconfig files for the local cluster: one per component and the admin one users get.
 * Token auth over TLS verified against the cluster CA (embedded, so a copied file still works).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** The context name every generated kubeconfig uses. */
export const CONTEXT_NAME = 'ai4all-sre-local';

export interface KubeconfigInput {
  readonly server: string;
  readonly caCertificatePem: string;
  readonly user: string;
  readonly token: string;
}

/** A kubeconfig document (pure; see writeKubeconfig for the file). */
export function kubeconfigDocument(input: KubeconfigInput): Record<string, unknown> {
  if (!input.server.startsWith('https://')) {
    throw new Error(`kubeconfig server must be an https:// URL, got "${input.server}"`);
  }
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CONTEXT_NAME,
        cluster: {
          server: input.server,
          'certificate-authority-data': Buffer.from(input.caCertificatePem).toString('base64'),
        },
      },
    ],
    users: [{ name: input.user, user: { token: input.token } }],
    contexts: [{ name: CONTEXT_NAME, context: { cluster: CONTEXT_NAME, user: input.user, namespace: 'default' } }],
    'current-context': CONTEXT_NAME,
  };
}

/** Writes a kubeconfig readable only by its owner (it holds a bearer token). */
export async function writeKubeconfig(
  path: string,
  server: string,
  caCertificatePath: string,
  user: string,
  token: string,
): Promise<void> {
  const caCertificatePem = await readFile(caCertificatePath, 'utf8');
  await writeFile(path, stringify(kubeconfigDocument({ server, caCertificatePem, user, token })), { mode: 0o600 });
}
