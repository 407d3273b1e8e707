/**
 * Rules for the failure shapes the kube-prometheus-stack alerts stand for beyond the original six
 * (docs/alerts.md): a paused or stuck rollout, a generation the controller has not observed, image
 * pull errors, a hung process (pods running but never ready, no restarts, no rollout), CPU
 * throttling versus real saturation, and a Deployment whose replicas an HPA owns. Pure and total;
 * each reads structured evidence only. Thresholds are the constants below (documented in README.md).
 */
import type { Action } from '../../domain/action.js';
import type { Specialist } from '../../domain/diagnosis.js';
import type { Evidence } from '../evidence/evidence.js';
import type { PodSnapshot } from '../../ports/cluster.js';
import type { Verdict } from './verdict.js';

/** A pod must have been up this long, running and never ready with no restart, to count as hung. */
export const HUNG_POD_MINUTES = 10;
/** The newest ReplicaSet must be older than this for "no rollout" (same window as the bad-rollout rule). */
export const ROLLOUT_QUIET_MINUTES = 120;
/** CFS throttling ratio the chart's CPUThrottlingHigh fires at. */
export const THROTTLED_RATIO = 0.25;
/** CPU per ready pod at or above this share of the limit is real saturation, below it throttling. */
export const SATURATED_SHARE = 0.8;

export const IMAGE_WAITING = new Set([
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'ErrImageNeverPull',
  'CreateContainerConfigError',
]);

export interface ShapeInputs {
  readonly evidence: Evidence;
  readonly now: Date;
  /** Names of the incident's alerts (trusted: matched against known names only). */
  readonly alertnames: readonly string[];
}

const none = (reason: string): Action => ({ type: 'none', reason });
const restartsOf = (pod: PodSnapshot) => pod.containers.reduce((sum, container) => sum + container.restartCount, 0);
const waitingOf = (pod: PodSnapshot) =>
  pod.containers.flatMap((container) => (container.waitingReason ? [container.waitingReason] : []));
const minutesSince = (now: Date, iso: string | null) =>
  iso === null ? Number.POSITIVE_INFINITY : (now.getTime() - Date.parse(iso)) / 60_000;

function verdict(
  category: Verdict['category'],
  rootCause: string,
  confidence: number,
  findings: string[],
  action: Action,
  specialists: Specialist[] = ['compute'],
): Verdict {
  return { category, rootCause, confidence, findings: findings.slice(0, 8), specialists, action };
}

/** A paused Deployment: nothing rolls out until a human resumes it, so no write can help. */
export function pausedRollout({ evidence }: ShapeInputs): Verdict | null {
  const deployment = evidence.deployment;
  if (!deployment?.paused) return null;
  return verdict(
    'rollout-stuck',
    `${evidence.target.name} is paused (spec.paused): the controller rolls nothing out, so a restart or rollback would not take effect; a human resumes or reverts it.`,
    0.85,
    [`spec.paused=true, generation ${deployment.generation}, observed ${deployment.status.observedGeneration}`],
    none('the Deployment is paused; a human must resume it'),
  );
}

/** Warning events that say pod creation is refused: a ResourceQuota or an admission policy. */
const REFUSED = /exceeded quota|forbidden/i;

/**
 * Pods that cannot even be created (FailedCreate: a ResourceQuota exceeded, admission refusing the
 * pod): no Deployment write changes that, and scaling up would be refused the same way.
 */
export function creationRefused({ evidence }: ShapeInputs): Verdict | null {
  const refused = evidence.events.filter(
    (event) => event.type === 'Warning' && event.reason === 'FailedCreate' && REFUSED.test(event.message),
  );
  if (refused.length === 0) return null;
  const quota = refused.some((event) => /exceeded quota/i.test(event.message));
  return verdict(
    'node-trouble',
    `New pods of ${evidence.target.name} are refused at creation (${quota ? 'a ResourceQuota is exceeded' : 'admission forbids them'}); no restart, scale or rollback gets them created, a human raises the quota or fixes the pod spec.`,
    0.8,
    refused.slice(0, 3).map((event) => `event FailedCreate on ${event.involvedName}: ${event.message.slice(0, 160)}`),
    none(quota ? 'a ResourceQuota refuses new pods' : 'admission refuses new pods'),
  );
}

/** The controller has not observed the latest spec (controller down, admission refusing the update). */
export function generationMismatch({ evidence }: ShapeInputs): Verdict | null {
  const deployment = evidence.deployment;
  if (!deployment || deployment.status.observedGeneration >= deployment.generation) return null;
  return verdict(
    'rollout-stuck',
    `The Deployment controller has not observed generation ${deployment.generation} of ${evidence.target.name} (observed ${deployment.status.observedGeneration}); a write of the agent would not be observed either.`,
    0.75,
    [
      `metadata.generation ${deployment.generation} ≠ status.observedGeneration ${deployment.status.observedGeneration}`,
    ],
    none('the Deployment controller is not observing this Deployment'),
  );
}

/** Progressing=False (ProgressDeadlineExceeded) that the bad-rollout rule could not fix by rollback. */
export function stuckRollout({ evidence }: ShapeInputs): Verdict | null {
  const condition = evidence.deployment?.status.conditions.find(
    (item) => item.type === 'Progressing' && item.reason === 'ProgressDeadlineExceeded',
  );
  if (!condition) return null;
  const revisions = evidence.replicaSets.filter((set) => set.revision !== null).length;
  return verdict(
    'rollout-stuck',
    `The rollout of ${evidence.target.name} exceeded its progress deadline and there is no healthy previous revision to return to (${revisions} revision(s) known); a restart would stall the same way.`,
    0.75,
    [`Progressing: ProgressDeadlineExceeded${condition.message ? ` (${condition.message.slice(0, 160)})` : ''}`],
    none('the rollout is stuck with nothing healthy to roll back to'),
  );
}

/** Containers that cannot pull or create their image, with no healthy revision to return to. */
export function imagePull({ evidence }: ShapeInputs): Verdict | null {
  const pulling = evidence.pods.filter((pod) => waitingOf(pod).some((reason) => IMAGE_WAITING.has(reason)));
  // Pods crash-looping beside them: the crash-loop rule decides.
  if (pulling.length === 0 || evidence.pods.some((pod) => waitingOf(pod).includes('CrashLoopBackOff'))) return null;
  const reasons = [...new Set(pulling.flatMap(waitingOf).filter((reason) => IMAGE_WAITING.has(reason)))];
  const images = [...new Set(pulling.flatMap((pod) => pod.containers.map((container) => container.image)))];
  return verdict(
    'image-pull',
    `Pods of ${evidence.target.name} cannot start their container (${reasons.join(', ')}; image ${images.join(', ')}); a restart pulls the same image and there is no healthy previous revision, so a human must fix the image or its configuration.`,
    0.8,
    [
      `${pulling.length} pods waiting: ${reasons.join(', ')}`,
      ...pulling
        .flatMap((pod) => pod.containers.map((container) => container.waitingMessage))
        .filter((message): message is string => message !== null)
        .slice(0, 2)
        .map((message) => `"${message.slice(0, 160)}"`),
    ],
    none('the image cannot be pulled or the container not created'),
  );
}

/**
 * A hung process: pods Running for at least HUNG_POD_MINUTES, not ready, no restart and no waiting
 * reason, while no rollout happened within ROLLOUT_QUIET_MINUTES. The process is alive but stuck
 * (deadlock, exhausted pool): a rolling restart replaces it.
 */
export function hungProcess({ evidence, now }: ShapeInputs): Verdict | null {
  const deployment = evidence.deployment;
  if (!deployment) return null;
  const newest = evidence.replicaSets[0];
  if (newest && minutesSince(now, newest.createdAt) < ROLLOUT_QUIET_MINUTES) return null;
  if (deployment.status.updatedReplicas < deployment.replicas) return null;
  const hung = evidence.pods.filter(
    (pod) =>
      pod.phase === 'Running' &&
      !pod.ready &&
      restartsOf(pod) === 0 &&
      waitingOf(pod).length === 0 &&
      minutesSince(now, pod.createdAt) >= HUNG_POD_MINUTES,
  );
  if (hung.length === 0) return null;
  return verdict(
    'hung-process',
    `${hung.length} pod(s) of ${evidence.target.name} run but never became ready, without a restart or a rollout: the process is alive but stuck; a rolling restart replaces it.`,
    0.7,
    [
      `${hung.length}/${evidence.pods.length} pods Running, not ready, 0 restarts, up ≥ ${HUNG_POD_MINUTES} min`,
      `newest revision ${newest?.revision ?? '?'} rolled out ${newest?.createdAt ? `${Math.round(minutesSince(now, newest.createdAt))} min ago` : 'at an unknown time'}`,
    ],
    { type: 'restart', target: evidence.target },
  );
}

function metric(evidence: Evidence, name: string): { read: boolean; value: number | null; count: number } {
  const reading = evidence.metrics.find((item) => item.name === name);
  const value = reading?.samples[0]?.value;
  return {
    read: reading !== undefined,
    value: value === undefined || !Number.isFinite(value) ? null : value,
    count: reading?.samples.length ?? 0,
  };
}

/** CPU limit (cores) of the first container with one; null when none is set. */
export function cpuLimitCores(template: Readonly<Record<string, unknown>>): number | null {
  const spec = template['spec'] as { containers?: { resources?: { limits?: { cpu?: string } } }[] } | undefined;
  const raw = spec?.containers?.find((container) => container.resources?.limits?.cpu)?.resources?.limits?.cpu;
  if (!raw) return null;
  const value = raw.endsWith('m') ? Number(raw.slice(0, -1)) / 1000 : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * CPUThrottlingHigh: throttling with CPU per pod below SATURATED_SHARE of the limit is a limit too
 * tight for bursts (more replicas would be throttled the same) → a human raises it. At or above it,
 * the saturation rule decides (scale). Without PromQL the two cannot be told apart: say so.
 */
export function cpuThrottling({ evidence, alertnames }: ShapeInputs): Verdict | null {
  if (!alertnames.includes('CPUThrottlingHigh')) return null;
  const deployment = evidence.deployment;
  if (!deployment) return null;
  const throttled = metric(evidence, 'cpu-throttled-ratio');
  const cpu = metric(evidence, 'cpu-cores');
  const limit = cpuLimitCores(deployment.template);
  const ready = deployment.status.readyReplicas;
  if (throttled.value === null || cpu.value === null || limit === null || ready === 0) {
    const missing = [
      ...(evidence.metrics.length === 0 ? ['no PromQL is configured'] : []),
      ...(evidence.metrics.length > 0 && throttled.value === null ? ['no CFS throttling series'] : []),
      ...(evidence.metrics.length > 0 && cpu.value === null ? ['no CPU usage series'] : []),
      ...(limit === null ? ['no CPU limit on the pod template'] : []),
    ];
    return verdict(
      'cpu-throttling',
      `CPUThrottlingHigh for ${evidence.target.name}, but the agent cannot tell throttling by a tight limit from real saturation (${missing.join(', ') || 'no ready pods'}); a human should look before anything is scaled.`,
      0.5,
      [`missing: ${missing.join(', ') || 'ready pods'}`],
      none('cannot tell CPU throttling from saturation without metrics'),
    );
  }
  const share = cpu.value / ready / limit;
  if (share >= SATURATED_SHARE) return null;
  return verdict(
    'cpu-throttling',
    `${evidence.target.name} is throttled (${Math.round(throttled.value * 100)}% of CFS periods) while using ${Math.round(share * 100)}% of its ${limit}-core CPU limit on average: the limit is too tight for its bursts, not a lack of replicas; a human raises the limit.`,
    0.75,
    [
      `CFS throttled ratio ${throttled.value.toFixed(2)} (alert threshold ${THROTTLED_RATIO})`,
      `CPU ${(cpu.value / ready).toFixed(2)} cores per ready pod, limit ${limit} (${Math.round(share * 100)}% < ${SATURATED_SHARE * 100}%)`,
    ],
    none('CPU throttling by the limit, not saturation: more replicas would be throttled the same'),
  );
}

/**
 * A scale verdict on a Deployment an HPA owns becomes no action: scaling it would fight the HPA.
 * Owners come from the API (evidence.autoscalers) and from kube-state-metrics (hpa-targets), so
 * either source alone is enough.
 */
export function autoscalerOwned(evidence: Evidence, verdictSoFar: Verdict): Verdict {
  if (verdictSoFar.action.type !== 'scale') return verdictSoFar;
  const hpa = evidence.metrics.find((item) => item.name === 'hpa-targets');
  const fromMetrics = (hpa?.samples ?? []).map((sample) => sample.labels['horizontalpodautoscaler'] ?? '?');
  const names = [...new Set([...evidence.autoscalers.map((autoscaler) => autoscaler.name), ...fromMetrics])];
  if (names.length === 0) return verdictSoFar;
  const bounds = evidence.autoscalers.map(
    (autoscaler) =>
      `HPA ${autoscaler.name}: ${autoscaler.minReplicas ?? 1}–${autoscaler.maxReplicas} replicas, desired ${autoscaler.desiredReplicas ?? '?'}`,
  );
  return {
    ...verdictSoFar,
    rootCause: `${verdictSoFar.rootCause} But the HorizontalPodAutoscaler ${names.join(', ')} owns the replica count of ${evidence.target.name}: scaling it directly would fight the HPA; a human raises its maxReplicas or finds the load.`,
    findings: [...verdictSoFar.findings, `HPA ${names.join(', ')} targets this Deployment`, ...bounds].slice(0, 8),
    action: none('an HPA owns the replica count'),
  };
}
