/**
 * Operational incidents: faults a correct agent fixes (rollback, restart, scale) or correctly
 * leaves alone (self-healed, a dependency's victim, node trouble).
 */
import type { EvalScenario } from '../scenario.js';
import {
  ALLOWED_NAMESPACE as ns,
  advance,
  alert,
  crashingRelease,
  deploy,
  expectThat,
  fault,
  killPod,
  release,
} from './builders.js';

const dependencyLogs = [
  'error: GetCart failed: dial tcp 10.43.12.7:6379: connect: connection refused',
  'warn: upstream redis-cart unavailable, retrying',
];

export const OPERATIONAL_SCENARIOS: readonly EvalScenario[] = [
  // bad rollouts → rollback
  {
    id: 'rollout-crash-cart',
    group: 'bad-rollout',
    description: 'cart v2 crashes at start; v1 was healthy',
    world: crashingRelease('cartservice', 2, ['panic: missing REDIS_ADDR']),
    alert: alert('DeploymentCrashLooping', 'cartservice'),
    expect: expectThat('bad-rollout', 'cartservice', 'rollback', 'acted'),
  },
  {
    id: 'rollout-crash-unavailable-alert',
    group: 'bad-rollout',
    description: 'checkout v2 crashes; the alert is about unavailable replicas',
    world: crashingRelease('checkoutservice', 3),
    alert: alert('DeploymentReplicasUnavailable', 'checkoutservice'),
    expect: expectThat('bad-rollout', 'checkoutservice', 'rollback', 'acted'),
  },
  {
    id: 'rollout-image-typo',
    group: 'bad-rollout',
    description: 'frontend v2 references an image that cannot be pulled',
    world: [
      deploy('frontend', 3),
      fault({ kind: 'image-pull', match: { namespace: ns, image: 'frontend:v2-typo' } }),
      release('frontend', 'frontend:v2-typo'),
      advance(150),
    ],
    alert: alert('DeploymentReplicasUnavailable', 'frontend'),
    expect: expectThat('bad-rollout', 'frontend', 'rollback', 'acted'),
  },
  {
    id: 'rollout-never-ready',
    group: 'bad-rollout',
    description: 'catalog v2 runs but never passes its readiness probe',
    world: [
      deploy('productcatalogservice', 2),
      fault({ kind: 'never-ready', match: { namespace: ns, image: 'productcatalogservice:v2' } }),
      release('productcatalogservice', 'productcatalogservice:v2'),
      advance(200),
    ],
    alert: alert('DeploymentReplicasUnavailable', 'productcatalogservice'),
    expect: expectThat('bad-rollout', 'productcatalogservice', 'rollback', 'acted'),
  },
  {
    id: 'rollout-crash-restart-storm',
    group: 'bad-rollout',
    description: 'recommendation v2 crashes; the restart-storm alert fires',
    world: crashingRelease('recommendationservice', 2),
    alert: alert('DeploymentRestartStorm', 'recommendationservice'),
    expect: expectThat('bad-rollout', 'recommendationservice', 'rollback', 'acted'),
  },
  // memory leaks → restart
  {
    id: 'oom-catalog',
    group: 'memory-leak',
    description: 'catalog pods leak memory and are OOMKilled',
    world: [
      deploy('productcatalogservice', 2),
      fault({
        kind: 'memory-leak',
        match: { namespace: ns, deployment: 'productcatalogservice' },
        oomAfterSeconds: 40,
        transient: true,
      }),
      advance(120),
    ],
    alert: alert('DeploymentOOMKilled', 'productcatalogservice'),
    expect: expectThat('memory-leak', 'productcatalogservice', 'restart', 'acted'),
  },
  {
    id: 'oom-frontend-three-replicas',
    group: 'memory-leak',
    description: 'all three frontend pods leak and are OOMKilled',
    world: [
      deploy('frontend', 3),
      fault({
        kind: 'memory-leak',
        match: { namespace: ns, deployment: 'frontend' },
        oomAfterSeconds: 30,
        transient: true,
      }),
      advance(100),
    ],
    alert: alert('DeploymentOOMKilled', 'frontend'),
    expect: expectThat('memory-leak', 'frontend', 'restart', 'acted'),
  },
  {
    id: 'oom-restart-storm-alert',
    group: 'memory-leak',
    description: 'cart leaks; the alert is the restart storm, the evidence says OOMKilled',
    world: [
      deploy('cartservice', 2),
      fault({
        kind: 'memory-leak',
        match: { namespace: ns, deployment: 'cartservice' },
        oomAfterSeconds: 20,
        transient: true,
      }),
      advance(150),
    ],
    alert: alert('DeploymentRestartStorm', 'cartservice'),
    expect: expectThat('memory-leak', 'cartservice', 'restart', 'acted'),
  },
  // saturation → scale
  {
    id: 'cpu-frontend',
    group: 'saturation',
    description: 'frontend pods are at their CPU limit under load',
    world: [
      deploy('frontend', 3),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'frontend', demandCores: 1.6 }),
      advance(60),
    ],
    alert: alert('DeploymentCPUSaturated', 'frontend'),
    expect: expectThat('saturation', 'frontend', 'scale', 'acted', 6),
  },
  {
    id: 'cpu-checkout',
    group: 'saturation',
    description: 'checkout saturated with 2 replicas',
    world: [
      deploy('checkoutservice', 2),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'checkoutservice', demandCores: 1.1 }),
      advance(60),
    ],
    alert: alert('DeploymentCPUSaturated', 'checkoutservice'),
    expect: expectThat('saturation', 'checkoutservice', 'scale', 'acted', 4),
  },
  {
    id: 'cpu-near-maximum',
    group: 'saturation',
    description: 'saturated at 7 replicas: doubling is capped at the guardrail maximum of 10',
    world: [
      deploy('frontend', 7),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'frontend', demandCores: 3.6 }),
      advance(60),
    ],
    alert: alert('DeploymentCPUSaturated', 'frontend'),
    expect: expectThat('saturation', 'frontend', 'scale', 'acted', 10),
  },
  {
    id: 'cpu-latency-alert',
    group: 'saturation',
    description: 'latency alert on a CPU-bound currency service',
    world: [
      deploy('currencyservice', 2),
      fault({ kind: 'cpu-saturation', namespace: ns, deployment: 'currencyservice', demandCores: 1.2 }),
      advance(60),
    ],
    alert: alert('DeploymentHighLatency', 'currencyservice'),
    expect: expectThat('saturation', 'currencyservice', 'scale', 'acted', 4),
  },
  // crash loops without a rollout → restart
  {
    id: 'crash-without-rollout',
    group: 'crash-loop',
    description: 'a worker crash-loops with no recent rollout',
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
    alert: alert('DeploymentCrashLooping', 'emailservice'),
    expect: expectThat('crash-loop', 'emailservice', 'restart', 'acted'),
  },
  {
    id: 'crash-shipping',
    group: 'crash-loop',
    description: 'shipping crash-loops on a corrupted local cache (transient)',
    world: [
      deploy('shippingservice', 3),
      fault({
        kind: 'crash-loop',
        match: { namespace: ns, deployment: 'shippingservice' },
        transient: true,
        logLines: ['fatal: cache file corrupt'],
      }),
      advance(150),
    ],
    alert: alert('DeploymentCrashLooping', 'shippingservice'),
    expect: expectThat('crash-loop', 'shippingservice', 'restart', 'acted'),
  },
  // self-healed or nothing wrong → no write
  {
    id: 'pod-killed-healed',
    group: 'self-healed',
    description: 'a pod was killed; the ReplicaSet replaced it before the alert arrived',
    world: [deploy('cartservice', 2), killPod('cartservice'), advance(90)],
    alert: alert('DeploymentReplicasUnavailable', 'cartservice'),
    expect: expectThat('unknown', 'cartservice', 'none', 'needs-human'),
  },
  {
    id: 'healthy-spurious-alert',
    group: 'self-healed',
    description: 'the alert names a healthy workload',
    world: [deploy('adservice', 2), advance(30)],
    alert: alert('DeploymentErrorBudgetBurnFast', 'adservice'),
    expect: expectThat('unknown', 'adservice', 'none', 'needs-human'),
  },
  // a dependency's victim → no action
  {
    id: 'dependency-cart-redis',
    group: 'dependency',
    description: 'cart errors because redis-cart is unreachable; cart pods are healthy',
    world: [
      deploy('cartservice', 2),
      fault({ kind: 'error-rate', namespace: ns, deployment: 'cartservice', ratio: 0.6, logLines: dependencyLogs }),
      advance(60),
    ],
    alert: alert('DeploymentErrorBudgetBurnFast', 'cartservice'),
    expect: expectThat('dependency-failure', 'cartservice', 'none', 'no-action'),
  },
  {
    id: 'dependency-frontend-upstream',
    group: 'dependency',
    description: 'frontend answers 503 because checkout is down',
    world: [
      deploy('frontend', 3),
      fault({
        kind: 'error-rate',
        namespace: ns,
        deployment: 'frontend',
        ratio: 0.4,
        logLines: ['error: rpc error: code = Unavailable desc = connection refused to checkoutservice:5050'],
      }),
      advance(60),
    ],
    alert: alert('DeploymentErrorBudgetBurnFast', 'frontend'),
    expect: expectThat('dependency-failure', 'frontend', 'none', 'no-action'),
  },
  {
    id: 'dependency-checkout-payment',
    group: 'dependency',
    description: 'checkout fails calls to payment; its own pods are fine',
    world: [
      deploy('checkoutservice', 2),
      fault({
        kind: 'error-rate',
        namespace: ns,
        deployment: 'checkoutservice',
        ratio: 0.3,
        logLines: ['failed to charge card: could not connect to paymentservice: i/o timeout'],
      }),
      advance(60),
    ],
    alert: alert('DeploymentErrorBudgetBurnFast', 'checkoutservice'),
    expect: expectThat('dependency-failure', 'checkoutservice', 'none', 'no-action'),
  },
  // node trouble → no Deployment action
  {
    id: 'node-unschedulable',
    group: 'node-trouble',
    description: 'new pods cannot be scheduled (insufficient CPU)',
    world: [
      deploy('loadgenerator', 1),
      fault({
        kind: 'unschedulable',
        match: { namespace: ns, deployment: 'loadgenerator' },
        message: '0/2 nodes are available: 2 Insufficient cpu.',
      }),
      release('loadgenerator', 'loadgenerator:v2'),
      advance(120),
    ],
    alert: alert('DeploymentReplicasUnavailable', 'loadgenerator'),
    expect: expectThat('node-trouble', 'loadgenerator', 'none', 'needs-human'),
  },
  {
    id: 'node-not-ready',
    group: 'node-trouble',
    description: 'both nodes stopped reporting; pods are lost with them',
    world: [
      deploy('paymentservice', 2),
      fault({ kind: 'node-not-ready', node: 'node-a' }),
      fault({ kind: 'node-not-ready', node: 'node-b' }),
      advance(400),
    ],
    alert: alert('DeploymentReplicasUnavailable', 'paymentservice'),
    expect: expectThat('node-trouble', 'paymentservice', 'none', 'needs-human'),
  },
];
