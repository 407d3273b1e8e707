/**
 * The Kyverno policies the lab enforces, built from constructs/policy: the workload baseline in
 * the workload namespaces (demo app + agent), and the agent's admission guardrails.
 */
import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { DEMO_APP, LAB_NAMESPACES } from '../catalog/platform-contract.js';
import { AgentGuardrailPolicy } from '../constructs/policy/agent-guardrail-policy.js';
import { WorkloadBaselinePolicies, type MeshContainer } from '../constructs/policy/workload-baseline-policies.js';

/**
 * Namespaces the baseline protects. Never narrowed by exclusions: the reference lab excluded the
 * very namespaces it meant to protect (online-boutique from its privileged-container policy).
 */
export const PROTECTED_NAMESPACES = [LAB_NAMESPACES.demo, LAB_NAMESPACES.agent] as const;

/** Namespaces the agent may act in (the same list the agent Application's RBAC uses). */
export const AGENT_ALLOWLISTED_NAMESPACES = [DEMO_APP.namespace] as const;

/**
 * The containers Linkerd injects into meshed Pods of the demo namespace (without its CNI plugin):
 * `linkerd-init` programs iptables, so it adds NET_ADMIN and NET_RAW and runs as root;
 * `linkerd-proxy` runs as UID 2102 (non-root is inherited from the pod) but does not drop
 * capabilities by default. Matched by name and image; every other check still applies to them.
 */
export const LINKERD_CONTAINERS: readonly MeshContainer[] = [
  {
    name: 'linkerd-init',
    imagePrefix: 'cr.l5d.io/linkerd/proxy-init:',
    addCapabilities: ['NET_ADMIN', 'NET_RAW'],
    mayRunAsRoot: true,
  },
  { name: 'linkerd-proxy', imagePrefix: 'cr.l5d.io/linkerd/proxy:', addCapabilities: [] },
];

/** Builds the `policies` chart (cluster-scoped ValidatingPolicies). */
export function buildPoliciesChart(scope: Construct): Chart {
  const chart = new Chart(scope, 'policies', { disableResourceNameHashes: true });
  new WorkloadBaselinePolicies(chart, 'baseline', {
    namespaces: PROTECTED_NAMESPACES,
    agentNamespaces: AGENT_ALLOWLISTED_NAMESPACES,
    meshContainers: LINKERD_CONTAINERS,
  });
  new AgentGuardrailPolicy(chart, 'agent-guardrails', { allowlistedNamespaces: AGENT_ALLOWLISTED_NAMESPACES });
  return chart;
}
