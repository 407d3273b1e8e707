/**
 * The kube-prometheus-stack default alerts and the project's own, as they arrive (standard-alert.ts):
 * at least one scenario per row of docs/alerts.md (eval/coverage.test.ts checks it), the human-only
 * rows included, and notifications that group several alerts.
 */
import type { EvalExpectation, EvalScenario, WorldStep } from '../scenario.js';
import {
  autoscaler,
  ALLOWED_NAMESPACE as ns,
  advance,
  alert,
  crashingRelease,
  deploy,
  expectThat,
  fault,
  release,
} from './builders.js';
import { podOf, standardAlert } from './standard-alert.js';

const pause = (name: string): WorldStep => ({ kind: 'pause', name });
/** kube-state-metrics' HPA info series: an HPA whose scaleTargetRef is `deployment`. */
export const hpaTargets = (deployment: string, hpa = `${deployment}-hpa`): WorldStep => ({
  kind: 'series',
  query: `^kube_horizontalpodautoscaler_info\\{.*scaletargetref_name="${deployment}"`,
  samples: [
    {
      metric: {
        namespace: ns,
        horizontalpodautoscaler: hpa,
        scaletargetref_kind: 'Deployment',
        scaletargetref_name: deployment,
      },
      value: 1,
    },
  ],
});
/** cAdvisor's CFS throttling ratio for `deployment`'s containers. */
export const throttled = (deployment: string, ratio: number): WorldStep => ({
  kind: 'series',
  query: `container_cpu_cfs_throttled_periods_total\\{.*pod=~"${deployment}-`,
  samples: [{ metric: {}, value: ratio }],
});
const human = (...mentions: string[]): EvalExpectation => ({
  ...expectThat(null, null, 'none', 'needs-human'),
  mentions,
});
const pending = (name: string): WorldStep[] => [
  deploy(name, 1),
  fault({
    kind: 'unschedulable',
    match: { namespace: ns, deployment: name },
    message: '0/2 nodes are available: 2 Insufficient cpu.',
  }),
  release(name, `${name}:v2`),
  advance(120),
];
const quiet = (seconds = 7_300): WorldStep => advance(seconds);

/** A human-only alert: recognised, nothing read or written, the reason names the alert and the object. */
function humanOnly(
  alertname: string,
  values: Record<string, string>,
  description: string,
  object?: string,
): EvalScenario {
  return {
    id: `human-${alertname
      .replace(/^Kube/, '')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
      .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
      .toLowerCase()}`,
    group: 'not-a-deployment',
    description,
    world: [deploy('cartservice', 2)],
    alert: standardAlert(alertname, values),
    expect: human(alertname, ...(object === undefined ? [] : [object])),
  };
}

export const STANDARD_ALERT_SCENARIOS: readonly EvalScenario[] = [
  {
    id: 'kps-crashlooping-bad-rollout',
    group: 'standard-alerts',
    description: 'KubePodCrashLooping on a pod of cart v2 (v1 healthy): resolved through the pod owner, rolled back',
    world: crashingRelease('cartservice', 2, ['panic: missing REDIS_ADDR']),
    alert: standardAlert('KubePodCrashLooping', {
      pod: podOf('cartservice'),
      container: 'server',
      reason: 'CrashLoopBackOff',
    }),
    expect: expectThat('bad-rollout', 'cartservice', 'rollback', 'acted'),
  },
  {
    id: 'kps-crashlooping-no-rollout',
    group: 'standard-alerts',
    description: 'KubePodCrashLooping with no rollout (transient crash): restart',
    world: [
      deploy('emailservice', 2),
      fault({
        kind: 'crash-loop',
        match: { namespace: ns, deployment: 'emailservice' },
        transient: true,
        logLines: ['panic: nil pointer dereference'],
      }),
      advance(150),
    ],
    alert: standardAlert('KubePodCrashLooping', {
      pod: podOf('emailservice'),
      container: 'server',
      reason: 'CrashLoopBackOff',
    }),
    expect: expectThat('crash-loop', 'emailservice', 'restart', 'acted'),
  },
  {
    id: 'kps-podnotready-hung',
    group: 'standard-alerts',
    description:
      'KubePodNotReady: currency pods run but stop answering readiness, no restart, no rollout for 2 h (hung)',
    world: [
      deploy('currencyservice', 2),
      quiet(),
      fault({ kind: 'never-ready', match: { namespace: ns, deployment: 'currencyservice' }, transient: true }),
      advance(60),
    ],
    alert: standardAlert('KubePodNotReady', { pod: podOf('currencyservice') }),
    expect: expectThat('hung-process', 'currencyservice', 'restart', 'acted'),
  },
  {
    id: 'kps-podnotready-pending',
    group: 'standard-alerts',
    description: 'KubePodNotReady on a Pending pod that cannot be scheduled: needs a human',
    world: pending('loadgenerator'),
    alert: standardAlert('KubePodNotReady', { pod: podOf('loadgenerator') }),
    expect: expectThat('node-trouble', 'loadgenerator', 'none', 'needs-human'),
  },
  {
    id: 'kps-generation-mismatch-bad-rollout',
    group: 'standard-alerts',
    description: 'KubeDeploymentGenerationMismatch during a failing rollout (the exporter pod in `pod`): rollback',
    world: crashingRelease('productcatalogservice', 2),
    alert: standardAlert('KubeDeploymentGenerationMismatch', { deployment: 'productcatalogservice' }),
    expect: expectThat('bad-rollout', 'productcatalogservice', 'rollback', 'acted'),
  },
  {
    id: 'kps-generation-mismatch-paused',
    group: 'standard-alerts',
    description: 'KubeDeploymentGenerationMismatch on a paused Deployment with a pending release: nothing to write',
    world: [deploy('adservice', 2), pause('adservice'), release('adservice', 'adservice:v2'), advance(60)],
    alert: standardAlert('KubeDeploymentGenerationMismatch', { deployment: 'adservice' }),
    expect: { ...expectThat('rollout-stuck', 'adservice', 'none', 'needs-human'), mentions: ['paused'] },
  },
  {
    id: 'kps-replicas-mismatch-bad-rollout',
    group: 'standard-alerts',
    description: 'KubeDeploymentReplicasMismatch after checkout v2 crashes: rollback',
    world: crashingRelease('checkoutservice', 3),
    alert: standardAlert('KubeDeploymentReplicasMismatch', { deployment: 'checkoutservice' }),
    expect: expectThat('bad-rollout', 'checkoutservice', 'rollback', 'acted'),
  },
  {
    id: 'kps-replicas-mismatch-pending',
    group: 'standard-alerts',
    description: 'KubeDeploymentReplicasMismatch while new pods cannot be scheduled: needs a human',
    world: pending('shippingservice'),
    alert: standardAlert('KubeDeploymentReplicasMismatch', { deployment: 'shippingservice' }),
    expect: expectThat('node-trouble', 'shippingservice', 'none', 'needs-human'),
  },
  {
    id: 'kps-rollout-stuck-rollback',
    group: 'standard-alerts',
    description:
      'KubeDeploymentRolloutStuck: frontend v2 image cannot be pulled past the progress deadline, v1 healthy',
    world: [
      deploy('frontend', 3),
      fault({ kind: 'image-pull', match: { namespace: ns, image: 'frontend:v2-typo' } }),
      release('frontend', 'frontend:v2-typo'),
      advance(700),
    ],
    alert: standardAlert('KubeDeploymentRolloutStuck', {
      deployment: 'frontend',
      condition: 'Progressing',
      status: 'false',
    }),
    expect: expectThat('bad-rollout', 'frontend', 'rollback', 'acted'),
  },
  {
    id: 'kps-rollout-stuck-first-revision',
    group: 'standard-alerts',
    description: 'KubeDeploymentRolloutStuck on a first rollout whose pods never get ready: nothing to roll back to',
    world: [
      fault({ kind: 'never-ready', match: { namespace: ns, deployment: 'recommendationservice' } }),
      deploy('recommendationservice', 2),
      advance(700),
    ],
    alert: standardAlert('KubeDeploymentRolloutStuck', {
      deployment: 'recommendationservice',
      condition: 'Progressing',
      status: 'false',
    }),
    expect: expectThat('rollout-stuck', 'recommendationservice', 'none', 'needs-human'),
  },
  {
    id: 'kps-container-waiting-image',
    group: 'standard-alerts',
    description: 'KubeContainerWaiting (ImagePullBackOff) on the only revision: a restart pulls the same image',
    world: [
      fault({ kind: 'image-pull', match: { namespace: ns, image: 'paymentservice:v1' } }),
      deploy('paymentservice', 2),
      advance(120),
    ],
    alert: standardAlert('KubeContainerWaiting', {
      pod: podOf('paymentservice'),
      container: 'server',
      reason: 'ImagePullBackOff',
    }),
    expect: { ...expectThat('image-pull', 'paymentservice', 'none', 'needs-human'), mentions: ['ImagePullBackOff'] },
  },
  {
    id: 'kps-container-waiting-release',
    group: 'standard-alerts',
    description:
      'KubeContainerWaiting on a pod of a new revision that cannot pull its image, the old one healthy: rollback',
    world: [
      deploy('adservice', 3),
      fault({ kind: 'image-pull', match: { namespace: ns, image: 'adservice:v2-typo' } }),
      release('adservice', 'adservice:v2-typo'),
      advance(150),
    ],
    alert: standardAlert('KubeContainerWaiting', {
      pod: podOf('adservice'),
      container: 'server',
      reason: 'ErrImagePull',
    }),
    expect: expectThat('bad-rollout', 'adservice', 'rollback', 'acted'),
  },
  {
    id: 'kps-throttling-tight-limit',
    group: 'standard-alerts',
    description: 'CPUThrottlingHigh while CPU use is far below the limit: a tight limit, not load; no scale',
    world: [deploy('currencyservice', 2), throttled('currencyservice', 0.6), advance(60)],
    alert: standardAlert(
      'CPUThrottlingHigh',
      {
        pod: podOf('currencyservice'),
        container: 'server',
        instance: '192.168.1.10:10250',
        service: 'kube-prometheus-stack-kubelet',
      },
      '0.6',
    ),
    expect: expectThat('cpu-throttling', 'currencyservice', 'none', 'needs-human'),
  },
  {
    id: 'kps-throttling-saturated',
    group: 'standard-alerts',
    description: 'CPUThrottlingHigh on frontend at its CPU limit under load with high latency: real saturation, scale',
    world: [
      deploy('frontend', 3),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'frontend', demandCores: 1.6 }),
      throttled('frontend', 0.7),
      advance(60),
    ],
    alert: standardAlert(
      'CPUThrottlingHigh',
      {
        pod: podOf('frontend'),
        container: 'server',
        instance: '192.168.1.10:10250',
        service: 'kube-prometheus-stack-kubelet',
      },
      '0.7',
    ),
    expect: expectThat('saturation', 'frontend', 'scale', 'acted', 6),
  },
  {
    id: 'kps-throttling-without-prometheus',
    group: 'standard-alerts',
    description:
      'CPUThrottlingHigh with no PromQL configured: the agent says it cannot tell throttling from saturation',
    world: [
      deploy('frontend', 3),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'frontend', demandCores: 1.6 }),
      advance(60),
    ],
    alert: standardAlert('CPUThrottlingHigh', {
      pod: podOf('frontend'),
      container: 'server',
      instance: '192.168.1.10:10250',
      service: 'kube-prometheus-stack-kubelet',
    }),
    withoutPrometheus: true,
    expect: { ...expectThat('cpu-throttling', 'frontend', 'none', 'needs-human'), mentions: ['cannot tell'] },
  },
  {
    id: 'own-cpu-saturated-hpa',
    group: 'standard-alerts',
    description: 'DeploymentCPUSaturated on frontend whose replicas an HPA owns: no scale, the HPA named',
    world: [
      deploy('frontend', 3),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'frontend', demandCores: 1.6 }),
      hpaTargets('frontend'),
      advance(60),
    ],
    alert: alert('DeploymentCPUSaturated', 'frontend', { labels: { ai4all_action: 'scale', severity: 'warning' } }),
    expect: { ...expectThat('saturation', 'frontend', 'none', 'needs-human'), mentions: ['frontend-hpa'] },
  },
  {
    id: 'own-cpu-saturated-hpa-api',
    group: 'standard-alerts',
    description:
      'DeploymentCPUSaturated on frontend whose HPA is seen only through the API (no kube-state-metrics series): no scale',
    world: [
      deploy('frontend', 3),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'frontend', demandCores: 1.6 }),
      autoscaler('frontend', 3, 3),
      advance(60),
    ],
    alert: alert('DeploymentCPUSaturated', 'frontend', { labels: { ai4all_action: 'scale', severity: 'warning' } }),
    expect: { ...expectThat('saturation', 'frontend', 'none', 'needs-human'), mentions: ['frontend-autoscaler'] },
  },
  {
    id: 'own-budget-burn-slow-dependency',
    group: 'standard-alerts',
    description: 'DeploymentErrorBudgetBurnSlow on cart while redis is unreachable: a victim, no action',
    world: [
      deploy('cartservice', 2),
      fault({
        kind: 'error-rate',
        namespace: ns,
        deployment: 'cartservice',
        ratio: 0.2,
        logLines: ['error: GetCart failed: dial tcp 10.43.12.7:6379: connect: connection refused'],
      }),
      advance(60),
    ],
    alert: alert('DeploymentErrorBudgetBurnSlow', 'cartservice', { labels: { severity: 'warning' } }),
    expect: expectThat('dependency-failure', 'cartservice', 'none', 'no-action'),
  },
  // Recognised, never acted on.
  humanOnly(
    'KubeStatefulSetReplicasMismatch',
    { statefulset: 'redis-cart' },
    'redis-cart StatefulSet short of replicas',
    'StatefulSet',
  ),
  humanOnly(
    'KubeStatefulSetGenerationMismatch',
    { statefulset: 'redis-cart' },
    'StatefulSet update not observed',
    'StatefulSet',
  ),
  humanOnly(
    'KubeStatefulSetUpdateNotRolledOut',
    { statefulset: 'redis-cart' },
    'StatefulSet update stuck',
    'StatefulSet',
  ),
  humanOnly('KubeDaemonSetRolloutStuck', { daemonset: 'log-agent' }, 'DaemonSet rollout stuck', 'DaemonSet'),
  humanOnly('KubeDaemonSetNotScheduled', { daemonset: 'log-agent' }, 'DaemonSet pods not scheduled', 'DaemonSet'),
  humanOnly('KubeDaemonSetMisScheduled', { daemonset: 'log-agent' }, 'DaemonSet pods misscheduled', 'DaemonSet'),
  humanOnly('KubeJobNotCompleted', { job_name: 'nightly-export' }, 'a Job running for 12 h', 'Job'),
  humanOnly('KubeJobFailed', { job_name: 'nightly-export', condition: 'true' }, 'a failed Job', 'Job'),
  humanOnly(
    'KubeHpaReplicasMismatch',
    { horizontalpodautoscaler: 'frontend' },
    'HPA cannot reach its desired replicas',
    'HorizontalPodAutoscaler',
  ),
  humanOnly(
    'KubeHpaMaxedOut',
    { horizontalpodautoscaler: 'frontend' },
    'HPA at maxReplicas: scaling the Deployment would fight it',
    'fight',
  ),
  humanOnly(
    'KubePdbNotEnoughHealthyPods',
    { poddisruptionbudget: 'cartservice' },
    'PDB short of healthy pods',
    'PodDisruptionBudget',
  ),
  humanOnly('KubeCPUOvercommit', {}, 'cluster CPU overcommitted (no namespace)', 'cluster'),
  humanOnly('KubeMemoryOvercommit', {}, 'cluster memory overcommitted (no namespace)', 'cluster'),
  humanOnly('KubeCPUQuotaOvercommit', {}, 'quotas promise more CPU than the cluster has', 'cluster'),
  humanOnly('KubeMemoryQuotaOvercommit', {}, 'quotas promise more memory than the cluster has', 'cluster'),
  humanOnly(
    'KubeQuotaAlmostFull',
    { resource: 'requests.cpu', resourcequota: 'shop-quota' },
    'namespace quota at 92%',
    'ResourceQuota',
  ),
  humanOnly(
    'KubeQuotaFullyUsed',
    { resource: 'requests.cpu', resourcequota: 'shop-quota' },
    'namespace quota at 100%',
    'ResourceQuota',
  ),
  humanOnly(
    'KubeQuotaExceeded',
    { resource: 'pods', resourcequota: 'shop-quota' },
    'namespace quota exceeded',
    'ResourceQuota',
  ),
  humanOnly(
    'KubePersistentVolumeFillingUp',
    {
      persistentvolumeclaim: 'redis-data',
      instance: '192.168.1.10:10250',
      job: 'kubelet',
      service: 'kube-prometheus-stack-kubelet',
      endpoint: 'https-metrics',
    },
    'a volume almost full',
    'PersistentVolumeClaim',
  ),
  humanOnly(
    'KubePersistentVolumeInodesFillingUp',
    {
      persistentvolumeclaim: 'redis-data',
      instance: '192.168.1.10:10250',
      job: 'kubelet',
      service: 'kube-prometheus-stack-kubelet',
      endpoint: 'https-metrics',
    },
    'a volume out of inodes',
    'PersistentVolumeClaim',
  ),
  humanOnly(
    'KubePersistentVolumeErrors',
    { persistentvolume: 'pvc-3f1c', phase: 'Failed', namespace: 'monitoring' },
    'a PersistentVolume failed',
    'PersistentVolume',
  ),
  humanOnly('TargetDown', { job: 'cartservice', service: 'cartservice' }, '10% of a scrape job down', 'Service'),
  humanOnly('Watchdog', {}, 'the always-firing Watchdog, if it ever reached the agent'),
  humanOnly('InfoInhibitor', {}, 'InfoInhibitor, if it ever reached the agent'),
  // Notifications grouping several alerts (Alertmanager groups by alertname and namespace).
  {
    id: 'group-crashlooping-two-pods',
    group: 'alert-groups',
    description: 'one KubePodCrashLooping notification for two pods of cart v2: one incident, one rollback',
    world: crashingRelease('cartservice', 2),
    alert: standardAlert('KubePodCrashLooping', {
      pod: podOf('cartservice'),
      container: 'server',
      reason: 'CrashLoopBackOff',
    }),
    groupedWith: [
      standardAlert('KubePodCrashLooping', {
        pod: podOf('cartservice', 1),
        container: 'server',
        reason: 'CrashLoopBackOff',
      }),
    ],
    expect: expectThat('bad-rollout', 'cartservice', 'rollback', 'acted'),
  },
  {
    id: 'group-crashlooping-two-workloads',
    group: 'alert-groups',
    description:
      'KubePodCrashLooping for cart v2 and a healthy email pod in one notification: only cart is rolled back',
    world: [...crashingRelease('cartservice', 2), deploy('emailservice', 2)],
    alert: standardAlert('KubePodCrashLooping', {
      pod: podOf('cartservice'),
      container: 'server',
      reason: 'CrashLoopBackOff',
    }),
    groupedWith: [
      standardAlert('KubePodCrashLooping', {
        pod: podOf('emailservice'),
        container: 'server',
        reason: 'CrashLoopBackOff',
      }),
    ],
    expect: expectThat('bad-rollout', 'cartservice', 'rollback', 'acted'),
  },
  {
    id: 'group-quota-exceeded',
    group: 'alert-groups',
    description: 'KubeQuotaExceeded for CPU and memory of one quota: human only, nothing read or written',
    world: [deploy('cartservice', 2)],
    alert: standardAlert('KubeQuotaExceeded', { resource: 'requests.cpu', resourcequota: 'shop-quota' }),
    groupedWith: [standardAlert('KubeQuotaExceeded', { resource: 'requests.memory', resourcequota: 'shop-quota' })],
    expect: human('KubeQuotaExceeded', 'ResourceQuota'),
  },
  {
    id: 'group-podnotready-pending',
    group: 'alert-groups',
    description: 'KubePodNotReady for a Pending pod and a healthy pod of the same workload',
    world: [
      deploy('loadgenerator', 2),
      fault({
        kind: 'unschedulable',
        match: { namespace: ns, deployment: 'loadgenerator' },
        message: '0/2 nodes are available: 2 Insufficient cpu.',
      }),
      release('loadgenerator', 'loadgenerator:v2'),
      advance(120),
    ],
    alert: standardAlert('KubePodNotReady', { pod: podOf('loadgenerator') }),
    groupedWith: [standardAlert('KubePodNotReady', { pod: podOf('loadgenerator', 1) })],
    expect: expectThat('node-trouble', 'loadgenerator', 'none', 'needs-human'),
  },
];
