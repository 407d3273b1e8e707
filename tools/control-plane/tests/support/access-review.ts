/**
 * Asks the API server whether an identity may do something (SubjectAccessReview), and which
 * rules it holds in a namespace (SelfSubjectRulesReview with the identity's own token).
 */
import { AuthorizationV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { type Permission, permission } from './agent-rbac.js';

export interface Identity {
  readonly user: string;
  readonly groups: readonly string[];
}

/** `namespace: ''` asks about all namespaces (a cluster-wide grant). */
export async function isAllowed(
  config: KubeConfig,
  identity: Identity,
  request: { readonly namespace: string; readonly group: string; readonly resource: string; readonly verb: string },
): Promise<boolean> {
  const [resource, subresource] = request.resource.split('/');
  const review = await config.makeApiClient(AuthorizationV1Api).createSubjectAccessReview({
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user: identity.user,
        groups: [...identity.groups],
        resourceAttributes: {
          namespace: request.namespace,
          group: request.group,
          resource: resource ?? '',
          ...(subresource ? { subresource } : {}),
          verb: request.verb,
        },
      },
    },
  });
  return review.status?.allowed === true;
}

/** A short-lived token for a ServiceAccount (TokenRequest) and a KubeConfig that uses it. */
export async function serviceAccountConfig(admin: KubeConfig, namespace: string, name: string): Promise<KubeConfig> {
  const token = await admin.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { expirationSeconds: 600, audiences: [] } },
  });
  const cluster = admin.getCurrentCluster();
  if (!cluster) throw new Error('the admin kubeconfig has no current cluster');
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [cluster],
    users: [{ name, token: token.status?.token ?? '' }],
    contexts: [{ name, cluster: cluster.name, user: name, namespace }],
    currentContext: name,
  });
  return config;
}

export interface HeldRule {
  readonly permission: Permission;
  readonly resourceNames: readonly string[];
}

/** The resource rules the caller holds in `namespace`, one entry per group × resource × verb. */
export async function heldRules(config: KubeConfig, namespace: string): Promise<HeldRule[]> {
  const review = await config.makeApiClient(AuthorizationV1Api).createSelfSubjectRulesReview({
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', spec: { namespace } },
  });
  if (review.status?.incomplete)
    throw new Error(`rules review for ${namespace} is incomplete: ${review.status.evaluationError ?? ''}`);
  return (review.status?.resourceRules ?? []).flatMap((rule) =>
    (rule.apiGroups ?? ['']).flatMap((group) =>
      (rule.resources ?? []).flatMap((resource) =>
        rule.verbs.map((verb) => ({
          permission: permission(group, resource, verb),
          resourceNames: rule.resourceNames ?? [],
        })),
      ),
    ),
  );
}
