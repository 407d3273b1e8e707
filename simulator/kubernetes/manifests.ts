/** Builders for the objects tests and the demo put into the simulator. */
import { MANAGED_WORKLOAD_LABEL } from '../../catalog/agent-contract.js';
import type { Deployment, Lease } from './model/types.js';

export interface DeploymentSpecInput {
  readonly namespace: string;
  readonly name: string;
  readonly image: string;
  readonly replicas?: number;
  /** Container name (default `server`). */
  readonly container?: string;
  readonly labels?: Record<string, string>;
  readonly maxSurge?: number | string;
  readonly maxUnavailable?: number | string;
  readonly strategy?: 'RollingUpdate' | 'Recreate';
  readonly progressDeadlineSeconds?: number;
  readonly revisionHistoryLimit?: number;
  readonly minReadySeconds?: number;
  /** CPU request/limit, e.g. `500m` (the saturation model reads it). */
  readonly cpu?: string;
  readonly memoryLimit?: string;
}

/** A realistic apps/v1 Deployment (selector `app=<name>`, managed label, probes, resources). */
export function makeDeployment(input: DeploymentSpecInput): Deployment {
  const labels = { app: input.name, [MANAGED_WORKLOAD_LABEL]: 'true', ...input.labels };
  const strategy =
    input.strategy === 'Recreate'
      ? { type: 'Recreate' as const }
      : {
          type: 'RollingUpdate' as const,
          rollingUpdate: { maxSurge: input.maxSurge ?? '25%', maxUnavailable: input.maxUnavailable ?? '25%' },
        };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, namespace: input.namespace, labels },
    spec: {
      replicas: input.replicas ?? 1,
      selector: { matchLabels: { app: input.name } },
      strategy,
      revisionHistoryLimit: input.revisionHistoryLimit ?? 10,
      progressDeadlineSeconds: input.progressDeadlineSeconds ?? 600,
      minReadySeconds: input.minReadySeconds ?? 0,
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: input.container ?? 'server',
              image: input.image,
              ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
              readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
              resources: {
                requests: { cpu: input.cpu ?? '100m', memory: '64Mi' },
                limits: { cpu: input.cpu ?? '500m', memory: input.memoryLimit ?? '128Mi' },
              },
            },
          ],
        },
      },
    },
  };
}

export function makeLease(namespace: string, name: string, leaseDurationSeconds = 15): Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace },
    spec: { holderIdentity: null, leaseDurationSeconds, leaseTransitions: 0 },
  };
}
