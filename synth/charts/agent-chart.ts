import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { AgentIdentity } from '../../constructs/agent/agent-identity.js';
import { AgentNetworkPolicy } from '../../constructs/agent/agent-network-policy.js';
import { AgentWorkload } from '../../constructs/agent/agent-workload.js';
import { DEMO_APP } from '../../catalog/platform-contract.js';

/** Agent image of the lab: what .github/workflows/agent-image.yaml pushes (ghcr.io/<owner>/ai4all-sre-agent), tagged with the package version. */
export const LAB_AGENT_IMAGE = 'ghcr.io/ai4all-sre/ai4all-sre-agent:0.1.0';

/** The agent Application: identity, workload, network policy, monitoring. */
export function buildAgentChart(scope: Construct): Chart {
  const chart = new Chart(scope, 'agent', { disableResourceNameHashes: true });
  const allowlistedNamespaces = [DEMO_APP.namespace];
  const identity = new AgentIdentity(chart, 'identity', { allowlistedNamespaces });
  const workload = new AgentWorkload(chart, 'workload', {
    image: LAB_AGENT_IMAGE,
    serviceAccount: identity.serviceAccount,
    allowlistedNamespaces,
    mode: 'approval',
  });
  new AgentNetworkPolicy(chart, 'network', { podSelectorLabels: workload.selectorLabels });
  return chart;
}
