/**
 * Parses raw Pulumi config into a {@link LabConfig}, or throws a {@link LabConfigError} whose
 * message names every offending key as `ai4all-sre:<path>` together with the allowed values.
 */
import type { z } from 'zod';
import { CONFIG_NAMESPACE, LabConfigSchema, type LabConfig } from './lab-config.js';

/** The stack configuration is invalid; `problems` holds one line per offending key. */
export class LabConfigError extends Error {
  readonly code = 'INVALID_STACK_CONFIG';
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid stack configuration (fix with \`pulumi config set --path <key> <value>\` or edit Pulumi.<stack>.yaml):\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'LabConfigError';
  }
}

/** Parse and validate; raw is `{ cluster: {...}, ollama: {...}, ... }` as read from Pulumi config. */
export function parseLabConfig(raw: unknown): LabConfig {
  const result = LabConfigSchema.safeParse(raw, { reportInput: true });
  if (result.success) {
    return result.data;
  }
  throw new LabConfigError(result.error.issues.map(describeIssue));
}

function keyOf(path: readonly PropertyKey[]): string {
  let key = CONFIG_NAMESPACE;
  path.forEach((segment, index) => {
    if (typeof segment === 'number') {
      key += `[${segment}]`;
    } else {
      key += index === 0 ? `:${String(segment)}` : `.${String(segment)}`;
    }
  });
  return key;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = keyOf(issue.path);
  if (issue.code === 'invalid_value') {
    return `${key}: got ${JSON.stringify(issue.input)}; allowed values: ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `${key}: unknown key(s) ${issue.keys.map((name) => JSON.stringify(name)).join(', ')}; allowed keys: ${allowedKeys(issue.path).join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    return issue.input === undefined
      ? `${key}: is required (${issue.expected})`
      : `${key}: expected ${issue.expected}, got ${JSON.stringify(issue.input)}`;
  }
  return `${key}: ${issue.message}`;
}

/** Known keys of the object schema at `path` (for "allowed keys" in messages). */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  let schema: unknown = LabConfigSchema;
  for (const segment of path) {
    const shape = objectShape(schema);
    schema = shape?.[String(segment)];
  }
  return Object.keys(objectShape(schema) ?? {});
}

function objectShape(schema: unknown): Record<string, unknown> | undefined {
  let current = schema as {
    def?: { type?: string; innerType?: unknown; in?: unknown; shape?: Record<string, unknown> };
  };
  // Unwrap default/optional/pipe wrappers until the object schema.
  for (let depth = 0; depth < 5 && current?.def; depth += 1) {
    if (current.def.type === 'object') {
      return current.def.shape;
    }
    current = (current.def.innerType ?? current.def.in) as typeof current;
  }
  return undefined;
}
