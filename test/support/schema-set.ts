/**
 * Loads the pinned schema set (`vendor/schemas`, vendored with its sources) and prepares it for
 * Ajv the way kubeconform `-strict` would check manifests: every object schema that lists its
 * `properties` is closed with `additionalProperties: false`, plus the fixes the schema README
 * documents for Ajv (boolean `exclusiveMinimum`, RE2 `(?i)` patterns, Kubernetes formats as no-ops).
 *
 * Test support only: nothing under constructs/, synth/ or agent/ may import this (the project must
 * not depend on test data at run time).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** Root of this repository (test/support/ is two levels below it). */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where the schema set is looked for: `$AI4ALL_SCHEMAS_DIR`, else `<repo>/vendor/schemas`. */
export function defaultSchemasDirectory(): string {
  return process.env['AI4ALL_SCHEMAS_DIR'] ?? resolve(REPOSITORY_ROOT, 'vendor', 'schemas');
}

/** Relative path of the core definitions inside the schema set. */
export const CORE_DEFINITIONS_PATH = join('kubernetes', 'v1.28.0', '_definitions.json');

/** Thrown when the schema set is not where it is looked for. */
export class SchemaSetMissingError extends Error {
  readonly code = 'SCHEMA_SET_MISSING';
  constructor(readonly lookedFor: string) {
    super(
      `Kubernetes schema set missing: ${lookedFor} does not exist. Manifest validation needs the pinned schemas ` +
        `(kubernetes/v1.28.0/_definitions.json and crds/**) vendored at vendor/schemas, ` +
        `or a directory named by AI4ALL_SCHEMAS_DIR.`,
    );
    this.name = 'SchemaSetMissingError';
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Returns a deep copy of `schema` with (1) `additionalProperties: false` on every object schema
 * that has `properties` and neither sets `additionalProperties` nor preserves unknown fields,
 * (2) draft-04 boolean `exclusiveMinimum`/`exclusiveMaximum` turned into draft-07 numbers.
 * Keys *inside* a `properties` map are property names, not keywords, so they are never rewritten.
 */
export function strictSchema(schema: unknown, closeObjects = true): unknown {
  if (Array.isArray(schema)) return schema.map((item) => strictSchema(item, closeObjects));
  if (!isObject(schema)) return schema;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if ((key === 'properties' || key === 'definitions' || key === 'patternProperties') && isObject(value)) {
      copy[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [name, strictSchema(child, closeObjects)]),
      );
    } else {
      copy[key] = strictSchema(value, closeObjects);
    }
  }
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof copy[flag] === 'boolean') {
      if (copy[flag] === true && typeof copy[bound] === 'number') {
        copy[flag] = copy[bound];
        delete copy[bound];
      } else {
        delete copy[flag];
      }
    }
  }
  const preservesUnknown = copy['x-kubernetes-preserve-unknown-fields'] === true;
  if (closeObjects && isObject(copy['properties']) && !('additionalProperties' in copy) && !preservesUnknown) {
    copy['additionalProperties'] = false;
  }
  return copy;
}

/** Every `format` value used anywhere in a schema (so each can be registered as a no-op). */
export function collectFormats(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) collectFormats(item, into);
  else if (isObject(schema)) {
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'format' && typeof value === 'string') into.add(value);
      else collectFormats(value, into);
    }
  }
  return into;
}

/** `group/version/kind`, the key both indexes use (`''` group for core kinds). */
export function gvkKey(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** The core Kubernetes definitions, strict, with an index from group/version/kind to definition name. */
export interface CoreDefinitions {
  readonly definitions: JsonObject;
  readonly byGvk: ReadonlyMap<string, string>;
}

export function loadCoreDefinitions(schemasDirectory: string): CoreDefinitions {
  const path = join(schemasDirectory, CORE_DEFINITIONS_PATH);
  if (!existsSync(path)) throw new SchemaSetMissingError(path);
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { definitions?: unknown };
  if (!isObject(raw.definitions)) throw new Error(`${path}: expected {"definitions": {...}}`);
  const definitions = Object.fromEntries(
    Object.entries(raw.definitions).map(([name, definition]) => [name, strictSchema(definition)]),
  );
  const byGvk = new Map<string, string>();
  for (const [name, definition] of Object.entries(raw.definitions)) {
    // Meta types (Status, DeleteOptions, WatchEvent) list every group; they are not manifests.
    if (name.startsWith('io.k8s.apimachinery.pkg.apis.meta.')) continue;
    const gvks = isObject(definition) ? definition['x-kubernetes-group-version-kind'] : undefined;
    if (!Array.isArray(gvks)) continue;
    for (const gvk of gvks as { group: string; version: string; kind: string }[]) {
      byGvk.set(gvkKey(gvk.group, gvk.version, gvk.kind), name);
    }
  }
  return { definitions, byGvk };
}

/** One served version of one CRD: its strict `openAPIV3Schema` and where it came from. */
export interface CrdVersionSchema {
  readonly file: string;
  readonly schema: unknown;
}

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group?: string;
    names?: { kind?: string };
    versions?: { name?: string; served?: boolean; schema?: { openAPIV3Schema?: unknown } }[];
  };
}

/** Every CRD under `crds/`, indexed by group/version/kind (served versions only). */
export function loadCrdSchemas(schemasDirectory: string): ReadonlyMap<string, CrdVersionSchema> {
  const directory = join(schemasDirectory, 'crds');
  if (!existsSync(directory) || !statSync(directory).isDirectory()) throw new SchemaSetMissingError(directory);
  const index = new Map<string, CrdVersionSchema>();
  for (const file of yamlFiles(directory)) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = document.toJS() as CrdDocument | null;
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      const group = crd.spec?.group;
      const kind = crd.spec?.names?.kind;
      if (!group || !kind) continue;
      for (const version of crd.spec?.versions ?? []) {
        const schema = version.schema?.openAPIV3Schema;
        if (!version.name || version.served === false || schema === undefined) continue;
        index.set(gvkKey(group, version.name, kind), { file, schema: strictSchema(schema) });
      }
    }
  }
  return index;
}
