// The architecture's never-arrows, kept by the linter (docs/architecture.md draws them).
// Between parts: import-x/no-restricted-paths on resolved paths. Inside agent/: no-restricted-imports
// (type-only imports of the disk store and metrics types are allowed in the core; values are not).
// `npm run lint` fails on a new wrong arrow; test/lint/boundaries.test.ts proves it with fixtures.

/** Top-level parts of the repository. */
const PARTS = [
  'catalog',
  'constructs',
  'policies',
  'chaos',
  'dashboards',
  'synth',
  'stacks',
  'agent',
  'simulator',
  'demo',
  'eval',
  'bench',
  'cli',
  'tools',
  'test',
  'docs',
];

/** What each part's product code may import (besides itself and libraries). Tests are freer (below). */
const MAY_IMPORT = {
  catalog: [],
  constructs: ['catalog'],
  policies: ['catalog', 'constructs'],
  chaos: ['catalog', 'constructs'],
  dashboards: ['catalog', 'constructs'],
  synth: ['catalog', 'constructs', 'policies', 'chaos', 'dashboards'],
  stacks: ['catalog', 'constructs'],
  agent: ['catalog'],
  simulator: ['catalog'],
};

const TEST_FILES = ['**/*.test.ts', '**/test-*.ts', '**/tests/**', '**/testing/**'];

/** One restricted-paths zone per part: everything it may not import, by resolved path. */
function zonesFor(part) {
  const allowed = new Set([part, ...MAY_IMPORT[part]]);
  return PARTS.filter((other) => !allowed.has(other)).map((other) => ({
    target: `./${part}`,
    from: `./${other}`,
    message: `${part}/ may import only ${[...allowed].join(', ')} (see ${part}/README.md and docs/architecture.md).`,
  }));
}

/** Inside agent/: the centre never reaches the edge. */
const agentInside = [
  {
    files: ['agent/domain/**/*.ts'],
    patterns: [
      {
        regex: '^\\.\\.?/(\\.\\./)*(ports|core|adapters|http|config|packaging)/|^\\.\\./(app|wiring|main)\\.js$',
        message: 'agent/domain is the centre: it imports only the catalog.',
      },
    ],
  },
  {
    files: ['agent/ports/**/*.ts'],
    patterns: [
      {
        regex: '(^|/)(core|adapters|http|config|packaging)/|^\\.\\./(app|wiring|main)\\.js$',
        message: 'agent/ports speak the domain: they import agent/domain only.',
      },
    ],
  },
  {
    files: ['agent/core/**/*.ts'],
    patterns: [
      {
        regex: '(^|/)adapters/(disk|metrics)/',
        allowTypeImports: true,
        message:
          'agent/core may use the disk store and metrics types only (`import type`); values come from the composition root.',
      },
      {
        regex:
          '(^|/)adapters/(kubernetes|ollama|prometheus|loki)/|(^|/)http/|(^|/)packaging/|^(\\.\\./)+(app|wiring|main)\\.js$',
        message: 'agent/core never imports an adapter, the HTTP layer or the composition root: take a port.',
      },
    ],
    paths: ['@kubernetes/client-node', 'ollama', 'fastify', 'prom-client'].map((name) => ({
      name,
      message: `agent/core does not import ${name}: only agent/adapters (and agent/http for fastify) do.`,
    })),
  },
  {
    files: ['agent/adapters/**/*.ts'],
    patterns: [
      {
        regex: '(^|/)http/|^(\\.\\./)+(app|wiring|main)\\.js$',
        message: 'agent/adapters implement ports; they never import the HTTP layer or the composition root.',
      },
    ],
    paths: [{ name: 'fastify', message: 'Only agent/http imports fastify.' }],
  },
];

/** Libraries only the edge may import. */
const EDGE_LIBRARIES = [
  { name: '@kubernetes/client-node', message: 'Only agent/adapters/kubernetes imports @kubernetes/client-node.' },
  { name: 'ollama', message: 'Only agent/adapters/ollama imports ollama.' },
  { name: 'fastify', message: 'Only agent/http imports fastify.' },
];
for (const rule of agentInside.slice(0, 2)) rule.paths = EDGE_LIBRARIES;
agentInside.push({ files: ['agent/config/**/*.ts'], patterns: [], paths: EDGE_LIBRARIES });

/**
 * The boundary rules as flat-config objects.
 * @param importX the eslint-plugin-import-x module
 * @param resolver a resolver-next instance (TypeScript paths: `.js` specifiers resolve to `.ts` files)
 */
export function boundaries(importX, resolver) {
  return [
    {
      files: ['**/*.ts'],
      plugins: { 'import-x': importX },
      settings: {
        'import-x/resolver-next': [resolver],
        'import-x/extensions': ['.ts'],
        'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      },
      rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
    },
    {
      files: Object.keys(MAY_IMPORT).map((part) => `${part}/**/*.ts`),
      ignores: TEST_FILES,
      rules: {
        'import-x/no-restricted-paths': ['error', { zones: Object.keys(MAY_IMPORT).flatMap(zonesFor) }],
      },
    },
    ...agentInside.map(({ files, patterns, paths }) => ({
      files,
      ignores: TEST_FILES,
      rules: { 'no-restricted-imports': ['error', { patterns, paths }] },
    })),
  ];
}
