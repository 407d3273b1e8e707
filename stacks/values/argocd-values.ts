/**
 * Values for the argo-cd chart: no Dex, no notifications, HTTP behind a port-forward or
 * Traefik, the admin password from a generated bcrypt hash (never a known default), CRDs
 * annotated for server-side apply (the ApplicationSet CRD is too big for client-side apply).
 */
import type * as pulumi from '@pulumi/pulumi';
import { replicas, resources } from './sizing.js';

/** Inputs of {@link argocdValues}. */
export interface ArgocdValuesInput {
  /** bcrypt hash of the generated admin password. */
  readonly adminPasswordBcrypt: pulumi.Input<string>;
  readonly highAvailability: boolean;
}

/** Helm values for argo-cd. */
export function argocdValues(input: ArgocdValuesInput): Record<string, unknown> {
  const ha = input.highAvailability;
  return {
    crds: {
      install: true,
      keep: true,
      annotations: { 'argocd.argoproj.io/sync-options': 'ServerSideApply=true' },
    },
    dex: { enabled: false },
    notifications: { enabled: false },
    configs: {
      params: { 'server.insecure': true },
      secret: { argocdServerAdminPassword: input.adminPasswordBcrypt },
      cm: { 'admin.enabled': true, 'exec.enabled': false, 'timeout.reconciliation': '60s' },
    },
    controller: { replicas: 1, resources: resources('250m', '512Mi', '1Gi') },
    server: { replicas: replicas(ha, 2), resources: resources('50m', '128Mi', '256Mi') },
    repoServer: { replicas: replicas(ha, 2), resources: resources('100m', '256Mi', '512Mi') },
    applicationSet: { replicas: replicas(ha, 2) },
    redis: { enabled: !ha, resources: resources('50m', '64Mi', '128Mi') },
    'redis-ha': { enabled: ha },
  };
}
