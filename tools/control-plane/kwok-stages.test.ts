import { describe, expect, it } from 'vitest';
import { NEVER_READY_ANNOTATION, excludeNeverReadyPods, neverReadyStage } from './kwok-stages.js';

const key = `.metadata.annotations["${NEVER_READY_ANNOTATION}"]`;

describe('kwok stages', () => {
  it("keeps never-ready pods out of kwok's pod-ready stage and leaves other stages alone", () => {
    const podReady = {
      kind: 'Stage',
      metadata: { name: 'pod-ready' },
      spec: { selector: { matchExpressions: [{ key: '.status.phase', operator: 'In', values: ['Pending'] }] } },
    };
    const changed = excludeNeverReadyPods(podReady);
    expect(changed.spec?.selector?.matchExpressions).toEqual([
      { key: '.status.phase', operator: 'In', values: ['Pending'] },
      { key, operator: 'DoesNotExist' },
    ]);
    const other = { kind: 'Stage', metadata: { name: 'pod-delete' }, spec: { selector: { matchExpressions: [] } } };
    expect(excludeNeverReadyPods(other)).toBe(other);
  });

  it('fails loudly when the pod-ready stage has no selector to extend', () => {
    expect(() => excludeNeverReadyPods({ kind: 'Stage', metadata: { name: 'pod-ready' }, spec: {} })).toThrow(
      /matchExpressions/,
    );
  });

  it('makes annotated pending pods Running with unready, crash-looping containers', () => {
    const stage = neverReadyStage() as {
      spec: { selector: { matchExpressions: unknown[] }; next: { statusTemplate: string } };
    };
    expect(stage.spec.selector.matchExpressions).toContainEqual({ key, operator: 'Exists' });
    expect(stage.spec.next.statusTemplate).toMatch(/type: Ready\n\s+status: "False"/);
    expect(stage.spec.next.statusTemplate).toContain('reason: CrashLoopBackOff');
    expect(stage.spec.next.statusTemplate).toContain('phase: Running');
  });
});
