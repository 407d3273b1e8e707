import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';

/** Placeholder until the constructs land. */
export function buildOnlineBoutiqueChart(scope: Construct): Chart {
  return new Chart(scope, 'online-boutique', { disableResourceNameHashes: true });
}
