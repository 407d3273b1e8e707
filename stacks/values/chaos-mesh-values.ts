/**
 * Values for the chaos-mesh chart on k3s: containerd through k3s' socket (the chart defaults to
 * docker, and with the wrong socket the daemon silently does nothing), injection only into
 * namespaces annotated `chaos-mesh.org/inject: enabled`, the dashboard off or token-secured.
 */
import { replicas, resources } from './sizing.js';

/** Where k3s' embedded containerd listens. */
export const K3S_CONTAINERD_SOCKET = '/run/k3s/containerd/containerd.sock';

/** Namespace annotation that opts a namespace into chaos experiments (enableFilterNamespace). */
export const CHAOS_INJECT_ANNOTATION = { key: 'chaos-mesh.org/inject', value: 'enabled' } as const;

/** Inputs of {@link chaosMeshValues}. */
export interface ChaosMeshValuesInput {
  readonly dashboard: boolean;
  readonly highAvailability: boolean;
}

/** Helm values for chaos-mesh. */
export function chaosMeshValues(input: ChaosMeshValuesInput): Record<string, unknown> {
  return {
    controllerManager: {
      replicaCount: replicas(input.highAvailability),
      enableFilterNamespace: true,
      resources: resources('25m', '256Mi', '512Mi'),
    },
    chaosDaemon: {
      runtime: 'containerd',
      socketPath: K3S_CONTAINERD_SOCKET,
      privileged: true,
      resources: resources('25m', '64Mi', '256Mi'),
    },
    dashboard: input.dashboard
      ? { create: true, securityMode: true, resources: resources('25m', '128Mi', '256Mi') }
      : { create: false },
    dnsServer: { create: false },
  };
}
