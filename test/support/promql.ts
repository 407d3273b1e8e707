/**
 * PromQL analysis for tests, on Prometheus' own grammar (@prometheus-io/lezer-promql): syntax
 * errors, the metric names an expression reads, and the labels its result is guaranteed to carry
 * (so a test can prove an alert keeps `namespace` and `deployment`).
 */
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

/** Syntax errors of an expression, each with its character offset (empty = valid). */
export function promqlSyntaxErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError)
        errors.push(`syntax error at offset ${node.from}: "${expr.slice(node.from, node.from + 20)}"`);
    },
  });
  return errors;
}

/** Every metric (or recorded series) name the expression selects. */
export function promqlMetricNames(expr: string): string[] {
  const names = new Set<string>();
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector')
        names.add(expr.slice(node.from, node.to));
    },
  });
  return [...names].sort();
}

/** Labels a result is guaranteed to carry; `undefined` = unknown (raw series, `without`, ...). */
export type LabelSet = ReadonlySet<string> | undefined;

const EXPRESSION_NODES = new Set([
  'AggregateExpr',
  'BinaryExpr',
  'FunctionCall',
  'MatrixSelector',
  'NumberDurationLiteral',
  'ParenExpr',
  'StringLiteral',
  'SubqueryExpr',
  'UnaryExpr',
  'VectorSelector',
  'OffsetExpr',
]);

function children(node: SyntaxNode): SyntaxNode[] {
  const list: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) list.push(child);
  return list;
}

function labelNames(node: SyntaxNode | undefined, expr: string): string[] {
  return node
    ? children(node)
        .filter((c) => c.name === 'LabelName')
        .map((c) => expr.slice(c.from, c.to))
    : [];
}

const isScalar = (node: SyntaxNode) => node.name === 'NumberDurationLiteral';

/**
 * The labels the result of `expr` is guaranteed to carry. Recorded series (`records`: name → expr)
 * are resolved through their recording rule; raw series are unknown, so an alert must aggregate
 * `by (...)` (directly or in a recording rule) to prove which labels it keeps.
 */
export function guaranteedLabels(expr: string, records: ReadonlyMap<string, string> = new Map(), depth = 0): LabelSet {
  if (depth > 10) return undefined;
  const analyse = (node: SyntaxNode): LabelSet => {
    switch (node.name) {
      case 'PromQL':
      case 'ParenExpr':
      case 'MatrixSelector':
      case 'SubqueryExpr':
      case 'OffsetExpr':
      case 'UnaryExpr': {
        const inner = children(node).find((child) => EXPRESSION_NODES.has(child.name));
        return inner ? analyse(inner) : undefined;
      }
      case 'VectorSelector': {
        const identifier = children(node).find((child) => child.name === 'Identifier');
        const recorded = identifier ? records.get(expr.slice(identifier.from, identifier.to)) : undefined;
        return recorded === undefined ? undefined : guaranteedLabels(recorded, records, depth + 1);
      }
      case 'AggregateExpr': {
        const modifier = children(node).find((child) => child.name === 'AggregateModifier');
        if (!modifier) return new Set();
        if (children(modifier).some((child) => child.name === 'Without')) return undefined;
        return new Set(
          labelNames(
            children(modifier).find((child) => child.name === 'GroupingLabels'),
            expr,
          ),
        );
      }
      case 'FunctionCall': {
        const body = children(node).find((child) => child.name === 'FunctionCallBody');
        const name = expr.slice(node.from, body?.from ?? node.to).trim();
        const argument = body
          ? children(body).find((child) => EXPRESSION_NODES.has(child.name) && !isScalar(child))
          : undefined;
        const labels = argument ? analyse(argument) : undefined;
        if (name === 'label_replace' && labels && body) {
          const target = children(body).find((child) => child.name === 'StringLiteral');
          return new Set([...labels, expr.slice(target!.from + 1, target!.to - 1)]);
        }
        return labels;
      }
      case 'BinaryExpr': {
        const operands = children(node).filter((child) => EXPRESSION_NODES.has(child.name));
        const [left, right] = operands;
        if (!left || !right) return undefined;
        if (isScalar(left)) return analyse(right);
        if (isScalar(right)) return analyse(left);
        const clause = children(node).find((child) => child.name === 'MatchingModifierClause');
        const parts = clause ? children(clause) : [];
        const groupRight = parts.some((part) => part.name === 'GroupRight');
        const extra = parts.some((part) => part.name === 'GroupLeft' || part.name === 'GroupRight')
          ? labelNames(parts.filter((part) => part.name === 'GroupingLabels').at(-1), expr)
          : [];
        const operator = children(node).find(
          (child) => !EXPRESSION_NODES.has(child.name) && child.name !== 'MatchingModifierClause',
        );
        if (operator?.name === 'Or') {
          const [a, b] = [analyse(left), analyse(right)];
          return a && b ? new Set([...a].filter((label) => b.has(label))) : undefined;
        }
        const base = analyse(groupRight ? right : left);
        return base ? new Set([...base, ...extra]) : undefined;
      }
      default:
        return undefined;
    }
  };
  return analyse(parser.parse(expr).topNode);
}
