/**
 * What a PromQL expression references, read from a real PromQL parse tree
 * (@prometheus-io/lezer-promql, the grammar Prometheus' own UI uses): every vector selector with
 * its metric name and matcher labels, and every `by (...)` grouping with the metrics below it.
 * Grafana's interval variables are replaced by a literal duration before parsing.
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

/** A vector selector: `metric{label="..."}`. */
export interface SelectorReference {
  readonly metric: string | undefined;
  readonly labels: readonly string[];
}

/** An aggregation `op by (labels) (...)` and the metric names inside it. */
export interface GroupingReference {
  readonly labels: readonly string[];
  readonly metrics: readonly string[];
}

/** Everything an expression references, plus parse errors (as positions). */
export interface PromqlReferences {
  readonly selectors: readonly SelectorReference[];
  readonly groupings: readonly GroupingReference[];
  readonly errors: readonly string[];
}

/** Grafana's built-in interval variables, replaced with a duration PromQL accepts. */
export function substituteGrafanaIntervals(expr: string): string {
  return expr.replaceAll(/\$__(rate_interval|interval|range)\b/g, '5m');
}

function childrenNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = node.cursor();
  if (!cursor.firstChild()) return found;
  do {
    if (cursor.name === name) found.push(cursor.node);
  } while (cursor.nextSibling());
  return found;
}

function descendantsNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const cursor = node.cursor();
  const stop = node.to;
  const start = node.from;
  while (cursor.next()) {
    if (cursor.from >= stop || cursor.from < start) break;
    if (cursor.name === name) found.push(cursor.node);
  }
  return found;
}

/** Parses `expr` and lists its selectors and groupings. */
export function promqlReferences(rawExpr: string): PromqlReferences {
  const expr = substituteGrafanaIntervals(rawExpr);
  const tree = parser.parse(expr);
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const selectors: SelectorReference[] = [];
  const groupings: GroupingReference[] = [];
  const errors: string[] = [];
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError)
        errors.push(`syntax error at ${ref.from}: "${expr.slice(Math.max(0, ref.from - 10), ref.to + 10)}"`);
      if (ref.name === 'VectorSelector') {
        const node = ref.node;
        const identifier = childrenNamed(node, 'Identifier')[0];
        const labels = descendantsNamed(node, 'LabelName').map(text);
        selectors.push({ metric: identifier ? text(identifier) : undefined, labels });
      }
      if (ref.name === 'AggregateExpr') {
        const node = ref.node;
        const modifier = childrenNamed(node, 'AggregateModifier')[0];
        if (modifier && childrenNamed(modifier, 'By').length > 0) {
          const labels = descendantsNamed(modifier, 'LabelName').map(text);
          const body = childrenNamed(node, 'FunctionCallBody')[0];
          const metrics = body
            ? descendantsNamed(body, 'VectorSelector').flatMap((selector) =>
                childrenNamed(selector, 'Identifier').map(text),
              )
            : [];
          groupings.push({ labels, metrics });
        }
      }
    },
  });
  return { selectors, groupings, errors };
}
