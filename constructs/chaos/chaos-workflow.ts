/**
 * A Chaos Mesh Workflow running steps in series: bounded experiments and pauses. Every node has a
 * deadline (a chaos step's deadline is its experiment's duration, which ends the fault), and the
 * whole workflow is bounded by the sum, so a stuck step can never hold a fault open.
 */
import { Construct } from 'constructs';
import { Workflow, type WorkflowSpecTemplates } from '../imports/chaos-mesh-chaos-mesh.org.js';
import { PropValidationError, requireDnsSubdomain } from '../core/prop-validation.js';
import {
  MAX_EXPERIMENT_DURATION_SECONDS,
  SPEC_KEYS,
  parseDurationSeconds,
  requireBoundedDuration,
  validateExperiment,
  type ChaosExperiment,
} from './chaos-experiment.js';
import { renderChaosSpec, withoutUndefined } from './render-chaos-spec.js';

const CONSTRUCT = 'ChaosWorkflow';

/** Longest a whole workflow may run. */
export const MAX_WORKFLOW_SECONDS = 30 * 60;
/** Slack of the serial entry node's deadline over the sum of its steps. */
export const WORKFLOW_SLACK_SECONDS = 60;

/** One step: an experiment, or a pause between experiments. */
export type WorkflowStep = { readonly experiment: ChaosExperiment } | { readonly pause: string; readonly name: string };

/** Props of {@link ChaosWorkflow}. */
export interface ChaosWorkflowProps {
  /** Workflow name. */
  readonly name: string;
  /** Namespace of the Workflow object (the target namespace of its experiments, usually). */
  readonly namespace: string;
  /** Steps run one after another; at least one experiment. */
  readonly steps: readonly WorkflowStep[];
}

/** Seconds a list of steps takes at most. */
export function workflowSeconds(steps: readonly WorkflowStep[]): number {
  return steps.reduce(
    (sum, step) => sum + parseDurationSeconds('experiment' in step ? step.experiment.duration : step.pause),
    0,
  );
}

/** A serial, fully deadlined Chaos Mesh Workflow. */
export class ChaosWorkflow extends Construct {
  readonly apiObject: Workflow;

  constructor(scope: Construct, id: string, props: ChaosWorkflowProps) {
    super(scope, id);
    requireDnsSubdomain(CONSTRUCT, 'name', props.name);
    if (!props.steps.some((step) => 'experiment' in step)) {
      throw new PropValidationError(CONSTRUCT, 'steps', props.steps, 'add at least one experiment step');
    }
    const templates: WorkflowSpecTemplates[] = [];
    for (const step of props.steps) {
      if ('experiment' in step) {
        validateExperiment(CONSTRUCT, step.experiment);
        const rendered = renderChaosSpec(step.experiment, false);
        templates.push({
          name: step.experiment.name,
          templateType: rendered.kind,
          deadline: step.experiment.duration,
          [SPEC_KEYS[rendered.kind]]: withoutUndefined(rendered.spec),
        });
      } else {
        requireDnsSubdomain(CONSTRUCT, 'steps.name', step.name);
        requireBoundedDuration(CONSTRUCT, 'steps.pause', step.pause, MAX_EXPERIMENT_DURATION_SECONDS);
        templates.push({ name: step.name, templateType: 'Suspend', deadline: step.pause });
      }
    }
    const names = templates.map((template) => template.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index || name === 'entry');
    if (duplicate !== undefined) {
      throw new PropValidationError(
        CONSTRUCT,
        'steps',
        duplicate,
        'give every step a distinct name other than "entry"',
      );
    }
    // The serial node gets a minute of slack over its children so it never cuts the last step short.
    const total = workflowSeconds(props.steps) + WORKFLOW_SLACK_SECONDS;
    if (total > MAX_WORKFLOW_SECONDS) {
      throw new PropValidationError(
        CONSTRUCT,
        'steps',
        `${total}s`,
        `keep the workflow within ${MAX_WORKFLOW_SECONDS}s`,
      );
    }
    this.apiObject = new Workflow(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        entry: 'entry',
        templates: [{ name: 'entry', templateType: 'Serial', deadline: `${total}s`, children: names }, ...templates],
      },
    });
  }
}
