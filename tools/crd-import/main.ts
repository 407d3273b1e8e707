/**
 * Regenerates constructs/imports/ from the `crdImports` section of cdk8s.yaml.
 * Each group's CRD files are concatenated and passed to `cdk8s import <name>:=<file>`, so one
 * TypeScript module per group is generated. Reads CRDs from CRD_DIR (default ../shared/schemas/crds).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const CrdImports = z.object({
  crdImports: z.array(
    z.object({
      name: z.string().regex(/^[a-z0-9-]+$/),
      repo: z.string(),
      version: z.string(),
      files: z.array(z.object({ local: z.string(), upstream: z.string() })).min(1),
    }),
  ),
});

const root = resolve(import.meta.dirname, '../..');
const crdDir = resolve(process.env.CRD_DIR ?? join(root, '../shared/schemas/crds'));
if (!existsSync(crdDir)) {
  console.error(`CRD directory ${crdDir} is missing: set CRD_DIR to a folder holding the pinned upstream CRD files.`);
  process.exit(2);
}
const config = CrdImports.parse(parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')));
const work = mkdtempSync(join(tmpdir(), 'crd-import-'));
for (const group of config.crdImports) {
  const combined = group.files
    .map((file) => readFileSync(join(crdDir, file.local), 'utf8').replace(/^---\n/, ''))
    .join('\n---\n');
  const source = join(work, `${group.name}.yaml`);
  writeFileSync(source, combined);
  console.log(`importing ${group.name} (${group.repo}@${group.version}, ${group.files.length} CRDs)`);
  execFileSync(
    join(root, 'node_modules/.bin/cdk8s'),
    ['import', `${group.name}:=${source}`, '--language', 'typescript', '--output', join(root, 'constructs/imports')],
    { cwd: work, stdio: 'inherit' },
  );
}
