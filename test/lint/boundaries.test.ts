/**
 * The architecture's never-arrows are kept by `npm run lint` (eslint.boundaries.js): this test writes
 * deliberately wrong imports into the real tree (valid TypeScript, so only the boundary rules can object),
 * lints them with the project's own ESLint configuration, and removes them again.
 */
import { ESLint } from 'eslint';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../support/schema-set.js';

const tag = `boundary-fixture-${process.pid}`;
const written: string[] = [];

function fixture(relativePath: string, source: string): string {
  const path = join(REPOSITORY_ROOT, relativePath);
  writeFileSync(path, source);
  written.push(path);
  return path;
}

afterAll(() => {
  for (const path of written) rmSync(path, { force: true });
});

async function ruleIds(paths: string[]): Promise<Map<string, string[]>> {
  const eslint = new ESLint({ cwd: REPOSITORY_ROOT });
  const results = await eslint.lintFiles(paths);
  return new Map(results.map((result) => [result.filePath, result.messages.map((m) => m.ruleId ?? m.message)]));
}

describe('architecture boundaries (npm run lint)', () => {
  it('rejects wrong arrows between parts, inside the agent, and import cycles; accepts a right one', async () => {
    const coreToSimulator = fixture(
      `agent/core/guardrails/${tag}-a.ts`,
      `import { startKubernetesSimulator } from '../../../simulator/kubernetes/index.js';\nexport const a = startKubernetesSimulator;\n`,
    );
    const coreToAdapter = fixture(
      `agent/core/pipeline/${tag}-b.ts`,
      `import { KubeConfig } from '@kubernetes/client-node';\nimport { makeApiClient } from '../../adapters/kubernetes/api-clients.js';\nexport const b = [KubeConfig, makeApiClient];\n`,
    );
    const catalogToAgent = fixture(
      `catalog/${tag}-c.ts`,
      `import { ACTION_UNION_MATCHES_CATALOG } from '../agent/domain/action.js';\nexport const c = ACTION_UNION_MATCHES_CATALOG;\n`,
    );
    const constructsToStacks = fixture(
      `constructs/${tag}-d.ts`,
      `import { CHARTS } from '../stacks/catalog/chart-catalog.js';\nexport const d = CHARTS;\n`,
    );
    const cycleOne = fixture(
      `demo/${tag}-e.ts`,
      `import { f } from './${tag}-f.js';\nexport const e = (): number => f() + 1;\n`,
    );
    const cycleTwo = fixture(
      `demo/${tag}-f.ts`,
      `import { e } from './${tag}-e.js';\nexport const f = (): number => (e ? 1 : 0);\n`,
    );
    const rightArrow = fixture(
      `constructs/${tag}-g.ts`,
      `import { ACTION_CATALOG } from '../catalog/action-catalog.js';\nexport const g = ACTION_CATALOG;\n`,
    );

    const ids = await ruleIds([
      coreToSimulator,
      coreToAdapter,
      catalogToAgent,
      constructsToStacks,
      cycleOne,
      cycleTwo,
      rightArrow,
    ]);

    expect(ids.get(coreToSimulator)).toEqual(['import-x/no-restricted-paths']);
    expect(ids.get(coreToAdapter)).toEqual(['no-restricted-imports', 'no-restricted-imports']);
    expect(ids.get(catalogToAgent)).toEqual(['import-x/no-restricted-paths']);
    expect(ids.get(constructsToStacks)).toEqual(['import-x/no-restricted-paths']);
    expect(ids.get(cycleOne)).toContain('import-x/no-cycle');
    expect(ids.get(cycleTwo)).toContain('import-x/no-cycle');
    expect(ids.get(rightArrow)).toEqual([]);
  }, 300_000);
});
