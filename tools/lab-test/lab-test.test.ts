/** The pure parts of the lab test: Helm's release encoding, the expected state, the chart folder. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CHARTS } from '../../stacks/catalog/chart-catalog.js';
import { parseLabConfig } from '../../stacks/config/parse-lab-config.js';
import { rawStackConfig } from '../../stacks/testing/fixtures.js';
import { REPO_ROOT } from '../control-plane/layout.js';
import { assembleChartFolder } from './chart-folder.js';
import { chartLabel, expectedCrdGroups, expectedReleases } from './expected-state.js';
import { decodeRelease } from './helm-releases.js';

describe('decodeRelease', () => {
  it('reads the field Helm writes: base64 (Secret) of base64 (Helm) of gzip of JSON', () => {
    const release = { name: 'loki', namespace: 'logging', version: 2, info: { status: 'deployed' }, manifest: '' };
    const helmValue = gzipSync(
      JSON.stringify({ ...release, chart: { metadata: { name: 'loki', version: '18.11.0' } } }),
    );
    const field = Buffer.from(helmValue.toString('base64')).toString('base64');
    expect(decodeRelease(field)).toMatchObject({ ...release, chart: { metadata: { version: '18.11.0' } } });
  });
});

describe('expected state', () => {
  it('expects every helm.v3 Release of the lab at its catalog version, and fewer when components are off', () => {
    const lab = parseLabConfig(rawStackConfig('lab'));
    const releases = expectedReleases(lab);
    expect(releases.map((release) => release.key).sort()).toEqual(
      Object.keys(CHARTS)
        .filter((key) => key !== 'alloy')
        .sort(),
    );
    for (const release of releases) expect(release.version).toBe(CHARTS[release.key].version);
    const raw = rawStackConfig('lab');
    const off = parseLabConfig({ ...raw, components: { ...(raw.components as object), linkerd: false } });
    expect(expectedReleases(off).some((release) => release.name.startsWith('linkerd'))).toBe(false);
    expect(expectedCrdGroups(lab)).toEqual(expect.arrayContaining(['argoproj.io', 'gateway.networking.k8s.io']));
    expect(chartLabel('alloy')).toBe(`alloy-${CHARTS.alloy.version}`);
  });
});

describe('assembleChartFolder', () => {
  const target = path.join(mkdtempSync(path.join(tmpdir(), 'charts-')), 'charts');
  afterAll(() => rmSync(path.dirname(target), { recursive: true, force: true }));

  it('links complete archives and completes kyverno with a kyverno-api subchart of the vendored CRDs', async () => {
    const vendored = path.join(REPO_ROOT, 'vendor', 'charts');
    const completed = await assembleChartFolder(REPO_ROOT, vendored, target);
    expect(completed).toEqual(['kyverno-3.9.0.tgz (+ kyverno-api 0.0.1-alpha.4)']);
    expect(readlinkSync(path.join(target, 'loki-18.11.0.tgz'))).toBe(path.join(vendored, 'loki-18.11.0.tgz'));
    const listing = execFileSync('tar', ['-tzf', path.join(target, 'kyverno-3.9.0.tgz')], { encoding: 'utf8' });
    expect(listing).toContain('kyverno/charts/kyverno-api/Chart.yaml');
    expect(listing).toContain('kyverno/charts/kyverno-api/templates/policies.kyverno.io_validatingpolicies.yaml');
  });
});
