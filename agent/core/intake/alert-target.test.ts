import { describe, expect, it } from 'vitest';
import type { AlertSummary } from '../../domain/incident.js';
import type { WorkloadRef } from '../../domain/workload.js';
import { alertTargetOf, groupKeyOf, labelledTarget, resolveWorkload } from './alert-target.js';
import { priorityOf } from './alert-routing.js';

const target: WorkloadRef = { namespace: 'shop', kind: 'Deployment', name: 'cart' };
const alert = (labels: Record<string, string>): AlertSummary => ({
  fingerprint: 'fp',
  alertname: 'A',
  severity: 'critical',
  status: 'firing',
  startsAt: '2026-11-24T10:00:00Z',
  labels,
  annotations: {},
});
const everywhere = () => true;

/** A Cluster port that answers only owner lookups, and records them. */
function owners(owner: WorkloadRef | null) {
  const calls: string[] = [];
  return {
    calls,
    resolvePodOwner: (namespace: string, pod: string) => (calls.push(`${namespace}/${pod}`), Promise.resolve(owner)),
  };
}

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
});

describe('the alert target, read once from the labels', () => {
  it('takes a target only from explicit namespace + deployment labels', () => {
    expect(labelledTarget({ namespace: 'shop', deployment: 'cart' })).toEqual(target);
    expect(labelledTarget({ namespace: 'shop', pod: 'cart-5f6d8c9b7d-x2k9q' })).toBeNull();
  });

  it('refuses names that are not DNS labels, wherever they appear', () => {
    for (const labels of <Record<string, string>[]>[
      { namespace: 'shop', deployment: 'cart; rm -rf /' },
      { namespace: 'Shop', deployment: 'cart' },
      { namespace: 'shop', deployment: 'cart.v2' },
      { namespace: 'shop', deployment: 'x'.repeat(64) },
      { deployment: 'cart' },
    ]) {
      expect(labelledTarget(labels)).toBeNull();
      expect(groupKeyOf(labels, 'fp')).toMatch(/^(alert\/fp|shop\/)/);
    }
    expect(alertTargetOf({ namespace: 'shop', pod: '$(reboot)' })).toMatchObject({ kind: 'none' });
  });

  it('resolves a labelled workload without reading the cluster', async () => {
    const cluster = owners(null);
    expect(
      await resolveWorkload(cluster, [alert({ namespace: 'shop', deployment: 'cart' })], 50, everywhere),
    ).toMatchObject({ target, via: 'deployment-label' });
    expect(cluster.calls).toEqual([]);
  });

  it('resolves a pod through its owners, and never guesses a default workload', async () => {
    expect(
      await resolveWorkload(owners(target), [alert({ namespace: 'shop', pod: 'cart-abc-1' })], 50, everywhere),
    ).toMatchObject({
      target,
      via: 'pod-owner',
    });
    const orphan = owners(null);
    const none = await resolveWorkload(orphan, [alert({ namespace: 'shop', pod: 'debug-shell' })], 50, everywhere);
    expect(none).toMatchObject({ target: null, reason: expect.stringContaining('not owned by a Deployment') });
    expect((await resolveWorkload(orphan, [alert({ alertname: 'Watchdog' })], 50, everywhere)).target).toBeNull();
  });

  it('never reads a pod in a namespace outside the scope', async () => {
    const cluster = owners(target);
    const none = await resolveWorkload(
      cluster,
      [alert({ namespace: 'kube-system', pod: 'coredns-abc-1' })],
      50,
      (namespace) => namespace === 'shop',
    );
    expect(none).toMatchObject({ target: null, reason: expect.stringContaining('outside the namespaces') });
    expect(cluster.calls).toEqual([]);
  });
});
