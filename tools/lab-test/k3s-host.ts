/**
 * Makes the local control plane look like the single-node k3s host the lab stack is written for
 * (docs/lab-guide.md): k3s' `local-path` StorageClass (default, WaitForFirstConsumer), the
 * Gateway API CRDs k3s installs with Traefik (here from the vendored v1.4.1 files), and a
 * stand-in for k3s' local-path provisioner that creates a PersistentVolume for every claim the
 * scheduler has placed, and deletes released ones. Without it no pod with a volume would start.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parse } from 'yaml';
import { GATEWAY_API_CRDS } from '../../stacks/catalog/chart-catalog.js';
import { waitUntil } from '../control-plane/network.js';
import { ApiServerError, type RawApi } from '../control-plane/tests/support/raw-api.js';

const FIELD_MANAGER = 'ai4all-sre-lab-test';
const PROVISIONER = 'rancher.io/local-path';
const SELECTED_NODE = 'volume.kubernetes.io/selected-node';

/** k3s' StorageClass, as k3s ships it. */
export const LOCAL_PATH_STORAGE_CLASS = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'local-path', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
  provisioner: PROVISIONER,
  reclaimPolicy: 'Delete',
  volumeBindingMode: 'WaitForFirstConsumer',
};

/** Applies the StorageClass and the Gateway API CRDs and waits until the CRDs are Established. */
export async function prepareK3sHost(api: RawApi, repositoryRoot: string): Promise<string[]> {
  await api.apply(LOCAL_PATH_STORAGE_CLASS, FIELD_MANAGER, { dryRun: false });
  const names: string[] = [];
  for (const file of GATEWAY_API_CRDS.vendoredFiles) {
    const crd = parse(await readFile(path.join(repositoryRoot, GATEWAY_API_CRDS.vendoredDirectory, file), 'utf8')) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
    };
    await api.apply(crd, FIELD_MANAGER, { dryRun: false });
    names.push(crd.metadata.name);
  }
  await waitUntil(
    'Gateway API CRDs Established',
    async () => {
      for (const name of names) {
        const crd = (await api.call('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`)) as {
          status?: { conditions?: { type: string; status: string }[] };
        };
        if (!crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return false;
      }
      return true;
    },
    60_000,
  );
  return names;
}

interface Claim {
  metadata: { name: string; namespace: string; uid: string; annotations?: Record<string, string> };
  spec: {
    storageClassName?: string;
    volumeName?: string;
    accessModes?: string[];
    resources?: { requests?: { storage?: string } };
  };
  status?: { phase?: string };
}

interface Volume {
  metadata: { name: string; annotations?: Record<string, string> };
  status?: { phase?: string };
}

/** One pass of the provisioner stand-in; returns what it did. */
export async function provisionOnce(api: RawApi): Promise<string[]> {
  const done: string[] = [];
  const claims = (await api.call('GET', '/api/v1/persistentvolumeclaims')) as { items: Claim[] };
  for (const claim of claims.items) {
    const node = claim.metadata.annotations?.[SELECTED_NODE];
    if (claim.spec.storageClassName !== 'local-path' || claim.spec.volumeName || !node) continue;
    const name = `pvc-${claim.metadata.uid}`;
    const volume = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name, annotations: { 'pv.kubernetes.io/provisioned-by': PROVISIONER } },
      spec: {
        capacity: { storage: claim.spec.resources?.requests?.storage ?? '1Gi' },
        accessModes: claim.spec.accessModes ?? ['ReadWriteOnce'],
        persistentVolumeReclaimPolicy: 'Delete',
        storageClassName: 'local-path',
        hostPath: { path: `/var/lib/rancher/k3s/storage/${name}`, type: 'DirectoryOrCreate' },
        claimRef: { namespace: claim.metadata.namespace, name: claim.metadata.name, uid: claim.metadata.uid },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
            ],
          },
        },
      },
    };
    try {
      await api.call('POST', '/api/v1/persistentvolumes', volume);
      done.push(`created ${name} for ${claim.metadata.namespace}/${claim.metadata.name}`);
    } catch (error) {
      if (!(error instanceof ApiServerError && error.status === 409)) throw error;
    }
  }
  const volumes = (await api.call('GET', '/api/v1/persistentvolumes')) as { items: Volume[] };
  for (const volume of volumes.items) {
    const ours = volume.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] === PROVISIONER;
    if (ours && volume.status?.phase === 'Released') {
      await api.delete({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: volume.metadata.name } });
      done.push(`deleted released ${volume.metadata.name}`);
    }
  }
  return done;
}

/** Runs {@link provisionOnce} every `intervalMs` until stopped; errors are logged, not fatal. */
export function startProvisioner(api: RawApi, log: (line: string) => void, intervalMs = 1000): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        for (const line of await provisionOnce(api)) log(`local-path: ${line}`);
      } catch (error) {
        log(`local-path: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
  };
}
