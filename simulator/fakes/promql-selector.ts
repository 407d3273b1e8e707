/**
 * Series selectors as PromQL and LogQL write them: the first selector of a query
 * (`metric{label="v",other=~"re"}`) and its label matchers (RE2 regexes, anchored).
 */

import { re2 } from './re2.js';

export interface LabelMatcher {
  readonly name: string;
  readonly operator: '=' | '!=' | '=~' | '!~';
  readonly value: string;
}

export interface ParsedSelector {
  /** Metric name, or undefined for a LogQL stream selector / `{__name__=...}` form. */
  readonly metric: string | undefined;
  readonly matchers: readonly LabelMatcher[];
}

const MATCHER = /([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g;
const KEYWORDS = new Set([
  'sum',
  'avg',
  'min',
  'max',
  'count',
  'rate',
  'irate',
  'increase',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'histogram_quantile',
  'max_over_time',
  'min_over_time',
  'avg_over_time',
  'sum_over_time',
  'topk',
  'bottomk',
  'and',
  'or',
  'unless',
  'abs',
  'clamp_min',
  'clamp_max',
  'delta',
  'deriv',
  'time',
  'vector',
  'label_replace',
  'count_over_time',
  'bytes_over_time',
  'quantile_over_time',
  'offset',
  'bool',
]);

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** The first selector of a query, or undefined when the query has none. */
export function firstSelector(query: string): ParsedSelector | undefined {
  const withBraces = /([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*\{([^}]*)\}/g;
  for (const match of query.matchAll(withBraces)) {
    const name = match[1];
    if (name !== undefined && KEYWORDS.has(name)) {
      // `sum by (x) {…}` is not a thing; treat a keyword before braces as no metric name.
      return { metric: undefined, matchers: parseMatchers(match[2] ?? '') };
    }
    const matchers = parseMatchers(match[2] ?? '');
    const named = matchers.find((matcher) => matcher.name === '__name__' && matcher.operator === '=');
    return { metric: name ?? named?.value, matchers: matchers.filter((matcher) => matcher.name !== '__name__') };
  }
  for (const match of query.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const name = match[0];
    const after = query.slice((match.index ?? 0) + name.length).trimStart();
    if (KEYWORDS.has(name) || after.startsWith('(')) continue;
    return { metric: name, matchers: [] };
  }
  return undefined;
}

export function parseMatchers(body: string): LabelMatcher[] {
  return [...body.matchAll(MATCHER)].map((match) => ({
    name: match[1] ?? '',
    operator: (match[2] ?? '=') as LabelMatcher['operator'],
    value: unescape(match[3] ?? ''),
  }));
}

export function labelsMatch(matchers: readonly LabelMatcher[], labels: Readonly<Record<string, string>>): boolean {
  return matchers.every((matcher) => {
    const actual = labels[matcher.name] ?? '';
    switch (matcher.operator) {
      case '=':
        return actual === matcher.value;
      case '!=':
        return actual !== matcher.value;
      case '=~':
        return re2(matcher.value, true).test(actual);
      case '!~':
        return !re2(matcher.value, true).test(actual);
    }
  });
}
