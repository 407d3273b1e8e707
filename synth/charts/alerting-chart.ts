import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';

/** Placeholder until the constructs land. */
export function buildAlertingChart(scope: Construct): Chart {
  return new Chart(scope, 'alerting', { disableResourceNameHashes: true });
}
