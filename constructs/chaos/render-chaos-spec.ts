/**
 * Renders a validated {@link ChaosExperiment} into a Chaos Mesh spec, typed against the generated
 * imports so a field name or enum value that drifts from the CRD fails to compile. The same spec
 * is used standalone, embedded in a Schedule (with its duration) or in a Workflow step (where the
 * step's deadline bounds it).
 */
import type {
  HttpChaosSpec,
  NetworkChaosSpec,
  PodChaosSpec,
  StressChaosSpec,
  HttpChaosSpecMode,
  NetworkChaosSpecMode,
  NetworkChaosSpecTargetMode,
  PodChaosSpecMode,
  StressChaosSpecMode,
} from '../imports/chaos-mesh-chaos-mesh.org.js';
import {
  HttpChaosSpecTarget,
  NetworkChaosSpecAction,
  NetworkChaosSpecDirection,
  PodChaosSpecAction,
} from '../imports/chaos-mesh-chaos-mesh.org.js';
import {
  chaosKindOf,
  type ChaosExperiment,
  type ChaosKind,
  type ChaosMode,
  type ChaosTarget,
} from './chaos-experiment.js';

/** A rendered spec and its kind. */
export type RenderedChaos =
  | { readonly kind: 'PodChaos'; readonly spec: PodChaosSpec }
  | { readonly kind: 'StressChaos'; readonly spec: StressChaosSpec }
  | { readonly kind: 'NetworkChaos'; readonly spec: NetworkChaosSpec }
  | { readonly kind: 'HTTPChaos'; readonly spec: HttpChaosSpec };

function modeFields(mode: ChaosMode): { mode: string; value?: string } {
  switch (mode.mode) {
    case 'one':
      return { mode: 'one' };
    case 'fixed':
      return { mode: 'fixed', value: String(mode.count) };
    case 'fixed-percent':
      return { mode: 'fixed-percent', value: String(mode.percent) };
  }
}

function selector(target: ChaosTarget) {
  return { namespaces: [target.namespace], labelSelectors: { ...target.labels } };
}

/**
 * Renders the spec. `includeDuration` is false inside Workflow steps, where Chaos Mesh bounds a
 * chaos node by the step's `deadline` instead.
 */
export function renderChaosSpec(experiment: ChaosExperiment, includeDuration = true): RenderedChaos {
  const { mode, value } = modeFields(experiment.target.mode);
  const duration = includeDuration ? experiment.duration : undefined;
  const common = { selector: selector(experiment.target), value, duration };
  const fault = experiment.fault;
  const kind: ChaosKind = chaosKindOf(fault);
  switch (fault.kind) {
    case 'pod-kill':
    case 'pod-failure':
      return {
        kind: 'PodChaos',
        spec: {
          ...common,
          mode: mode as PodChaosSpecMode,
          action:
            fault.kind === 'pod-kill' ? PodChaosSpecAction.POD_HYPHEN_KILL : PodChaosSpecAction.POD_HYPHEN_FAILURE,
          gracePeriod: fault.kind === 'pod-kill' ? fault.gracePeriodSeconds : undefined,
        },
      };
    case 'cpu-stress':
      return {
        kind: 'StressChaos',
        spec: {
          ...common,
          mode: mode as StressChaosSpecMode,
          stressors: { cpu: { workers: fault.workers, load: fault.load } },
        },
      };
    case 'memory-stress':
      return {
        kind: 'StressChaos',
        spec: {
          ...common,
          mode: mode as StressChaosSpecMode,
          stressors: { memory: { workers: fault.workers, size: fault.size } },
        },
      };
    case 'network-delay':
    case 'network-loss':
    case 'network-partition': {
      const peer = fault.peer;
      const target = peer
        ? {
            mode: modeFields(peer.mode).mode as NetworkChaosSpecTargetMode,
            value: modeFields(peer.mode).value,
            selector: selector(peer),
          }
        : undefined;
      const direction =
        fault.kind === 'network-partition'
          ? (fault.direction as NetworkChaosSpecDirection)
          : peer
            ? NetworkChaosSpecDirection.TO
            : undefined;
      return {
        kind: 'NetworkChaos',
        spec: {
          ...common,
          mode: mode as NetworkChaosSpecMode,
          action:
            fault.kind === 'network-delay'
              ? NetworkChaosSpecAction.DELAY
              : fault.kind === 'network-loss'
                ? NetworkChaosSpecAction.LOSS
                : NetworkChaosSpecAction.PARTITION,
          direction,
          target,
          delay: fault.kind === 'network-delay' ? { latency: fault.latency, jitter: fault.jitter } : undefined,
          loss: fault.kind === 'network-loss' ? { loss: String(fault.lossPercent) } : undefined,
        },
      };
    }
    case 'http-fault':
      return {
        kind: 'HTTPChaos',
        spec: {
          ...common,
          mode: mode as HttpChaosSpecMode,
          target: fault.target === 'Request' ? HttpChaosSpecTarget.REQUEST : HttpChaosSpecTarget.RESPONSE,
          port: fault.port,
          path: fault.path,
          method: fault.method,
          abort: 'abort' in fault.effect ? true : undefined,
          delay: 'delay' in fault.effect ? fault.effect.delay : undefined,
          replace: 'replaceCode' in fault.effect ? { code: fault.effect.replaceCode } : undefined,
        },
      };
    default:
      throw new Error(`renderChaosSpec: unsupported kind ${kind}`);
  }
}

/** Drops undefined fields recursively (the embedded Schedule/Workflow specs are plain JSON). */
export function withoutUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
