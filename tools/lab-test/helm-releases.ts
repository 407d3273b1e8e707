/**
 * Helm's own record of what it installed: the release Secrets (`sh.helm.release.v1.<name>.v<n>`,
 * label owner=helm) whose `release` field is base64(gzip(JSON)). Read through the API, so the
 * version checked is the one Helm installed, not the one the engine says it asked for.
 */
import { gunzipSync } from 'node:zlib';
import type { RawApi } from '../control-plane/tests/support/raw-api.js';

/** One installed release, as Helm recorded it. */
export interface HelmRelease {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  readonly status: string;
  readonly chart: string;
  readonly chartVersion: string;
  /** The rendered manifest Helm applied (multi-document YAML; crds/ are not part of it). */
  readonly manifest: string;
}

interface ReleaseSecret {
  readonly metadata: { readonly name: string; readonly namespace: string; readonly labels?: Record<string, string> };
  readonly data?: { readonly release?: string };
}

/** Decodes Helm's `release` field (the Secret's data is base64 of Helm's own base64 of gzip). */
export function decodeRelease(field: string): {
  name: string;
  namespace: string;
  version: number;
  info: { status: string };
  manifest: string;
  chart: { metadata: { name: string; version: string } };
} {
  const helmBase64 = Buffer.from(field, 'base64').toString('utf8');
  return JSON.parse(gunzipSync(Buffer.from(helmBase64, 'base64')).toString('utf8')) as ReturnType<typeof decodeRelease>;
}

/** The newest revision of every Helm release in the cluster. */
export async function installedReleases(api: RawApi): Promise<HelmRelease[]> {
  const list = (await api.call('GET', '/api/v1/secrets?labelSelector=owner%3Dhelm')) as { items: ReleaseSecret[] };
  const newest = new Map<string, HelmRelease>();
  for (const secret of list.items) {
    if (!secret.data?.release) continue;
    const release = decodeRelease(secret.data.release);
    const key = `${release.namespace}/${release.name}`;
    if ((newest.get(key)?.revision ?? 0) > release.version) continue;
    newest.set(key, {
      name: release.name,
      namespace: release.namespace,
      revision: release.version,
      status: release.info.status,
      chart: release.chart.metadata.name,
      chartVersion: release.chart.metadata.version,
      manifest: release.manifest,
    });
  }
  return [...newest.values()];
}
