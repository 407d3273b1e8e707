/**
 * The demo's fault scenarios, as data: what breaks when, which alert must fire, what the agent
 * should do and how the incident should end. Each mirrors an entry of the chaos catalog
 * (chaos/catalog.ts) or a fault the catalog cannot express (a bad release), on the demo shop.
 */
import type { ActionType } from '../catalog/action-catalog.js';
import type { TerminalStatus } from '../agent/domain/incident.js';
import type { WorkloadFault } from '../simulator/kubernetes/faults.js';
import { findScenario } from '../chaos/catalog.js';
import { scenarioRunSeconds } from '../chaos/render-scenario.js';
import { SHOP_NAMESPACE, shopImage } from './shop.js';

/** One thing the demo does to the shop, at `atSeconds` after the scenario starts. */
export type ScenarioStep =
  | { readonly atSeconds: number; readonly kind: 'inject'; readonly fault: WorkloadFault }
  | { readonly atSeconds: number; readonly kind: 'release'; readonly deployment: string; readonly image: string }
  | { readonly atSeconds: number; readonly kind: 'kill-pod'; readonly deployment: string }
  | { readonly atSeconds: number; readonly kind: 'end-faults'; readonly reason: string };

export interface ScenarioExpectation {
  /** The alert that must fire for the target, or null when none should. */
  readonly alert: string | null;
  /** The action the agent must apply; `none` = it must not write at all. */
  readonly action: ActionType | 'none';
  /** The terminal status of the agent's incident, or null when no incident should open. */
  readonly status: TerminalStatus | null;
  /** The target is healthy with no alert firing when the scenario ends. */
  readonly recovered: true;
}

export interface DemoScenario {
  readonly id: string;
  readonly title: string;
  /** What a newcomer should take away from it. */
  readonly lesson: string;
  /** The chaos catalog entry it mirrors, when there is one. */
  readonly chaosScenario?: string;
  readonly target: string;
  readonly steps: readonly ScenarioStep[];
  readonly expect: ScenarioExpectation;
  /** Simulated seconds the scenario may take before it counts as stuck. */
  readonly maxSeconds: number;
  /** Simulated seconds to keep watching when no incident is expected. */
  readonly observeSeconds?: number;
}

const namespace = SHOP_NAMESPACE;

/** How long the chaos catalog runs the partition the dependency-outage scenario mirrors. */
const PARTITION_SECONDS = scenarioRunSeconds(findScenario('cart-redis-partition'));

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  {
    id: 'bad-rollout',
    title: 'Bad release of checkout crash-loops',
    lesson: 'A new image that crashes is rolled back to the last good revision, then verified.',
    target: 'checkoutservice',
    steps: [
      {
        atSeconds: 0,
        kind: 'inject',
        fault: {
          kind: 'crash-loop',
          match: { namespace, image: shopImage('checkoutservice', 'v0.10.5-rc.1') },
          exitCode: 1,
          logLines: [
            'level=info msg="starting checkout service" version=v0.10.5-rc.1',
            'level=fatal msg="failed to parse PAYMENT_SERVICE_ADDR: missing port in address"',
          ],
        },
      },
      {
        atSeconds: 0,
        kind: 'release',
        deployment: 'checkoutservice',
        image: shopImage('checkoutservice', 'v0.10.5-rc.1'),
      },
    ],
    expect: { alert: 'DeploymentCrashLooping', action: 'rollback', status: 'resolved', recovered: true },
    maxSeconds: 1800,
  },
  {
    id: 'memory-leak',
    title: 'Memory leak in the catalog is OOMKilled',
    lesson: 'A leak in the running pods is cleared by a rolling restart (the alert says OOMKilled).',
    target: 'productcatalogservice',
    steps: [
      {
        atSeconds: 0,
        kind: 'inject',
        fault: {
          kind: 'memory-leak',
          match: { namespace, deployment: 'productcatalogservice' },
          oomAfterSeconds: 120,
          transient: true,
        },
      },
    ],
    expect: { alert: 'DeploymentOOMKilled', action: 'restart', status: 'resolved', recovered: true },
    maxSeconds: 1800,
  },
  {
    id: 'traffic-spike',
    chaosScenario: 'frontend-cpu-saturation',
    title: 'Traffic spike saturates the frontend CPU',
    lesson: 'Healthy pods at their CPU limit with rising latency get more replicas, within the guardrail maximum.',
    target: 'frontend',
    steps: [
      {
        atSeconds: 0,
        kind: 'inject',
        fault: { kind: 'cpu-saturation', namespace, deployment: 'frontend', demandCores: 1.6 },
      },
    ],
    expect: { alert: 'DeploymentCPUSaturated', action: 'scale', status: 'resolved', recovered: true },
    maxSeconds: 2400,
  },
  {
    id: 'pod-kill',
    chaosScenario: 'frontend-pod-kill',
    title: 'A frontend pod is killed',
    lesson: 'Kubernetes replaces the pod in seconds: no alert fires and the agent has nothing to do.',
    target: 'frontend',
    steps: [{ atSeconds: 0, kind: 'kill-pod', deployment: 'frontend' }],
    expect: { alert: null, action: 'none', status: null, recovered: true },
    maxSeconds: 900,
    observeSeconds: 420,
  },
  {
    id: 'dependency-outage',
    chaosScenario: 'cart-redis-partition',
    title: 'The cart database becomes unreachable',
    lesson:
      'The cart fails because redis-cart is cut off; restarting or scaling the victim would not help, so the agent does not act.',
    target: 'cartservice',
    steps: [
      {
        atSeconds: 0,
        kind: 'inject',
        fault: {
          kind: 'error-rate',
          namespace,
          deployment: 'cartservice',
          ratio: 0.6,
          logLines: [
            "fail: cartservice.cartstore.RedisCartStore[0] Can't access cart storage. StackExchange.Redis.RedisConnectionException: No connection is available to service this operation: HGET; UnableToConnect on redis-cart:6379",
            'error: GetCart failed: dial tcp 10.43.12.7:6379: connect: connection refused (dependency redis-cart unreachable)',
          ],
        },
      },
      {
        atSeconds: PARTITION_SECONDS,
        kind: 'end-faults',
        reason: `the network partition ends (the catalog runs it ${PARTITION_SECONDS} s)`,
      },
    ],
    expect: { alert: 'DeploymentErrorBudgetBurnFast', action: 'none', status: 'no-action', recovered: true },
    maxSeconds: 2700,
  },
];

/** Looks scenarios up by id, naming the known ids when one is unknown. */
export function selectScenarios(ids: readonly string[] | undefined): DemoScenario[] {
  if (ids === undefined || ids.length === 0) return [...DEMO_SCENARIOS];
  return ids.map((id) => {
    const found = DEMO_SCENARIOS.find((scenario) => scenario.id === id);
    if (!found) throw new Error(`unknown scenario "${id}"; known: ${DEMO_SCENARIOS.map((item) => item.id).join(', ')}`);
    return found;
  });
}
