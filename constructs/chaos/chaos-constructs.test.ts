import { App, Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { PropValidationError } from '../core/prop-validation.js';
import { parseDurationSeconds, type ChaosExperiment } from './chaos-experiment.js';
import { ChaosExperimentResource } from './chaos-experiment-resource.js';
import { CHAOS_PAUSE_ANNOTATION, ChaosSchedule } from './chaos-schedule.js';
import { ChaosWorkflow } from './chaos-workflow.js';

const valid: ChaosExperiment = {
  name: 'kill-one',
  target: { namespace: 'online-boutique', labels: { app: 'frontend' }, mode: { mode: 'one' } },
  fault: { kind: 'pod-kill' },
  duration: '30s',
};

function synth(build: (chart: Chart) => void): Record<string, unknown>[] {
  const chart = new Chart(new App(), 'test');
  build(chart);
  return chart.toJson() as Record<string, unknown>[];
}

function rejects(experiment: ChaosExperiment, prop: string): void {
  const attempt = () => synth((chart) => new ChaosExperimentResource(chart, 'x', { experiment }));
  expect(attempt).toThrow(PropValidationError);
  expect(attempt).toThrow(`prop "${prop}"`);
}

describe('chaos experiment bounds', () => {
  it('parses Go durations and rejects anything else', () => {
    expect(parseDurationSeconds('1m30s')).toBe(90);
    expect(parseDurationSeconds('500ms')).toBe(0.5);
    expect(() => parseDurationSeconds('5 minutes')).toThrow('not a duration');
  });

  it('renders a bounded, namespaced PodChaos', () => {
    const [object] = synth((chart) => new ChaosExperimentResource(chart, 'x', { experiment: valid }));
    expect(object).toMatchObject({
      kind: 'PodChaos',
      metadata: { name: 'kill-one', namespace: 'online-boutique' },
      spec: { action: 'pod-kill', mode: 'one', duration: '30s', selector: { namespaces: ['online-boutique'] } },
    });
  });

  it('requires a duration and bounds it', () => {
    rejects({ ...valid, duration: undefined as unknown as string }, 'duration');
    rejects({ ...valid, duration: '16m' }, 'duration');
    rejects({ ...valid, duration: '0s' }, 'duration');
    rejects({ ...valid, duration: 'forever' }, 'duration');
  });

  it('never targets a system namespace or a whole namespace', () => {
    rejects({ ...valid, target: { ...valid.target, namespace: 'kube-system' } }, 'target.namespace');
    rejects({ ...valid, target: { ...valid.target, namespace: 'monitoring' } }, 'target.namespace');
    rejects({ ...valid, target: { ...valid.target, labels: {} } }, 'target.labels');
  });

  it('hits at most half of the selected pods', () => {
    rejects({ ...valid, target: { ...valid.target, mode: { mode: 'fixed-percent', percent: 51 } } }, 'target.mode');
    rejects({ ...valid, target: { ...valid.target, mode: { mode: 'fixed', count: 0 } } }, 'target.mode');
  });

  it('checks the peer of a partition and fault parameters', () => {
    const peer = { namespace: 'kube-system', labels: { app: 'x' }, mode: { mode: 'one' } as const };
    rejects({ ...valid, fault: { kind: 'network-partition', peer, direction: 'both' } }, 'fault.peer.namespace');
    rejects({ ...valid, fault: { kind: 'cpu-stress', workers: 9, load: 100 } }, 'fault.workers');
    rejects({ ...valid, fault: { kind: 'network-delay', latency: '1m' } }, 'fault.latency');
  });
});

describe('ChaosSchedule', () => {
  it('ships paused, never overlapping, with the embedded experiment bounded', () => {
    const [object] = synth((chart) => new ChaosSchedule(chart, 's', { experiment: valid, every: '@every 30m' }));
    expect(object).toMatchObject({
      kind: 'Schedule',
      metadata: { annotations: { [CHAOS_PAUSE_ANNOTATION]: 'true' } },
      spec: { type: 'PodChaos', concurrencyPolicy: 'Forbid', podChaos: { duration: '30s' } },
    });
  });

  it('rejects an interval shorter than twice the experiment, and cron strings', () => {
    const attempt = (every: string) => () =>
      synth((chart) => new ChaosSchedule(chart, 's', { experiment: valid, every }));
    expect(attempt('@every 45s')).toThrow('prop "every"');
    expect(attempt('*/5 * * * *')).toThrow('prop "every"');
  });
});

describe('ChaosWorkflow', () => {
  it('gives every node a deadline and bounds the whole workflow', () => {
    const [object] = synth(
      (chart) =>
        new ChaosWorkflow(chart, 'w', {
          name: 'flow',
          namespace: 'online-boutique',
          steps: [{ experiment: valid }, { name: 'wait', pause: '1m' }],
        }),
    );
    const templates = (object as { spec: { templates: { name: string; deadline?: string }[] } }).spec.templates;
    expect(templates.map((template) => [template.name, template.deadline])).toEqual([
      ['entry', '150s'],
      ['kill-one', '30s'],
      ['wait', '1m'],
    ]);
  });

  it('rejects workflows without experiments or longer than the bound', () => {
    const build = (steps: ConstructorParameters<typeof ChaosWorkflow>[2]['steps']) => () =>
      synth((chart) => new ChaosWorkflow(chart, 'w', { name: 'flow', namespace: 'online-boutique', steps }));
    expect(build([{ name: 'wait', pause: '1m' }])).toThrow('at least one experiment');
    const long = [1, 2, 3].map((index) => ({ experiment: { ...valid, name: `step-${index}`, duration: '10m' } }));
    expect(build(long)).toThrow('keep the workflow within');
  });
});
