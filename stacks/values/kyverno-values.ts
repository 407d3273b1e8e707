/**
 * Values for the kyverno chart: one replica per controller on a lab host (HA = 3 admission
 * replicas, 2 of the others). Policies themselves arrive from dist/ through ArgoCD.
 */
import { replicas, resources } from './sizing.js';

/** Helm values for kyverno. */
export function kyvernoValues(input: { readonly highAvailability: boolean }): Record<string, unknown> {
  const ha = input.highAvailability;
  return {
    admissionController: {
      replicas: replicas(ha, 3),
      container: { resources: resources('100m', '128Mi', '384Mi') },
    },
    backgroundController: { replicas: replicas(ha, 2), resources: resources('100m', '64Mi', '256Mi') },
    cleanupController: { replicas: replicas(ha, 2), resources: resources('50m', '64Mi', '128Mi') },
    reportsController: { replicas: replicas(ha, 2), resources: resources('100m', '64Mi', '256Mi') },
    config: { excludeKyvernoNamespace: true },
  };
}
