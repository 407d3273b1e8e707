/**
 * A small PromQL evaluator over instant series, enough for alert expressions and evidence queries
 * against simulated state: selectors with label matchers, range selectors and rate-like functions
 * (the simulated series already hold current rates and gauges, so these pass values through),
 * `sum|avg|min|max|count [by|without (...)]`, `histogram_quantile` (drops `le`), binary `/` and `*`
 * joined on identical labels, and a trailing comparison filter. Anything else is "not understood"
 * (undefined), so another resolver may answer.
 */
import { parseMatchers, labelsMatch } from './promql-selector.js';
import type { Sample } from './simulator-metrics.js';

/** All current samples of a metric, or undefined when the source does not know the metric. */
export type SeriesSource = (metric: string) => readonly Sample[] | undefined;

const AGGREGATIONS = new Set(['sum', 'avg', 'min', 'max', 'count']);

/** Splits on `separator` outside brackets and quotes. */
function splitTopLevel(text: string, separator: RegExp): { parts: string[]; operators: string[] } {
  const parts: string[] = [];
  const operators: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index] ?? '';
    if (quote !== undefined) {
      if (character === '\\') index += 1;
      else if (character === quote) quote = undefined;
      continue;
    }
    if (character === '"' || character === "'" || character === '`') quote = character;
    else if ('({['.includes(character)) depth += 1;
    else if (')}]'.includes(character)) depth -= 1;
    else if (depth === 0) {
      const match = separator.exec(text.slice(index));
      if (match !== null && match.index === 0) {
        parts.push(text.slice(start, index));
        operators.push(match[0].trim());
        index += match[0].length - 1;
        start = index + 1;
      }
    }
  }
  parts.push(text.slice(start));
  return { parts: parts.map((part) => part.trim()), operators };
}

/** Index of the bracket closing the one at `open`, skipping quoted strings; -1 when unbalanced. */
function closing(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = open; index < text.length; index += 1) {
    const character = text[index] ?? '';
    if (quote !== undefined) {
      if (character === '\\') index += 1;
      else if (character === quote) quote = undefined;
    } else if (character === '"' || character === "'" || character === '`') quote = character;
    else if ('({['.includes(character)) depth += 1;
    else if (')}]'.includes(character)) {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** `name( … )` spanning the whole text → [name, inner]; undefined otherwise. */
function call(text: string): [string, string] | undefined {
  const match = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*\(/.exec(text);
  if (match === null) return undefined;
  const open = match[0].length - 1;
  return closing(text, open) === text.length - 1 ? [match[1] ?? '', text.slice(open + 1, -1)] : undefined;
}

function stripOuterParentheses(text: string): string {
  let current = text.trim();
  while (current.startsWith('(') && closing(current, 0) === current.length - 1) current = current.slice(1, -1).trim();
  return current;
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([left], [right]) => left.localeCompare(right)));
}

function aggregate(
  operator: string,
  samples: readonly Sample[],
  grouping: (labels: Record<string, string>) => Record<string, string>,
): Sample[] {
  const groups = new Map<string, { labels: Record<string, string>; values: number[] }>();
  for (const sample of samples) {
    const labels = grouping(sample.metric);
    const key = labelKey(labels);
    const group = groups.get(key) ?? { labels, values: [] };
    group.values.push(sample.value);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ labels, values }) => {
    const total = values.reduce((sum, value) => sum + value, 0);
    const value =
      operator === 'sum'
        ? total
        : operator === 'avg'
          ? total / values.length
          : operator === 'min'
            ? Math.min(...values)
            : operator === 'max'
              ? Math.max(...values)
              : values.length;
    return { metric: labels, value };
  });
}

function grouping(
  kind: string | undefined,
  labels: string[],
): (metric: Record<string, string>) => Record<string, string> {
  if (kind === 'by')
    return (metric) =>
      Object.fromEntries(labels.filter((name) => metric[name] !== undefined).map((name) => [name, metric[name] ?? '']));
  if (kind === 'without')
    return (metric) =>
      Object.fromEntries(Object.entries(metric).filter(([name]) => !labels.includes(name) && name !== '__name__'));
  return () => ({});
}

function evaluateAggregation(text: string, source: SeriesSource): Sample[] | undefined {
  const leading = /^(sum|avg|min|max|count)\s*(?:(by|without)\s*\(([^)]*)\))?\s*\(/.exec(text);
  if (leading === null || !AGGREGATIONS.has(leading[1] ?? '')) return undefined;
  const open = leading[0].length - 1;
  const close = closing(text, open);
  if (close < 0) return undefined;
  const inner = text.slice(open + 1, close);
  const after = text.slice(close + 1).trim();
  let kind = leading[2];
  let labels = (leading[3] ?? '')
    .split(',')
    .map((label) => label.trim())
    .filter(Boolean);
  const trailing = /^(by|without)\s*\(([^)]*)\)$/.exec(after);
  if (trailing !== null) {
    kind = trailing[1];
    labels = (trailing[2] ?? '')
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean);
  } else if (after !== '') {
    return undefined;
  }
  const samples = evaluateExpression(inner, source);
  return samples === undefined ? undefined : aggregate(leading[1] ?? 'sum', samples, grouping(kind, labels));
}

function evaluateSelector(text: string, source: SeriesSource): Sample[] | undefined {
  const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(?:\{([^}]*)\})?\s*(?:\[[^\]]+\])?\s*(?:offset\s+\S+)?$/.exec(text);
  if (match === null || (match[1] === undefined && match[2] === undefined)) return undefined;
  const matchers = parseMatchers(match[2] ?? '');
  const name = match[1] ?? matchers.find((matcher) => matcher.name === '__name__' && matcher.operator === '=')?.value;
  if (name === undefined) return undefined;
  const samples = source(name);
  if (samples === undefined) return undefined;
  const filters = matchers.filter((matcher) => matcher.name !== '__name__');
  return samples
    .filter((sample) => labelsMatch(filters, sample.metric))
    .map((sample) => ({ metric: { ...sample.metric }, value: sample.value }));
}

function evaluateBinary(parts: string[], operators: string[], source: SeriesSource): Sample[] | undefined {
  let left = evaluateExpression(parts[0] ?? '', source);
  for (let index = 0; index < operators.length; index += 1) {
    const right = evaluateExpression(parts[index + 1] ?? '', source);
    if (left === undefined || right === undefined) return undefined;
    const byLabels = new Map(right.map((sample) => [labelKey(sample.metric), sample.value]));
    const single = right.length === 1 && Object.keys(right[0]?.metric ?? {}).length === 0 ? right[0]?.value : undefined;
    const apply = (a: number, b: number) => (operators[index] === '/' ? a / b : a * b);
    left = left.flatMap((sample) => {
      const other = single ?? byLabels.get(labelKey(sample.metric));
      return other === undefined ? [] : [{ metric: sample.metric, value: apply(sample.value, other) }];
    });
  }
  return left;
}

/** Evaluates an expression without a trailing comparison. */
function evaluateExpression(raw: string, source: SeriesSource): Sample[] | undefined {
  const text = stripOuterParentheses(raw);
  if (/^-?\d+(\.\d+)?$/.test(text)) return [{ metric: {}, value: Number(text) }];
  const binary = splitTopLevel(text, /^\s*[/*]\s*/);
  if (binary.parts.length > 1) return evaluateBinary(binary.parts, binary.operators, source);
  const aggregation = evaluateAggregation(text, source);
  if (aggregation !== undefined) return aggregation;
  const invoked = call(text);
  if (invoked !== undefined) {
    const [name, inner] = invoked;
    const { parts: args } = splitTopLevel(inner, /^,/);
    if (name === 'histogram_quantile') {
      const samples = evaluateExpression(args[1] ?? '', source);
      return samples?.map((sample) => ({
        metric: Object.fromEntries(Object.entries(sample.metric).filter(([label]) => label !== 'le')),
        value: sample.value,
      }));
    }
    if (AGGREGATIONS.has(name)) return undefined;
    const vectorArgument = args.find(
      (argument) => !/^-?\d+(\.\d+)?$/.test(argument.trim()) && !/^"/.test(argument.trim()),
    );
    return vectorArgument === undefined ? undefined : evaluateExpression(vectorArgument, source);
  }
  return evaluateSelector(text, source);
}

/** Evaluates a query (with an optional trailing comparison such as `> 0`). */
export function evaluatePromql(query: string, source: SeriesSource): Sample[] | undefined {
  const comparison = /\s*(>=|<=|==|!=|>|<)\s*(?:bool\s+)?(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/.exec(query);
  const expression = comparison === null ? query : query.slice(0, comparison.index);
  const samples = evaluateExpression(expression, source);
  if (samples === undefined || comparison === null) return samples;
  const threshold = Number(comparison[2]);
  const keep: Record<string, (value: number) => boolean> = {
    '>': (value) => value > threshold,
    '<': (value) => value < threshold,
    '>=': (value) => value >= threshold,
    '<=': (value) => value <= threshold,
    '==': (value) => value === threshold,
    '!=': (value) => value !== threshold,
  };
  const filter = keep[comparison[1] ?? '>'] ?? (() => true);
  return samples.filter((sample) => filter(sample.value));
}
