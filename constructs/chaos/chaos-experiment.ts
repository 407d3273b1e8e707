/**
 * Chaos experiments as data: a bounded fault against a namespaced, labelled set of pods. Pure
 * (no cdk8s): the catalog, the demo, the eval suite and the proof runner read the same objects the
 * constructs render. {@link validateExperiment} enforces the bounds the reference lab lacked:
 * a required, bounded duration; never a system namespace; never all pods (mode ≤ 50%).
 */
import { isSystemNamespace } from '../../catalog/action-catalog.js';
import { PropValidationError, requireDnsLabel, requireDnsSubdomain } from '../core/prop-validation.js';

/** Longest duration a single experiment may run. */
export const MAX_EXPERIMENT_DURATION_SECONDS = 15 * 60;
/** Highest share of the selected pods an experiment may hit. */
export const MAX_PERCENT = 50;

/** How many of the selected pods are hit: one, a fixed number, or a fixed percentage (≤ 50). */
export type ChaosMode =
  | { readonly mode: 'one' }
  | { readonly mode: 'fixed'; readonly count: number }
  | { readonly mode: 'fixed-percent'; readonly percent: number };

/** The pods an experiment targets: one namespace, a non-empty label selector, a bounded mode. */
export interface ChaosTarget {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly mode: ChaosMode;
}

/** The faults the catalog supports, each with its parameters. */
export type ChaosFault =
  | { readonly kind: 'pod-kill'; readonly gracePeriodSeconds?: number }
  | { readonly kind: 'pod-failure' }
  | { readonly kind: 'cpu-stress'; readonly workers: number; readonly load: number }
  | { readonly kind: 'memory-stress'; readonly workers: number; readonly size: string }
  | { readonly kind: 'network-delay'; readonly latency: string; readonly jitter?: string; readonly peer?: ChaosTarget }
  | { readonly kind: 'network-loss'; readonly lossPercent: number; readonly peer?: ChaosTarget }
  | { readonly kind: 'network-partition'; readonly peer: ChaosTarget; readonly direction: 'to' | 'from' | 'both' }
  | {
      readonly kind: 'http-fault';
      /** HTTP/1 port of the target (HTTPChaos cannot parse gRPC). */
      readonly port: number;
      readonly path?: string;
      readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
      readonly target: 'Request' | 'Response';
      readonly effect: { readonly abort: true } | { readonly delay: string } | { readonly replaceCode: number };
    };

/** One experiment: a fault, who it hits, and for how long. */
export interface ChaosExperiment {
  /** Object name (DNS subdomain). */
  readonly name: string;
  readonly target: ChaosTarget;
  readonly fault: ChaosFault;
  /** Go duration (`30s`, `2m`, `1m30s`); required; at most MAX_EXPERIMENT_DURATION_SECONDS. */
  readonly duration: string;
}

/** Chaos Mesh kinds, and the key of the embedded spec in Schedule and Workflow. */
export type ChaosKind = 'PodChaos' | 'StressChaos' | 'NetworkChaos' | 'HTTPChaos';
export const SPEC_KEYS: Readonly<Record<ChaosKind, string>> = {
  PodChaos: 'podChaos',
  StressChaos: 'stressChaos',
  NetworkChaos: 'networkChaos',
  HTTPChaos: 'httpChaos',
};

const GO_DURATION = /^(?:\d+(?:ms|s|m|h))+$/;
const UNIT_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds in a Go duration string; throws on anything else. */
export function parseDurationSeconds(value: string): number {
  if (!GO_DURATION.test(value)) throw new Error(`"${value}" is not a duration like 30s, 2m or 1m30s`);
  let total = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(ms|s|m|h)/g))
    total += Number(amount) * (UNIT_SECONDS[unit!] ?? 0);
  return total;
}

/** Validates a bounded duration, naming the construct and prop on failure. */
export function requireBoundedDuration(construct: string, prop: string, value: string | undefined, maxSeconds: number) {
  if (value === undefined) {
    throw new PropValidationError(construct, prop, value, 'set a duration (e.g. "2m"); chaos without one never stops');
  }
  let seconds: number;
  try {
    seconds = parseDurationSeconds(value);
  } catch (error) {
    throw new PropValidationError(construct, prop, value, (error as Error).message);
  }
  if (seconds <= 0 || seconds > maxSeconds) {
    throw new PropValidationError(construct, prop, value, `use a duration above 0 and at most ${maxSeconds}s`);
  }
  return seconds;
}

function requireTarget(construct: string, prop: string, target: ChaosTarget): void {
  requireDnsLabel(construct, `${prop}.namespace`, target.namespace);
  if (isSystemNamespace(target.namespace)) {
    throw new PropValidationError(construct, `${prop}.namespace`, target.namespace, 'never target a system namespace');
  }
  if (Object.keys(target.labels).length === 0) {
    throw new PropValidationError(construct, `${prop}.labels`, target.labels, 'select pods by at least one label');
  }
  const mode = target.mode;
  if (mode.mode === 'fixed' && (!Number.isInteger(mode.count) || mode.count < 1 || mode.count > 5)) {
    throw new PropValidationError(construct, `${prop}.mode`, mode, 'use a fixed count from 1 to 5');
  }
  if (
    mode.mode === 'fixed-percent' &&
    (!Number.isInteger(mode.percent) || mode.percent < 1 || mode.percent > MAX_PERCENT)
  ) {
    throw new PropValidationError(construct, `${prop}.mode`, mode, `use a percentage from 1 to ${MAX_PERCENT}`);
  }
}

function requireRange(construct: string, prop: string, value: number, minimum: number, maximum: number): void {
  if (!Number.isFinite(value) || value < minimum || value > maximum) {
    throw new PropValidationError(construct, prop, value, `use a value from ${minimum} to ${maximum}`);
  }
}

/** Throws a PropValidationError naming the first bound the experiment breaks. */
export function validateExperiment(construct: string, experiment: ChaosExperiment): void {
  requireDnsSubdomain(construct, 'name', experiment.name);
  requireTarget(construct, 'target', experiment.target);
  requireBoundedDuration(construct, 'duration', experiment.duration, MAX_EXPERIMENT_DURATION_SECONDS);
  const fault = experiment.fault;
  switch (fault.kind) {
    case 'pod-kill':
      if (fault.gracePeriodSeconds !== undefined)
        requireRange(construct, 'fault.gracePeriodSeconds', fault.gracePeriodSeconds, 0, 300);
      return;
    case 'pod-failure':
      return;
    case 'cpu-stress':
      requireRange(construct, 'fault.workers', fault.workers, 1, 4);
      requireRange(construct, 'fault.load', fault.load, 1, 100);
      return;
    case 'memory-stress':
      requireRange(construct, 'fault.workers', fault.workers, 1, 4);
      if (!/^\d+(MB|GB|KB|%)$/.test(fault.size)) {
        throw new PropValidationError(construct, 'fault.size', fault.size, 'use a size like "256MB" or "50%"');
      }
      return;
    case 'network-delay':
      requireBoundedDuration(construct, 'fault.latency', fault.latency, 10);
      if (fault.jitter !== undefined) requireBoundedDuration(construct, 'fault.jitter', fault.jitter, 10);
      if (fault.peer) requireTarget(construct, 'fault.peer', fault.peer);
      return;
    case 'network-loss':
      requireRange(construct, 'fault.lossPercent', fault.lossPercent, 1, 100);
      if (fault.peer) requireTarget(construct, 'fault.peer', fault.peer);
      return;
    case 'network-partition':
      requireTarget(construct, 'fault.peer', fault.peer);
      return;
    case 'http-fault':
      requireRange(construct, 'fault.port', fault.port, 1, 65535);
      if ('delay' in fault.effect) requireBoundedDuration(construct, 'fault.effect.delay', fault.effect.delay, 30);
      if ('replaceCode' in fault.effect)
        requireRange(construct, 'fault.effect.replaceCode', fault.effect.replaceCode, 100, 599);
      return;
    default: {
      const unknown: never = fault;
      throw new PropValidationError(construct, 'fault', unknown, 'use one of the catalog fault kinds');
    }
  }
}

/** The Chaos Mesh kind of a fault. */
export function chaosKindOf(fault: ChaosFault): ChaosKind {
  switch (fault.kind) {
    case 'pod-kill':
    case 'pod-failure':
      return 'PodChaos';
    case 'cpu-stress':
    case 'memory-stress':
      return 'StressChaos';
    case 'network-delay':
    case 'network-loss':
    case 'network-partition':
      return 'NetworkChaos';
    case 'http-fault':
      return 'HTTPChaos';
  }
}
