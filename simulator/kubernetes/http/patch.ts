/**
 * The three PATCH content types the API server accepts for built-in types:
 * JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386) and strategic merge patch (lists of named
 * things merged by their key, with the `$patch` directive). @kubernetes/client-node 2.x sends
 * `application/json-patch+json` by default; kubectl sends strategic merge patches.
 */
import { badRequest, KubernetesStatusError } from '../model/status.js';

export const PATCH_CONTENT_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw badRequest(`invalid JSON pointer "${pointer}"`);
  return pointer.slice(1).split('/').map(unescapePointer);
}

function parentOf(document: Json, segments: string[], pointer: string): Json {
  let current: Json = document;
  for (const segment of segments.slice(0, -1)) {
    if (Array.isArray(current)) {
      const next: Json | undefined = current[Number(segment)];
      if (next === undefined) throw badRequest(`doc is missing path: "${pointer}"`);
      current = next;
    } else if (isObject(current)) {
      const next: Json | undefined = current[segment];
      if (next === undefined) throw badRequest(`doc is missing path: "${pointer}"`);
      current = next;
    } else {
      throw badRequest(`doc is missing path: "${pointer}"`);
    }
  }
  return current;
}

function getAt(document: Json, pointer: string): Json {
  let current: Json | undefined = document;
  for (const segment of pointerSegments(pointer)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = current[segment];
    else current = undefined;
    if (current === undefined) throw badRequest(`doc is missing path: "${pointer}"`);
  }
  return current;
}

function removeAt(document: Json, pointer: string): Json {
  const segments = pointerSegments(pointer);
  const last = segments.at(-1);
  if (last === undefined) throw badRequest('cannot remove the document root');
  const parent = parentOf(document, segments, pointer);
  if (Array.isArray(parent)) {
    const index = Number(last);
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) {
      throw badRequest(`unable to remove nonexistent key: ${last}: missing value`);
    }
    return parent.splice(index, 1)[0] ?? null;
  }
  if (!isObject(parent) || !(last in parent)) {
    throw badRequest(`unable to remove nonexistent key: ${last}: missing value`);
  }
  const removed = parent[last] ?? null;
  delete parent[last];
  return removed;
}

function addAt(document: Json, pointer: string, value: Json, replace: boolean): Json {
  const segments = pointerSegments(pointer);
  const last = segments.at(-1);
  if (last === undefined) return value;
  const parent = parentOf(document, segments, pointer);
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(index) || index < 0 || index > parent.length) {
      throw badRequest(`add operation index out of bounds: ${last}`);
    }
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    if (replace && !(last in parent))
      throw badRequest(`replace operation does not apply: doc is missing key: ${pointer}`);
    parent[last] = value;
  } else {
    throw badRequest(`doc is missing path: "${pointer}"`);
  }
  return document;
}

/**
 * Applies an RFC 6902 JSON Patch and returns the new document. As on the API server, a patch that
 * cannot be applied (missing path, failed `test`) is 422; a body that is not a patch is 400.
 */
export function applyJsonPatch(target: unknown, patch: unknown): unknown {
  try {
    return applyJsonPatchOperations(target, patch);
  } catch (error) {
    if (error instanceof KubernetesStatusError && error.code === 400 && Array.isArray(patch)) {
      throw new KubernetesStatusError(422, 'Invalid', error.message);
    }
    throw error;
  }
}

function applyJsonPatchOperations(target: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('json patch must be a JSON array of operations');
  let document = structuredClone(target) as Json;
  for (const raw of patch as unknown[]) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw badRequest('json patch operation must have string "op" and "path"');
    }
    const { op, path } = raw;
    const value = structuredClone(raw.value ?? null);
    switch (op) {
      case 'add':
        document = addAt(document, path, value, false);
        break;
      case 'replace':
        document = addAt(document, path, value, true);
        break;
      case 'remove':
        removeAt(document, path);
        break;
      case 'test':
        if (JSON.stringify(getAt(document, path)) !== JSON.stringify(raw.value)) {
          throw new KubernetesStatusError(422, 'Invalid', `testing value ${path} failed: test failed`);
        }
        break;
      case 'move':
      case 'copy': {
        if (typeof raw.from !== 'string') throw badRequest(`${op} operation requires "from"`);
        const moved = op === 'move' ? removeAt(document, raw.from) : structuredClone(getAt(document, raw.from));
        document = addAt(document, path, moved, false);
        break;
      }
      default:
        throw badRequest(`Unexpected kind: ${op}`);
    }
  }
  return document;
}

/** Applies an RFC 7386 JSON Merge Patch (null deletes, objects merge, everything else replaces). */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? structuredClone<JsonObject>(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value) as Json;
  }
  return result;
}

/** Patch merge keys of the built-in list fields a Deployment or Pod carries. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  ports: 'containerPort',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  conditions: 'type',
  ownerReferences: 'uid',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
};

function strategicList(field: string, target: Json | undefined, patch: Json[]): Json[] {
  const key = MERGE_KEYS[field];
  if (key === undefined || !Array.isArray(target)) {
    return patch.filter((item) => !(isObject(item) && item.$patch !== undefined));
  }
  const result = structuredClone(target);
  for (const item of patch) {
    if (!isObject(item) || item[key] === undefined) {
      result.push(item);
      continue;
    }
    const index = result.findIndex((existing) => isObject(existing) && existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
    } else if (item.$patch === 'replace') {
      const replacement = { ...item };
      delete replacement.$patch;
      if (index >= 0) result[index] = replacement;
      else result.push(replacement);
    } else if (index >= 0) {
      result[index] = applyStrategicMergePatch(result[index], item) as Json;
    } else {
      result.push(applyStrategicMergePatch({}, item) as Json);
    }
  }
  return result;
}

/**
 * Applies a strategic merge patch: objects merge, lists with a known merge key merge item by item,
 * `$patch: replace|delete` directives are honoured, `$setElementOrder/*` and `$retainKeys` are ignored.
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const replacement = structuredClone(patch);
    delete replacement.$patch;
    return replacement;
  }
  if (patch.$patch === 'delete') return {};
  const result: JsonObject = isObject(target) ? structuredClone<JsonObject>(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith('$setElementOrder/') || key === '$retainKeys' || key === '$patch') continue;
    if (value === null) delete result[key];
    else if (Array.isArray(value)) result[key] = strategicList(key, result[key], value);
    else if (isObject(value)) result[key] = applyStrategicMergePatch(result[key], value) as Json;
    else result[key] = value;
  }
  return result;
}

/** Applies a patch body according to its Content-Type, or fails with 415 as the API server does. */
export function applyPatch(contentType: string, target: unknown, patch: unknown): unknown {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  switch (mediaType) {
    case PATCH_CONTENT_TYPES.json:
      return applyJsonPatch(target, patch);
    case PATCH_CONTENT_TYPES.merge:
      return applyMergePatch(target, patch);
    case PATCH_CONTENT_TYPES.strategic:
      return applyStrategicMergePatch(target, patch);
    default:
      throw new KubernetesStatusError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: ${Object.values(
          PATCH_CONTENT_TYPES,
        )
          .slice(0, 3)
          .join(', ')}`,
      );
  }
}
