import { describe, expect, it } from 'vitest';
import { groupKeyOf, labelledTarget, priorityOf } from './alert-routing.js';

describe('alert routing', () => {
  it('orders severities critical first, unknown last', () => {
    expect(['info', 'bogus', 'critical', 'warning'].sort((a, b) => priorityOf(a) - priorityOf(b))).toEqual([
      'critical',
      'warning',
      'info',
      'bogus',
    ]);
  });

  it('groups pod alerts with their Deployment, and leaves other pods alone', () => {
    const byDeployment = groupKeyOf({ namespace: 'shop', deployment: 'cartservice' }, 'a');
    expect(groupKeyOf({ namespace: 'shop', pod: 'cartservice-5f6d8c9b7d-x2k9q' }, 'b')).toBe(byDeployment);
    expect(groupKeyOf({ namespace: 'shop', pod: 'redis-0' }, 'c')).toBe('shop/Pod/redis-0');
    expect(groupKeyOf({ alertname: 'Watchdog' }, 'fp')).toBe('alert/fp');
  });

  it('takes a target only from explicit namespace + deployment labels', () => {
    expect(labelledTarget({ namespace: 'shop', deployment: 'cart' })).toEqual({
      namespace: 'shop',
      kind: 'Deployment',
      name: 'cart',
    });
    expect(labelledTarget({ namespace: 'shop', pod: 'cart-5f6d8c9b7d-x2k9q' })).toBeNull();
  });
});
