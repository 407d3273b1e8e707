/**
 * One standalone Chaos Mesh experiment object (PodChaos, StressChaos, NetworkChaos or HTTPChaos)
 * from a validated {@link ChaosExperiment}.
 */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { HttpChaos, NetworkChaos, PodChaos, StressChaos } from '../imports/chaos-mesh-chaos-mesh.org.js';
import { validateExperiment, type ChaosExperiment } from './chaos-experiment.js';
import { renderChaosSpec, withoutUndefined } from './render-chaos-spec.js';

/** Props of {@link ChaosExperimentResource}. */
export interface ChaosExperimentResourceProps {
  /** The experiment (validated: bounded duration, namespaced selector, bounded mode). */
  readonly experiment: ChaosExperiment;
  /** Namespace of the chaos object. @default the experiment's target namespace */
  readonly namespace?: string;
  /** Extra labels on the chaos object. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A standalone, bounded Chaos Mesh experiment. */
export class ChaosExperimentResource extends Construct {
  readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ChaosExperimentResourceProps) {
    super(scope, id);
    validateExperiment('ChaosExperimentResource', props.experiment);
    const metadata = {
      name: props.experiment.name,
      namespace: props.namespace ?? props.experiment.target.namespace,
      labels: { ...props.labels },
    };
    const rendered = renderChaosSpec(props.experiment);
    switch (rendered.kind) {
      case 'PodChaos':
        this.apiObject = new PodChaos(this, 'Resource', { metadata, spec: withoutUndefined(rendered.spec) });
        break;
      case 'StressChaos':
        this.apiObject = new StressChaos(this, 'Resource', { metadata, spec: withoutUndefined(rendered.spec) });
        break;
      case 'NetworkChaos':
        this.apiObject = new NetworkChaos(this, 'Resource', { metadata, spec: withoutUndefined(rendered.spec) });
        break;
      case 'HTTPChaos':
        this.apiObject = new HttpChaos(this, 'Resource', { metadata, spec: withoutUndefined(rendered.spec) });
        break;
    }
  }
}
