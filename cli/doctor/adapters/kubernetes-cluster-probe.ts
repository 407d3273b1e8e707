/** {@link ClusterProbe} through @kubernetes/client-node with an explicit kubeconfig and context. */
import { ApiextensionsV1Api, CoreV1Api, KubeConfig, VersionApi } from '@kubernetes/client-node';
import type { ClusterProbe, NodeCapacity } from '../ports.js';

/** Load the kubeconfig and select the context; returns an Error (not a throw) when that fails. */
export function kubernetesClusterProbe(kubeconfigPath: string, context: string): ClusterProbe | Error {
  const config = new KubeConfig();
  try {
    config.loadFromFile(kubeconfigPath);
  } catch (error) {
    return new Error(
      `cannot read kubeconfig ${kubeconfigPath}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!config.getContexts().some((entry) => entry.name === context)) {
    const known = config.getContexts().map((entry) => entry.name);
    return new Error(`context "${context}" is not in ${kubeconfigPath} (contexts: ${known.join(', ') || 'none'})`);
  }
  config.setCurrentContext(context);
  const version = config.makeApiClient(VersionApi);
  const core = config.makeApiClient(CoreV1Api);
  const extensions = config.makeApiClient(ApiextensionsV1Api);
  return {
    async serverVersion() {
      return (await version.getCode()).gitVersion;
    },
    async nodes(): Promise<NodeCapacity[]> {
      const list = await core.listNode();
      return list.items.map((node) => ({
        name: node.metadata?.name ?? '(unnamed)',
        cpu: node.status?.allocatable?.cpu ?? '0',
        memory: node.status?.allocatable?.memory ?? '0',
      }));
    },
    async crdExists(name) {
      try {
        await extensions.readCustomResourceDefinition({ name });
        return true;
      } catch (error) {
        if ((error as { code?: number }).code === 404) return false;
        throw error;
      }
    },
  };
}
