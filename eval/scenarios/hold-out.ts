/**
 * Hold-out scenarios: written after the rules of issue 15 were finished and never used to change
 * them. Their score is reported apart (`npm run eval`: the "hold-out" rows); a miss here is a finding
 * about the rules, to be fixed by a new development scenario first, not by editing these.
 */
import type { EvalScenario } from '../scenario.js';
import { ALLOWED_NAMESPACE as ns, advance, deploy, expectThat, fault, release } from './builders.js';
import { podOf, standardAlert } from './standard-alert.js';

const hold = (scenario: Omit<EvalScenario, 'holdOut' | 'group'> & { group?: EvalScenario['group'] }): EvalScenario => ({
  group: 'standard-alerts',
  ...scenario,
  holdOut: true,
});

export const HOLD_OUT_SCENARIOS: readonly EvalScenario[] = [
  hold({
    id: 'hold-crashlooping-oom',
    description: 'KubePodCrashLooping on recommendation pods that leak memory and are OOMKilled',
    world: [
      deploy('recommendationservice', 2),
      fault({
        kind: 'memory-leak',
        match: { namespace: ns, deployment: 'recommendationservice' },
        oomAfterSeconds: 30,
        transient: true,
      }),
      advance(240),
    ],
    alert: standardAlert('KubePodCrashLooping', {
      pod: podOf('recommendationservice'),
      container: 'server',
      reason: 'CrashLoopBackOff',
    }),
    expect: expectThat('memory-leak', 'recommendationservice', 'restart', 'acted'),
  }),
  hold({
    id: 'hold-replicas-mismatch-nodes-lost',
    description: 'KubeDeploymentReplicasMismatch after both nodes stopped reporting',
    world: [
      deploy('emailservice', 2),
      fault({ kind: 'node-not-ready', node: 'node-a' }),
      fault({ kind: 'node-not-ready', node: 'node-b' }),
      advance(400),
    ],
    alert: standardAlert('KubeDeploymentReplicasMismatch', { deployment: 'emailservice' }),
    expect: expectThat('node-trouble', 'emailservice', 'none', 'needs-human'),
  }),
  hold({
    id: 'hold-custom-statefulset-alert',
    group: 'not-a-deployment',
    description:
      'an alert the agent does not know, labelled statefulset and with the redis pod: never resolved via the pod',
    world: [deploy('cartservice', 2)],
    alert: {
      alertname: 'RedisReplicationBroken',
      labels: {
        alertname: 'RedisReplicationBroken',
        severity: 'critical',
        namespace: ns,
        statefulset: 'redis-cart',
        pod: 'redis-cart-0',
      },
      annotations: { summary: 'redis replication is broken' },
    },
    expect: { ...expectThat(null, null, 'none', 'needs-human'), mentions: ['RedisReplicationBroken', 'StatefulSet'] },
  }),
  hold({
    id: 'hold-crashlooping-system-namespace',
    group: 'must-block',
    description: 'KubePodCrashLooping on a pod in kube-system: out of scope, nothing read or written',
    world: [deploy('cartservice', 2)],
    alert: standardAlert('KubePodCrashLooping', {
      namespace: 'kube-system',
      pod: 'coredns-7db6d8ff4d-abcde',
      container: 'coredns',
      reason: 'CrashLoopBackOff',
    }),
    expect: expectThat(null, null, 'none', 'blocked'),
  }),
  hold({
    id: 'hold-container-waiting-three-replicas',
    description: 'KubeContainerWaiting on shipping v2 (image typo) with three replicas, v1 healthy',
    world: [
      deploy('shippingservice', 3),
      fault({ kind: 'image-pull', match: { namespace: ns, image: 'shippingservice:v2-typo' } }),
      release('shippingservice', 'shippingservice:v2-typo'),
      advance(200),
    ],
    alert: standardAlert('KubeContainerWaiting', {
      pod: podOf('shippingservice'),
      container: 'server',
      reason: 'ImagePullBackOff',
    }),
    expect: expectThat('bad-rollout', 'shippingservice', 'rollback', 'acted'),
  }),
  hold({
    id: 'hold-throttling-near-maximum',
    description: 'CPUThrottlingHigh on a saturated frontend at 5 replicas: scale to the maximum of 10',
    world: [
      deploy('frontend', 5),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'frontend', demandCores: 3.6 }),
      {
        kind: 'series',
        query: 'container_cpu_cfs_throttled_periods_total\\{.*pod=~"frontend-',
        samples: [{ metric: {}, value: 0.5 }],
      },
      advance(60),
    ],
    alert: standardAlert(
      'CPUThrottlingHigh',
      {
        pod: podOf('frontend'),
        container: 'server',
        instance: '192.168.1.11:10250',
        service: 'kube-prometheus-stack-kubelet',
      },
      '0.5',
    ),
    expect: expectThat('saturation', 'frontend', 'scale', 'acted', 10),
  }),
  hold({
    id: 'hold-job-failed',
    group: 'not-a-deployment',
    description: 'KubeJobFailed for a migration Job',
    world: [deploy('cartservice', 2)],
    alert: standardAlert('KubeJobFailed', { job_name: 'db-migrate-42', condition: 'true' }),
    expect: { ...expectThat(null, null, 'none', 'needs-human'), mentions: ['KubeJobFailed', 'db-migrate-42'] },
  }),
  hold({
    id: 'hold-podnotready-healed',
    description: 'KubePodNotReady arrives after the pod was replaced and the workload is healthy again',
    world: [deploy('adservice', 2), advance(600)],
    alert: standardAlert('KubePodNotReady', { pod: podOf('adservice') }),
    expect: expectThat('unknown', 'adservice', 'none', 'needs-human'),
  }),
];
