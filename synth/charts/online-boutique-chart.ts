import { Chart } from 'cdk8s';
import type { Construct } from 'constructs';
import { OnlineBoutique } from '../../constructs/demo/online-boutique.js';

/** The demo application Application: Online Boutique and its load generator. */
export function buildOnlineBoutiqueChart(scope: Construct): Chart {
  const chart = new Chart(scope, 'online-boutique', { disableResourceNameHashes: true });
  new OnlineBoutique(chart, 'online-boutique');
  return chart;
}
