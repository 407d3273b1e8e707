/**
 * The proof runner's lab access through the real @kubernetes/client-node: chaos objects (create,
 * list and delete by the run label), Deployment health, and HTTP GETs to in-cluster services
 * through the API server's service proxy (so a kubeconfig is all the proof needs).
 */
import {
  AppsV1Api,
  CoreV1Api,
  KubernetesObjectApi,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { ChaosObjects, CreatedObject, WorkloadStatus } from './ports.js';
import { PROOF_RUN_LABEL } from './proof-manifests.js';

function describe(object: { kind: string; namespace: string; name: string }): string {
  return `${object.kind} ${object.namespace}/${object.name}`;
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

export function kubernetesChaosObjects(kubeConfig: KubeConfig): ChaosObjects {
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  return {
    async missingKinds(manifests) {
      const missing = new Set<string>();
      for (const manifest of manifests) {
        const apiVersion = String(manifest['apiVersion']);
        const kind = String(manifest['kind']);
        const namespace = (manifest['metadata'] as { namespace?: string } | undefined)?.namespace;
        try {
          await objects.list(apiVersion, kind, namespace, undefined, undefined, undefined, undefined, undefined, 1);
        } catch (error) {
          if (statusCode(error) === 404 || /Unrecognized API version and kind/i.test(String(error)))
            missing.add(`${kind}.${apiVersion}`);
          else throw new Error(`cannot check ${kind}.${apiVersion}: ${String(error)}`, { cause: error });
        }
      }
      return [...missing];
    },
    async apply(manifests) {
      const created: CreatedObject[] = [];
      for (const manifest of manifests) {
        const spec = manifest as unknown as KubernetesObject;
        const object = {
          apiVersion: String(spec.apiVersion),
          kind: String(spec.kind),
          namespace: spec.metadata?.namespace ?? '',
          name: spec.metadata?.name ?? '',
        };
        try {
          await objects.create(spec, undefined, undefined, 'ai4all-sre-proof');
        } catch (error) {
          throw new Error(`creating ${describe(object)} failed: ${String(error)}`, { cause: error });
        }
        created.push(object);
      }
      return created;
    },
    async deleteRun(runId, kinds) {
      const deleted: CreatedObject[] = [];
      const failed: { object: CreatedObject | string; error: string }[] = [];
      for (const kind of kinds) {
        let items: KubernetesObject[];
        try {
          const list = await objects.list(
            kind.apiVersion,
            kind.kind,
            kind.namespace,
            undefined,
            undefined,
            undefined,
            undefined,
            `${PROOF_RUN_LABEL}=${runId}`,
          );
          items = list.items;
        } catch (error) {
          failed.push({
            object: `${kind.kind} in ${kind.namespace} labelled ${PROOF_RUN_LABEL}=${runId}`,
            error: String(error),
          });
          continue;
        }
        for (const item of items) {
          const object = {
            apiVersion: kind.apiVersion,
            kind: kind.kind,
            namespace: item.metadata?.namespace ?? kind.namespace,
            name: item.metadata?.name ?? '',
          };
          try {
            await objects.delete({
              apiVersion: kind.apiVersion,
              kind: kind.kind,
              metadata: { name: object.name, namespace: object.namespace },
            });
            deleted.push(object);
          } catch (error) {
            if (statusCode(error) === 404) deleted.push(object);
            else failed.push({ object, error: String(error) });
          }
        }
      }
      return { deleted, failed };
    },
  };
}

export function kubernetesWorkloads(kubeConfig: KubeConfig): WorkloadStatus {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  return {
    async health(namespace, name) {
      try {
        const deployment = await apps.readNamespacedDeployment({ namespace, name });
        const status = deployment.status ?? {};
        return {
          desired: deployment.spec?.replicas ?? 1,
          ready: status.readyReplicas ?? 0,
          updated: status.updatedReplicas ?? 0,
          available: status.availableReplicas ?? 0,
        };
      } catch (error) {
        if (statusCode(error) === 404) return null;
        throw error;
      }
    },
  };
}

/** GET `path` from an in-cluster Service through the API server's service proxy; parsed JSON. */
export function serviceProxyGet(
  kubeConfig: KubeConfig,
  service: { namespace: string; name: string; port: number | string },
) {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  return async (path: string): Promise<unknown> => {
    const body = await core.connectGetNamespacedServiceProxyWithPath({
      name: `${service.name}:${service.port}`,
      namespace: service.namespace,
      path: path.replace(/^\//, ''),
    });
    return typeof body === 'string' ? (JSON.parse(body) as unknown) : body;
  };
}
