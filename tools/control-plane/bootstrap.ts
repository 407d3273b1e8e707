/**
 * What the cluster needs once the API server answers: RBAC for kwok (it plays every kubelet, so it
 * gets exactly the node/pod/lease/event access a kubelet fleet needs, not system:masters), the
 * fake Nodes kwok manages, and the waits that prove the controllers work.
 */
import { CoreV1Api, type KubeConfig, RbacAuthorizationV1Api, type V1Node } from '@kubernetes/client-node';
import { KWOK_NODE_ANNOTATION } from './components.js';
import { waitUntil } from './network.js';
import { TOKEN_IDENTITIES } from './pki.js';

const KWOK_ROLE = 'ai4all-local:kwok-controller';

/** The rules kwok needs to simulate kubelets (from kwok's own controller role, trimmed to what runs here). */
export const KWOK_RULES = [
  { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['nodes/status', 'pods/status'], verbs: ['patch', 'update'] },
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'patch', 'update', 'delete'] },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch', 'update'] },
  {
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
  },
] as const;

/** Creates (or replaces) kwok's ClusterRole and binds it to kwok's token user. */
export async function grantKwok(config: KubeConfig): Promise<void> {
  const rbac = config.makeApiClient(RbacAuthorizationV1Api);
  const role = {
    metadata: { name: KWOK_ROLE },
    rules: KWOK_RULES.map((rule) => ({
      apiGroups: [...rule.apiGroups],
      resources: [...rule.resources],
      verbs: [...rule.verbs],
    })),
  };
  const binding = {
    metadata: { name: KWOK_ROLE },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: KWOK_ROLE },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: TOKEN_IDENTITIES.kwok.user }],
  };
  await rbac.createClusterRole({ body: role });
  await rbac.createClusterRoleBinding({ body: binding });
}

/** A fake Node kwok will manage (untainted, so ordinary Deployments schedule onto it). */
export function fakeNode(name: string): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION.key]: KWOK_NODE_ANNOTATION.value, 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        type: 'kwok',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/agent': '',
      },
    },
    spec: {},
  };
}

function isReady(node: V1Node): boolean {
  return (
    node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false
  );
}

/** Creates `count` fake Nodes and waits until every one reports Ready. */
export async function createReadyNodes(
  config: KubeConfig,
  count: number,
  abortReason: () => string | undefined,
): Promise<string[]> {
  const core = config.makeApiClient(CoreV1Api);
  const names = Array.from({ length: count }, (_, index) => `kwok-node-${index}`);
  for (const name of names) await core.createNode({ body: fakeNode(name) });
  await waitUntil(
    `fake nodes ${names.join(', ')} becoming Ready (kwok)`,
    async () => {
      const nodes = await Promise.all(names.map((name) => core.readNode({ name })));
      return nodes.every(isReady);
    },
    60_000,
    abortReason,
  );
  return names;
}

/** Waits until the controller manager has created the `default` ServiceAccount (pods need it to be admitted). */
export async function waitForDefaultServiceAccount(
  config: KubeConfig,
  abortReason: () => string | undefined,
): Promise<void> {
  const core = config.makeApiClient(CoreV1Api);
  await waitUntil(
    'kube-controller-manager creating the default ServiceAccount',
    async () => {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' });
      return true;
    },
    60_000,
    abortReason,
  );
}
