/** The small PromQL evaluator behind the fake Prometheus: aggregation, grouping, ratios, comparisons. */
import { describe, expect, it } from 'vitest';
import { evaluatePromql, type SeriesSource } from './promql-eval.js';

const series: SeriesSource = (metric) => {
  if (metric === 'requests') {
    return [
      { metric: { app: 'cart', code: '200', pod: 'cart-1' }, value: 6 },
      { metric: { app: 'cart', code: '500', pod: 'cart-1' }, value: 2 },
      { metric: { app: 'cart', code: '200', pod: 'cart-2' }, value: 8 },
      { metric: { app: 'web', code: '200', pod: 'web-1' }, value: 4 },
    ];
  }
  if (metric === 'latency_bucket') return [{ metric: { app: 'cart', le: '+Inf' }, value: 1.5 }];
  return undefined;
};

describe('evaluatePromql', () => {
  it('selects with matchers, including RE2 flags, and passes rate-like functions through', () => {
    expect(evaluatePromql('requests{app="cart",code=~"5.."}', series)).toEqual([
      { metric: { app: 'cart', code: '500', pod: 'cart-1' }, value: 2 },
    ]);
    expect(evaluatePromql('rate(requests{app=~"(?i)WEB"}[5m])', series)?.map((sample) => sample.value)).toEqual([4]);
  });

  it('aggregates with and without grouping', () => {
    expect(evaluatePromql('sum(requests)', series)).toEqual([{ metric: {}, value: 20 }]);
    expect(evaluatePromql('sum by (app) (requests)', series)).toEqual([
      { metric: { app: 'cart' }, value: 16 },
      { metric: { app: 'web' }, value: 4 },
    ]);
    expect(evaluatePromql('max(requests) by (code)', series)).toEqual([
      { metric: { code: '200' }, value: 8 },
      { metric: { code: '500' }, value: 2 },
    ]);
    expect(evaluatePromql('count without (pod, code) (requests)', series)).toEqual([
      { metric: { app: 'cart' }, value: 3 },
      { metric: { app: 'web' }, value: 1 },
    ]);
  });

  it('computes ratios and applies trailing comparisons like alert expressions', () => {
    const ratio = 'sum(rate(requests{app="cart",code=~"5.."}[5m])) / sum(rate(requests{app="cart"}[5m]))';
    expect(evaluatePromql(ratio, series)).toEqual([{ metric: {}, value: 0.125 }]);
    expect(evaluatePromql(`${ratio} > 0.1`, series)).toHaveLength(1);
    expect(evaluatePromql(`${ratio} > 0.2`, series)).toEqual([]);
    expect(evaluatePromql('histogram_quantile(0.99, sum by (le) (rate(latency_bucket[5m]))) > 1', series)).toEqual([
      { metric: {}, value: 1.5 },
    ]);
  });

  it('returns undefined for metrics it does not know, so another resolver may answer', () => {
    expect(evaluatePromql('sum(unknown_metric)', series)).toBeUndefined();
    expect(evaluatePromql('requests / unknown_metric', series)).toBeUndefined();
  });
});
