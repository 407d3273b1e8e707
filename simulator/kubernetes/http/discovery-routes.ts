/**
 * /version, the discovery documents for the groups the simulator serves, and
 * SelfSubjectAccessReview answered from the server's authorization hook.
 */
import { KUBELET_VERSION } from '../model/nodes.js';
import { badRequest } from '../model/status.js';
import type { Router, RouteAttributes, Verb } from './router.js';

export type Authorizer = (attributes: RouteAttributes & { verb: Verb; namespace?: string; name?: string }) => boolean;

const GROUPS = [
  { name: 'apps', version: 'v1' },
  { name: 'autoscaling', version: 'v2' },
  { name: 'coordination.k8s.io', version: 'v1' },
  { name: 'authorization.k8s.io', version: 'v1' },
];

export function addDiscoveryRoutes(router: Router, authorize: Authorizer): void {
  const [major = '1', minor = '31'] = KUBELET_VERSION.slice(1).split('.');
  router
    .add('GET', '/version', undefined, () => ({
      status: 200,
      body: {
        major,
        minor,
        gitVersion: `${KUBELET_VERSION}+sim`,
        gitCommit: '0000000000000000000000000000000000000000',
        gitTreeState: 'clean',
        buildDate: '2026-01-01T00:00:00Z',
        goVersion: 'go1.23.4',
        compiler: 'gc',
        platform: 'linux/amd64',
      },
    }))
    .add('GET', '/api', undefined, () => ({
      status: 200,
      body: {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }],
      },
    }))
    .add('GET', '/apis', undefined, () => ({
      status: 200,
      body: {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: GROUPS.map(({ name, version }) => ({
          name,
          versions: [{ groupVersion: `${name}/${version}`, version }],
          preferredVersion: { groupVersion: `${name}/${version}`, version },
        })),
      },
    }))
    .add('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', undefined, (request) => {
      const body = request.body as { spec?: { resourceAttributes?: Record<string, string | undefined> } } | undefined;
      const attributes = body?.spec?.resourceAttributes;
      if (attributes === undefined) throw badRequest('spec.resourceAttributes is required');
      const allowed = authorize({
        group: attributes.group ?? '',
        resource: attributes.resource ?? '',
        ...(attributes.subresource ? { subresource: attributes.subresource } : {}),
        verb: (attributes.verb ?? 'get') as Verb,
        ...(attributes.namespace ? { namespace: attributes.namespace } : {}),
        ...(attributes.name ? { name: attributes.name } : {}),
      });
      return {
        status: 201,
        body: {
          kind: 'SelfSubjectAccessReview',
          apiVersion: 'authorization.k8s.io/v1',
          metadata: { creationTimestamp: null },
          spec: body?.spec,
          status: { allowed, ...(allowed ? {} : { reason: 'no RBAC policy matched' }) },
        },
      };
    });
}
