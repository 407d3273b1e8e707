/**
 * The deterministic rule engine: classifies an incident from its evidence alone, always runs, and
 * is the verdict used whenever the model is absent, unreachable or invalid. Each rule reads only
 * structured fields (pod states, revisions, events, metrics), so untrusted text cannot steer it
 * beyond which pattern it matches; its proposal always targets the alerted workload.
 */
import type { Action } from '../../domain/action.js';
import type { Specialist } from '../../domain/diagnosis.js';
import type { Evidence } from '../evidence/evidence.js';
import type { PodSnapshot, ReplicaSetSnapshot } from '../../ports/cluster.js';
import {
  autoscalerOwned,
  cpuThrottling,
  creationRefused,
  generationMismatch,
  hungProcess,
  imagePull,
  pausedRollout,
  stuckRollout,
} from './shape-rules.js';
import type { Verdict } from './verdict.js';

export interface RuleInputs {
  readonly evidence: Evidence;
  readonly now: Date;
  readonly maxReplicas: number;
  /** A rollout younger than this counts as "recent" for the bad-rollout rule. */
  readonly recentRolloutMinutes?: number;
  /** Names of the incident's alerts (only compared with known names, e.g. CPUThrottlingHigh). */
  readonly alertnames?: readonly string[];
}

const CRASH_WAITING = new Set(['CrashLoopBackOff', 'Error', 'RunContainerError', 'CreateContainerError']);
const IMAGE_WAITING = new Set(['ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CreateContainerConfigError']);
const NODE_EVENTS = new Set(['FailedScheduling', 'NodeNotReady', 'Evicted', 'NodeLost', 'TaintManagerEviction']);
const DEPENDENCY =
  /connection refused|no such host|dial tcp|connection reset|i\/o timeout|deadline exceeded|upstream|unavailable: |could not connect|ECONNREFUSED|ENOTFOUND|503 Service Unavailable/i;
const DATABASE = /redis|postgres|mysql|mongo|sql|database|\bdb\b|:6379|:5432|:3306|:27017/i;

const restartsOf = (pod: PodSnapshot) => pod.containers.reduce((sum, container) => sum + container.restartCount, 0);
const waitingOf = (pod: PodSnapshot) =>
  pod.containers.flatMap((container) => (container.waitingReason ? [container.waitingReason] : []));
const isCrashing = (pod: PodSnapshot) =>
  waitingOf(pod).some((reason) => CRASH_WAITING.has(reason)) || restartsOf(pod) >= 3;
const cannotStart = (pod: PodSnapshot) => waitingOf(pod).some((reason) => IMAGE_WAITING.has(reason));
const isUnhealthy = (pod: PodSnapshot) => isCrashing(pod) || cannotStart(pod) || (!pod.ready && restartsOf(pod) > 0);

function none(reason: string): Action {
  return { type: 'none', reason };
}

function verdict(
  category: Verdict['category'],
  rootCause: string,
  confidence: number,
  findings: string[],
  specialists: Specialist[],
  action: Action,
): Verdict {
  return { category, rootCause, confidence, findings: findings.slice(0, 8), specialists, action };
}

/** Classifies the evidence. Pure and total. */
export function applyRules(inputs: RuleInputs): Verdict {
  const { evidence } = inputs;
  const target = evidence.target;
  const name = `${target.namespace}/${target.name}`;
  if (!evidence.deployment) {
    return verdict(
      'unknown',
      `The Deployment ${name} could not be read, so nothing can be concluded or changed.`,
      0.2,
      evidence.gaps.map((gap) => `${gap.source}: ${gap.reason}`),
      [],
      none('the Deployment could not be read'),
    );
  }
  const shape = { evidence, now: inputs.now, alertnames: inputs.alertnames ?? [] };
  return (
    pausedRollout(shape) ??
    creationRefused(shape) ??
    nodeTrouble(inputs) ??
    badRollout(inputs) ??
    generationMismatch(shape) ??
    memoryLeak(inputs) ??
    dependencyFailure(inputs) ??
    imagePull(shape) ??
    hungProcess(shape) ??
    crashLoop(inputs) ??
    stuckRollout(shape) ??
    cpuThrottling(shape) ??
    withAutoscaler(evidence, saturation(inputs)) ??
    verdict(
      'unknown',
      `No known failure pattern in the evidence for ${name}; a human should look.`,
      0.3,
      [`${evidence.pods.length} pods read, ${evidence.events.length} events, ${evidence.gaps.length} evidence gaps`],
      ['compute'],
      none('no rule matched the evidence'),
    )
  );
}

function withAutoscaler(evidence: Evidence, found: Verdict | null): Verdict | null {
  return found === null ? null : autoscalerOwned(evidence, found);
}

function nodeTrouble({ evidence }: RuleInputs): Verdict | null {
  const pending = evidence.pods.filter((pod) => pod.phase === 'Pending' && waitingOf(pod).length === 0);
  const nodeEvents = evidence.events.filter((event) => NODE_EVENTS.has(event.reason));
  const evicted = evidence.pods.filter((pod) => pod.reason === 'Evicted' || pod.reason === 'NodeLost');
  if (pending.length === 0 && evicted.length === 0 && nodeEvents.length === 0) return null;
  if (pending.length === 0 && evicted.length === 0 && !nodeEvents.some((event) => event.type === 'Warning'))
    return null;
  const findings = [
    ...(pending.length > 0 ? [`${pending.length} pods Pending (not scheduled)`] : []),
    ...(evicted.length > 0 ? [`${evicted.length} pods evicted or lost with their node`] : []),
    ...nodeEvents.slice(0, 3).map((event) => `event ${event.reason}: ${event.message.slice(0, 160)}`),
  ];
  return verdict(
    'node-trouble',
    `Pods of ${evidence.target.name} cannot be scheduled or lost their node; restarting or scaling the Deployment would not help.`,
    0.75,
    findings,
    ['compute'],
    none('node or scheduling trouble is outside what a Deployment action can fix'),
  );
}

function newestAndPrevious(replicaSets: readonly ReplicaSetSnapshot[]) {
  const ordered = [...replicaSets]
    .filter((set) => set.revision !== null)
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0));
  return { newest: ordered[0], previous: ordered[1] };
}

function badRollout({ evidence, now, recentRolloutMinutes = 120 }: RuleInputs): Verdict | null {
  const { newest, previous } = newestAndPrevious(evidence.replicaSets);
  if (!newest || !previous) return null;
  const deployment = evidence.deployment;
  const stalled =
    deployment?.status.conditions.some((condition) => condition.reason === 'ProgressDeadlineExceeded') ?? false;
  const newPods = evidence.pods.filter((pod) => pod.owner?.name === newest.name);
  const badNew = newPods.filter(isUnhealthy);
  const oldPods = evidence.pods.filter((pod) => pod.owner?.name === previous.name);
  const age = newest.createdAt ? (now.getTime() - Date.parse(newest.createdAt)) / 60_000 : Number.POSITIVE_INFINITY;
  const recent = age <= recentRolloutMinutes;
  const newMostlyBad = newPods.length > 0 && badNew.length * 2 >= newPods.length;
  if (!stalled && !(recent && newMostlyBad)) return null;
  if (oldPods.length > 0 && oldPods.filter(isUnhealthy).length * 2 >= oldPods.length) return null;
  const findings = [
    `revision ${newest.revision} (${newest.images.join(', ')}) rolled out ${Number.isFinite(age) ? `${Math.round(age)} min ago` : 'at an unknown time'}`,
    `${badNew.length}/${newPods.length} pods of the new ReplicaSet ${newest.name} unhealthy (${[...new Set(newPods.flatMap(waitingOf))].join(', ') || 'restarting'})`,
    `previous revision ${previous.revision} (${previous.images.join(', ')})`,
    ...(stalled ? ['Progressing condition: ProgressDeadlineExceeded'] : []),
  ];
  return verdict(
    'bad-rollout',
    `Revision ${newest.revision} of ${evidence.target.name} is failing since it rolled out; revision ${previous.revision} was healthy. Roll back to revision ${previous.revision}.`,
    stalled && newMostlyBad ? 0.9 : 0.8,
    findings,
    ['compute', ...(badNew.some(cannotStart) ? [] : (['network'] as Specialist[]))],
    { type: 'rollback', target: evidence.target, toRevision: previous.revision ?? undefined },
  );
}

function memoryLeak({ evidence }: RuleInputs): Verdict | null {
  const oom = evidence.pods.filter((pod) =>
    pod.containers.some((container) => container.lastTerminationReason === 'OOMKilled'),
  );
  const oomEvents = evidence.events.filter((event) => /OOMKill/i.test(event.reason));
  if (oom.length === 0 && oomEvents.length === 0) return null;
  return verdict(
    'memory-leak',
    `Containers of ${evidence.target.name} are killed for exceeding their memory limit (OOMKilled); a rolling restart frees memory while the leak is fixed.`,
    0.8,
    [
      `${oom.length} pods with last termination OOMKilled (restarts: ${oom.map(restartsOf).join(', ') || 'n/a'})`,
      ...oomEvents.slice(0, 2).map((event) => `event ${event.reason}: ${event.message.slice(0, 160)}`),
    ],
    ['compute'],
    { type: 'restart', target: evidence.target },
  );
}

function dependencyText(evidence: Evidence): string[] {
  return [
    ...evidence.logs.flatMap((log) => log.text.split('\n')),
    ...evidence.logLines.map((line) => line.line),
    ...evidence.events.filter((event) => event.type === 'Warning').map((event) => event.message),
  ].filter((line) => DEPENDENCY.test(line));
}

function dependencyFailure({ evidence }: RuleInputs): Verdict | null {
  const lines = dependencyText(evidence);
  if (lines.length === 0) return null;
  const specialists: Specialist[] = lines.some((line) => DATABASE.test(line)) ? ['network', 'database'] : ['network'];
  return verdict(
    'dependency-failure',
    `${evidence.target.name} fails because a dependency it calls is unreachable; it is a victim, so changing it would not help.`,
    0.7,
    [
      `${lines.length} log/event lines about an unreachable dependency`,
      ...lines.slice(0, 3).map((line) => `"${line.slice(0, 160)}"`),
    ],
    specialists,
    none('the alerted workload is a victim of a failing dependency'),
  );
}

function crashLoop({ evidence }: RuleInputs): Verdict | null {
  const crashing = evidence.pods.filter(isCrashing);
  const pulling = evidence.pods.filter(cannotStart);
  if (crashing.length === 0 && pulling.length === 0) return null;
  if (pulling.length > 0 && crashing.length === 0) {
    return verdict(
      'crash-loop',
      `Pods of ${evidence.target.name} cannot pull or create their container (${[...new Set(pulling.flatMap(waitingOf))].join(', ')}); a restart would not help.`,
      0.6,
      [`${pulling.length} pods cannot start`],
      ['compute'],
      none('image or container configuration problem without an older healthy revision'),
    );
  }
  return verdict(
    'crash-loop',
    `${crashing.length} pods of ${evidence.target.name} are crash-looping without a recent rollout; a rolling restart may clear a stuck state.`,
    0.55,
    crashing
      .slice(0, 3)
      .map(
        (pod) =>
          `${pod.name}: restarts ${restartsOf(pod)}, ${waitingOf(pod).join(', ') || 'no waiting reason'}, last exit ${pod.containers.map((c) => c.lastTerminationReason ?? '-').join('/')}`,
      ),
    ['compute'],
    { type: 'restart', target: evidence.target },
  );
}

function metricValue(evidence: Evidence, name: string): number | null {
  const reading = evidence.metrics.find((metric) => metric.name === name);
  const value = reading?.samples[0]?.value;
  return value === undefined || !Number.isFinite(value) ? null : value;
}

function saturation({ evidence, maxReplicas }: RuleInputs): Verdict | null {
  const deployment = evidence.deployment;
  if (!deployment) return null;
  const latency = metricValue(evidence, 'latency-p99-seconds');
  const cpu = metricValue(evidence, 'cpu-cores');
  const cpuPerPod = cpu !== null && deployment.status.readyReplicas > 0 ? cpu / deployment.status.readyReplicas : null;
  const slow = latency !== null && latency > 1;
  const busy = cpuPerPod !== null && cpuPerPod > 0.8 * cpuLimit(deployment.template);
  if (!slow && !busy) return null;
  const current = deployment.replicas;
  const desired = Math.min(Math.max(current * 2, 1), maxReplicas);
  const findings = [
    ...(latency !== null ? [`p99 latency ${latency.toFixed(2)} s`] : []),
    ...(cpuPerPod !== null ? [`CPU ${cpuPerPod.toFixed(2)} cores per ready pod`] : []),
    `${deployment.status.readyReplicas}/${current} replicas ready, no crash or rollout`,
  ];
  if (desired <= current) {
    return verdict(
      'saturation',
      `${evidence.target.name} is saturated and already at the replica maximum (${maxReplicas}).`,
      0.6,
      findings,
      ['compute', 'network'],
      none('already at the replica maximum'),
    );
  }
  return verdict(
    'saturation',
    `${evidence.target.name} is saturated (healthy pods, high load); scaling from ${current} to ${desired} replicas adds capacity.`,
    0.7,
    findings,
    ['compute', 'network'],
    { type: 'scale', target: evidence.target, replicas: desired },
  );
}

/** CPU limit (cores) of the first container with one, else 1 core. */
function cpuLimit(template: Readonly<Record<string, unknown>>): number {
  const spec = template['spec'] as { containers?: { resources?: { limits?: { cpu?: string } } }[] } | undefined;
  const raw = spec?.containers?.find((container) => container.resources?.limits?.cpu)?.resources?.limits?.cpu;
  if (!raw) return 1;
  const value = raw.endsWith('m') ? Number(raw.slice(0, -1)) / 1000 : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : 1;
}
