import { describe, expect, it } from 'vitest';
import { guaranteedLabels, promqlMetricNames, promqlSyntaxErrors } from './promql.js';

const labels = (expr: string, records?: Map<string, string>) => {
  const set = guaranteedLabels(expr, records);
  return set === undefined ? undefined : [...set].sort();
};

describe('promql analysis', () => {
  it('reports syntax errors and accepts valid expressions', () => {
    expect(promqlSyntaxErrors('sum by (a) (rate(x[5m])) > 0')).toEqual([]);
    expect(promqlSyntaxErrors('sum by (a) (rate(x[5m]) > 0')).toHaveLength(1);
    expect(promqlSyntaxErrors('rate(x[5m]) >')).not.toEqual([]);
  });

  it('lists the selected metric names', () => {
    expect(promqlMetricNames('sum(rate(b{x="1"}[5m])) / on (x) group_left a:rec')).toEqual(['a:rec', 'b']);
  });

  it('derives the labels a result keeps', () => {
    expect(labels('sum by (namespace, deployment) (rate(x[5m])) > 0.9')).toEqual(['deployment', 'namespace']);
    expect(labels('sum(rate(x[5m]))')).toEqual([]);
    expect(labels('sum without (pod) (x)')).toBeUndefined();
    expect(labels('x > 0')).toBeUndefined();
    expect(labels('max by (namespace, pod) (x) * on (namespace, pod) group_left (deployment) y')).toEqual([
      'deployment',
      'namespace',
      'pod',
    ]);
    expect(labels('label_replace(max by (a) (x), "deployment", "$1", "a", "(.*)")')).toEqual(['a', 'deployment']);
    expect(labels('max by (a, b) (x) or max by (a) (y)')).toEqual(['a']);
    expect(labels('1 - max by (a) (x)')).toEqual(['a']);
  });

  it('resolves recorded series through their recording rules', () => {
    const records = new Map([
      ['job:err:ratio', 'sum by (namespace, deployment) (rate(e[5m])) / sum by (namespace, deployment) (rate(t[5m]))'],
    ]);
    expect(labels('job:err:ratio > 0.1 and job:err:ratio > 0.2', records)).toEqual(['deployment', 'namespace']);
    expect(labels('job:other > 1', records)).toBeUndefined();
  });
});
