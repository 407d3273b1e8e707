/**
 * Label and field selectors, in the string syntax of the `labelSelector` / `fieldSelector` query
 * parameters and in the structured LabelSelector form Deployments and ReplicaSets carry.
 */
import { badRequest } from './status.js';
import type { KubeObject, LabelSelector, Labels } from './types.js';

export type LabelPredicate = (labels: Labels) => boolean;

const SET_PATTERN = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/;
const EQUALITY_PATTERN = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/;
const EXISTS_PATTERN = /^(!?)([\w./-]+)$/;

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of selector) {
    if (character === '(') depth += 1;
    if (character === ')') depth -= 1;
    if (character === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else {
      current += character;
    }
  }
  if (current.trim() !== '') terms.push(current.trim());
  return terms;
}

/** Parses a `labelSelector` query string (`app=web,tier in (a,b),!canary`). */
export function parseLabelSelector(selector: string | undefined): LabelPredicate {
  if (selector === undefined || selector.trim() === '') return () => true;
  const predicates: LabelPredicate[] = splitTerms(selector).map((term) => {
    const set = SET_PATTERN.exec(term);
    if (set !== null) {
      const [, key = '', operator, rawValues = ''] = set;
      const values = rawValues.split(',').map((value) => value.trim());
      return operator === 'in'
        ? (labels) => labels[key] !== undefined && values.includes(labels[key])
        : (labels) => labels[key] === undefined || !values.includes(labels[key]);
    }
    const equality = EQUALITY_PATTERN.exec(term);
    if (equality !== null) {
      const [, key = '', operator, value = ''] = equality;
      return operator === '!=' ? (labels) => labels[key] !== value : (labels) => labels[key] === value;
    }
    const exists = EXISTS_PATTERN.exec(term);
    if (exists !== null) {
      const [, negation, key = ''] = exists;
      return negation === '!' ? (labels) => labels[key] === undefined : (labels) => labels[key] !== undefined;
    }
    throw badRequest(`unable to parse requirement: invalid label selector term "${term}"`);
  });
  return (labels) => predicates.every((predicate) => predicate(labels));
}

/** True when labels satisfy a structured selector; an empty selector matches nothing, as for workloads. */
export function matchesSelector(selector: LabelSelector, labels: Labels | undefined): boolean {
  const actual = labels ?? {};
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) return false;
  return (
    matchLabels.every(([key, value]) => actual[key] === value) &&
    expressions.every((expression) => {
      const value = actual[expression.key];
      const values = expression.values ?? [];
      switch (expression.operator) {
        case 'In':
          return value !== undefined && values.includes(value);
        case 'NotIn':
          return value === undefined || !values.includes(value);
        case 'Exists':
          return value !== undefined;
        case 'DoesNotExist':
          return value === undefined;
      }
    })
  );
}

/** Renders a structured selector in query-string form (for Scale.status.selector). */
export function formatSelector(selector: LabelSelector): string {
  const terms = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  for (const expression of selector.matchExpressions ?? []) {
    const values = (expression.values ?? []).join(',');
    if (expression.operator === 'In') terms.push(`${expression.key} in (${values})`);
    if (expression.operator === 'NotIn') terms.push(`${expression.key} notin (${values})`);
    if (expression.operator === 'Exists') terms.push(expression.key);
    if (expression.operator === 'DoesNotExist') terms.push(`!${expression.key}`);
  }
  return terms.join(',');
}

function readPath(object: unknown, path: string): string | undefined {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  if (current === undefined || current === null) return undefined;
  return typeof current === 'string' ? current : JSON.stringify(current);
}

/** Fields the simulator accepts in `fieldSelector`, like the API server's per-kind field labels. */
const FIELD_PATHS = new Set([
  'metadata.name',
  'metadata.namespace',
  'involvedObject.kind',
  'involvedObject.name',
  'involvedObject.namespace',
  'involvedObject.uid',
  'involvedObject.apiVersion',
  'involvedObject.fieldPath',
  'reason',
  'type',
  'source',
  'spec.nodeName',
  'status.phase',
]);

/** Parses a `fieldSelector` query string (`involvedObject.name=web,type!=Normal`). */
export function parseFieldSelector(selector: string | undefined): (object: KubeObject) => boolean {
  if (selector === undefined || selector.trim() === '') return () => true;
  const predicates = selector.split(',').map((term) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term.trim());
    if (match === null) throw badRequest(`invalid field selector term "${term}"`);
    const [, path = '', operator, value = ''] = match;
    if (!FIELD_PATHS.has(path)) throw badRequest(`field label not supported: ${path}`);
    const field = path === 'source' ? 'source.component' : path;
    return (object: KubeObject) => {
      const actual = readPath(object, field) ?? '';
      return operator === '!=' ? actual !== value : actual === value;
    };
  });
  return (object) => predicates.every((predicate) => predicate(object));
}
