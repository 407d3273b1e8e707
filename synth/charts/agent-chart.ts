import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';

/** Placeholder until the constructs land. */
export function buildAgentChart(scope: Construct): Chart {
  return new Chart(scope, 'agent', { disableResourceNameHashes: true });
}
