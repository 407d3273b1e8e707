/**
 * A Chaos Mesh Schedule that re-runs one bounded experiment: concurrency Forbid (a run never
 * overlaps the previous one), a short history, and a missed-run deadline. The interval must be
 * longer than the experiment, so the fault is off most of the time.
 */
import { Construct } from 'constructs';
import { Schedule, ScheduleSpecConcurrencyPolicy, type ScheduleSpec } from '../imports/chaos-mesh-chaos-mesh.org.js';
import { PropValidationError } from '../core/prop-validation.js';
import { SPEC_KEYS, parseDurationSeconds, validateExperiment, type ChaosExperiment } from './chaos-experiment.js';
import { renderChaosSpec, withoutUndefined } from './render-chaos-spec.js';

const CONSTRUCT = 'ChaosSchedule';

/** Props of {@link ChaosSchedule}. */
export interface ChaosScheduleProps {
  /** The experiment each run starts (its duration bounds every run). */
  readonly experiment: ChaosExperiment;
  /** `@every <duration>`, at least twice the experiment duration. Cron strings are not accepted. */
  readonly every: string;
  /** Namespace of the Schedule. @default the experiment's target namespace */
  readonly namespace?: string;
  /** Runs kept in history. @default 2 */
  readonly historyLimit?: number;
  /**
   * Ship the Schedule paused (Chaos Mesh's pause annotation), so syncing it starts nothing until
   * an operator enables game days. @default true
   */
  readonly paused?: boolean;
}

/** Chaos Mesh's annotation that pauses a Schedule or experiment. */
export const CHAOS_PAUSE_ANNOTATION = 'experiment.chaos-mesh.org/pause';

/** A recurring, non-overlapping, bounded experiment. */
export class ChaosSchedule extends Construct {
  readonly apiObject: Schedule;

  constructor(scope: Construct, id: string, props: ChaosScheduleProps) {
    super(scope, id);
    validateExperiment(CONSTRUCT, props.experiment);
    const match = /^@every (\S+)$/.exec(props.every);
    let intervalSeconds = Number.NaN;
    try {
      intervalSeconds = match?.[1] ? parseDurationSeconds(match[1]) : Number.NaN;
    } catch {
      // reported below
    }
    const durationSeconds = parseDurationSeconds(props.experiment.duration);
    if (!(intervalSeconds >= 2 * durationSeconds)) {
      throw new PropValidationError(
        CONSTRUCT,
        'every',
        props.every,
        `use "@every <duration>" of at least twice the experiment duration (${props.experiment.duration})`,
      );
    }
    const rendered = renderChaosSpec(props.experiment);
    const spec = {
      schedule: props.every,
      type: rendered.kind,
      concurrencyPolicy: ScheduleSpecConcurrencyPolicy.FORBID,
      historyLimit: props.historyLimit ?? 2,
      startingDeadlineSeconds: 60,
      [SPEC_KEYS[rendered.kind]]: withoutUndefined(rendered.spec),
    } as unknown as ScheduleSpec;
    this.apiObject = new Schedule(this, 'Resource', {
      metadata: {
        name: props.experiment.name,
        namespace: props.namespace ?? props.experiment.target.namespace,
        annotations: props.paused === false ? undefined : { [CHAOS_PAUSE_ANNOTATION]: 'true' },
      },
      spec,
    });
  }
}
