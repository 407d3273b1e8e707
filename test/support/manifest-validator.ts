/**
 * Offline schema validation of Kubernetes manifests, like kubeconform `-strict`: core kinds
 * against the Kubernetes 1.28 definitions, custom resources against their CRD's
 * `openAPIV3Schema` (found by group + version + kind), unknown fields rejected. An object whose
 * apiVersion/kind has no schema is an issue, never a pass.
 *
 * Used by every test that checks synthesized objects (dist/, policies/, chaos/, dashboards/).
 * Compiled validators are cached per schema directory and per kind.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import {
  REPOSITORY_ROOT,
  collectFormats,
  defaultSchemasDirectory,
  gvkKey,
  loadCoreDefinitions,
  loadCrdSchemas,
  type CoreDefinitions,
  type CrdVersionSchema,
} from './schema-set.js';

export { SchemaSetMissingError, defaultSchemasDirectory } from './schema-set.js';

/** One problem with one object. */
export interface ValidationIssue {
  /** Position of the object in the input array. */
  readonly index: number;
  /** `apiVersion/kind namespace/name` of the object, as far as it has them. */
  readonly object: string;
  /** JSON pointer inside the object (`''` = the object itself). */
  readonly path: string;
  readonly message: string;
}

const CORE_SCHEMA_ID = 'kubernetes-1.28';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** Ajv regexp engine that accepts the Go/RE2 inline flag `(?i)` by making the pattern case-insensitive. */
function re2CompatibleRegExp(pattern: string, flags: string): RegExp {
  if (pattern.includes('(?i)'))
    return new RegExp(pattern.replaceAll('(?i)', ''), flags.includes('i') ? flags : flags + 'i');
  return new RegExp(pattern, flags);
}
re2CompatibleRegExp.code = 'new RegExp';

function newAjv(formats: Iterable<string>): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, code: { regExp: re2CompatibleRegExp } });
  // Kubernetes formats (int32, int64, date-time, int-or-string, ...) are not checked, as the README says.
  for (const format of formats) ajv.addFormat(format, true);
  return ajv;
}

class SchemaSetValidator {
  private readonly core: CoreDefinitions;
  private readonly crds: ReadonlyMap<string, CrdVersionSchema>;
  private readonly coreAjv: Ajv;
  private readonly crdAjv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(schemasDirectory: string) {
    this.core = loadCoreDefinitions(schemasDirectory);
    this.crds = loadCrdSchemas(schemasDirectory);
    this.coreAjv = newAjv(collectFormats(this.core.definitions));
    this.coreAjv.addSchema({ $id: CORE_SCHEMA_ID, definitions: this.core.definitions });
    const crdFormats = new Set<string>();
    for (const { schema } of this.crds.values()) collectFormats(schema, crdFormats);
    this.crdAjv = newAjv(crdFormats);
  }

  /** Compiled validator for a group/version/kind, or null when no schema knows it. */
  private validatorFor(key: string): ValidateFunction | null {
    const cached = this.compiled.get(key);
    if (cached !== undefined) return cached;
    let validator: ValidateFunction | null = null;
    const coreName = this.core.byGvk.get(key);
    const crd = this.crds.get(key);
    if (coreName !== undefined)
      validator = this.coreAjv.compile({ $ref: `${CORE_SCHEMA_ID}#/definitions/${coreName}` });
    else if (crd !== undefined) validator = this.crdAjv.compile(crd.schema as object);
    this.compiled.set(key, validator);
    return validator;
  }

  private objectMetaValidator(): ValidateFunction {
    const key = '#ObjectMeta';
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = this.coreAjv.compile({ $ref: `${CORE_SCHEMA_ID}#/definitions/${OBJECT_META}` });
      this.compiled.set(key, validator);
    }
    return validator;
  }

  validate(objects: readonly unknown[]): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    objects.forEach((object, index) => {
      const describe = describeObject(object);
      const add = (path: string, message: string) => issues.push({ index, object: describe, path, message });
      if (typeof object !== 'object' || object === null || Array.isArray(object)) {
        add('', 'is not an object');
        return;
      }
      const { apiVersion, kind, metadata } = object as { apiVersion?: unknown; kind?: unknown; metadata?: unknown };
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
        add('', 'apiVersion and kind must be strings');
        return;
      }
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
      const key = gvkKey(group ?? '', version ?? '', kind);
      const validator = this.validatorFor(key);
      if (!validator) {
        add(
          '',
          `no schema for apiVersion "${apiVersion}" kind "${kind}" (neither a Kubernetes 1.28 kind nor a pinned CRD)`,
        );
        return;
      }
      if (!validator(object)) for (const error of validator.errors ?? []) add(error.instancePath, formatError(error));
      // CRD schemas leave metadata open; hold custom resources to the same ObjectMeta as core kinds.
      if (this.crds.has(key) && metadata !== undefined) {
        const meta = this.objectMetaValidator();
        if (!meta(metadata))
          for (const error of meta.errors ?? []) add(`/metadata${error.instancePath}`, formatError(error));
      }
      if (typeof (metadata as { name?: unknown } | undefined)?.name !== 'string') add('/metadata/name', 'is required');
    });
    return issues;
  }
}

function formatError(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') {
    return `unknown field "${String((error.params as { additionalProperty: string }).additionalProperty)}"`;
  }
  if (error.keyword === 'enum') {
    return `${error.message ?? 'invalid'}: ${JSON.stringify((error.params as { allowedValues: unknown }).allowedValues)}`;
  }
  return error.message ?? error.keyword;
}

function describeObject(object: unknown): string {
  if (typeof object !== 'object' || object === null) return String(object);
  const { apiVersion, kind, metadata } = object as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const name = [metadata?.namespace, metadata?.name].filter((part) => typeof part === 'string').join('/');
  return `${String(apiVersion)}/${String(kind)} ${name || '<unnamed>'}`;
}

const validators = new Map<string, SchemaSetValidator>();

/**
 * Validates Kubernetes objects against the pinned schema set. Returns every issue found (empty =
 * all valid). Throws {@link SchemaSetMissingError} when the schema set is not where it is looked for.
 */
export function validateObjects(
  objects: readonly unknown[],
  schemasDirectory: string = defaultSchemasDirectory(),
): ValidationIssue[] {
  let validator = validators.get(schemasDirectory);
  if (!validator) {
    validator = new SchemaSetValidator(schemasDirectory);
    validators.set(schemasDirectory, validator);
  }
  return validator.validate(objects);
}

/** Human-readable report of issues, one line each (for assertion messages). */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => `#${issue.index} ${issue.object} ${issue.path || '/'}: ${issue.message}`).join('\n');
}

/** One object read from a YAML file. */
export interface ManifestObject {
  /** File path relative to the repository root. */
  readonly file: string;
  readonly object: unknown;
}

function yamlFilesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return yamlFilesUnder(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

/**
 * Every YAML document under a folder (e.g. `dist/` or `dist/agent`), in sorted file order, empty
 * documents skipped. Throws when the folder is missing or a document does not parse.
 */
export function loadManifestObjects(directory: string): ManifestObject[] {
  const isDirectory = existsSync(directory) && statSync(directory).isDirectory();
  if (!isDirectory) throw new Error(`${directory} does not exist or is not a folder: run \`npm run synth\` first`);
  const objects: ManifestObject[] = [];
  for (const path of yamlFilesUnder(directory)) {
    const file = relative(REPOSITORY_ROOT, path);
    for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
      if (document.errors.length > 0) {
        throw new Error(`${file}: ${document.errors.map((error) => error.message).join('; ')}`);
      }
      const value = document.toJS() as unknown;
      if (value !== null && value !== undefined) objects.push({ file, object: value });
    }
  }
  return objects;
}
