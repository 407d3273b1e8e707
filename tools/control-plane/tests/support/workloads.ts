/**
 * Real Deployments for the end-to-end tests, and the faults the tests inject into them.
 */
import { AppsV1Api, type KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { DEMO_APP, MANAGED_WORKLOAD_LABEL, REVISION_ANNOTATION } from '../../../../catalog/index.js';
import { NEVER_READY_ANNOTATION } from '../../kwok-stages.js';
import { eventually } from './kube.js';

export const IMAGE_REPOSITORY = 'us-central1-docker.pkg.dev/google-samples/microservices-demo';

/** A microservices-demo style Deployment the agent is allowed to manage. */
export function demoDeployment(namespace: string, name: string, replicas: number, service = name): V1Deployment {
  const labels = { [DEMO_APP.workloadLabel]: name, [MANAGED_WORKLOAD_LABEL]: 'true' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      // Short, so a stuck rollout is reported (Progressing=False, ProgressDeadlineExceeded) within the test.
      progressDeadlineSeconds: 15,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { [DEMO_APP.workloadLabel]: name } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'server',
              image: `${IMAGE_REPOSITORY}/${service}:${DEMO_APP.version}`,
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/_healthz', port: 8080 }, periodSeconds: 5 },
              resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
}

/** True when the Deployment's latest revision is fully rolled out and available. */
export function rolloutComplete(deployment: V1Deployment): boolean {
  const want = deployment.spec?.replicas ?? 1;
  const status = deployment.status;
  return (
    (status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 1) &&
    status?.updatedReplicas === want &&
    status.readyReplicas === want &&
    status.availableReplicas === want &&
    status.replicas === want
  );
}

export function revisionOf(deployment: V1Deployment): number {
  return Number(deployment.metadata?.annotations?.[REVISION_ANNOTATION] ?? '0');
}

export class Workloads {
  private readonly apps: AppsV1Api;

  constructor(config: KubeConfig) {
    this.apps = config.makeApiClient(AppsV1Api);
  }

  read(namespace: string, name: string): Promise<V1Deployment> {
    return this.apps.readNamespacedDeployment({ namespace, name });
  }

  /** Creates the Deployment and waits until it is fully available. */
  async create(namespace: string, name: string, replicas: number, service = name): Promise<V1Deployment> {
    await this.apps.createNamespacedDeployment({ namespace, body: demoDeployment(namespace, name, replicas, service) });
    return this.waitForRollout(namespace, name);
  }

  waitForRollout(namespace: string, name: string, timeoutMilliseconds = 60_000): Promise<V1Deployment> {
    return eventually(
      `rollout of ${namespace}/${name} to complete`,
      () => this.read(namespace, name),
      rolloutComplete,
      timeoutMilliseconds,
    );
  }

  /**
   * Ships a bad revision: an image tag that does not exist and, for kwok, the never-ready
   * annotation. Waits until the Deployment reports that the rollout is stuck.
   */
  async shipBadRevision(namespace: string, name: string, variant = ''): Promise<V1Deployment> {
    const before = await this.read(namespace, name);
    const image = before.spec?.template.spec?.containers[0]?.image ?? `${IMAGE_REPOSITORY}/${name}`;
    await this.apps.patchNamespacedDeployment({
      namespace,
      name,
      body: [
        { op: 'add', path: '/spec/template/metadata/annotations', value: { [NEVER_READY_ANNOTATION]: 'true' } },
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: `${image.split(':')[0] ?? image}:v0.10.5-broken${variant}`,
        },
      ],
    });
    return eventually(
      `${namespace}/${name} to report its new revision stuck`,
      () => this.read(namespace, name),
      (deployment) =>
        revisionOf(deployment) > revisionOf(before) &&
        (deployment.status?.conditions ?? []).some(
          (condition) => condition.type === 'Progressing' && condition.reason === 'ProgressDeadlineExceeded',
        ),
      60_000,
    );
  }

  /** Sets the replica count through the scale subresource (as an operator would). */
  async scaleTo(namespace: string, name: string, replicas: number): Promise<void> {
    await this.apps.patchNamespacedDeploymentScale({
      namespace,
      name,
      body: [{ op: 'replace', path: '/spec/replicas', value: replicas }],
    });
  }

  async remove(namespace: string, name: string): Promise<void> {
    await this.apps.deleteNamespacedDeployment({ namespace, name }).catch(() => undefined);
  }
}

/** Generation and spec of every Deployment in the cluster, to prove that nothing was written. */
export async function deploymentSnapshot(config: KubeConfig): Promise<Map<string, string>> {
  const list = await config.makeApiClient(AppsV1Api).listDeploymentForAllNamespaces();
  return new Map(
    list.items.map((deployment) => [
      `${deployment.metadata?.namespace}/${deployment.metadata?.name}`,
      JSON.stringify({
        generation: deployment.metadata?.generation,
        annotations: deployment.metadata?.annotations,
        spec: deployment.spec,
      }),
    ]),
  );
}
