import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssues, loadManifestObjects, validateObjects } from '../test/support/manifest-validator.js';
import { REPOSITORY_ROOT } from '../test/support/schema-set.js';

describe('every object in dist/', () => {
  const manifests = loadManifestObjects(join(REPOSITORY_ROOT, 'dist'));

  it('exists (dist/ is not empty)', () => {
    expect(manifests.length).toBeGreaterThan(0);
  });

  it('is valid against the Kubernetes 1.28 / pinned CRD schemas, unknown fields rejected', () => {
    const issues = validateObjects(manifests.map((manifest) => manifest.object));
    const report = issues.map((issue) => `${manifests[issue.index]?.file}: ${formatIssues([issue])}`).join('\n');
    expect(issues, report).toEqual([]);
  });
});
