/** Every evaluation scenario, in a stable order. */
import type { EvalScenario } from '../scenario.js';
import { HOSTILE_MODEL_SCENARIOS, INJECTION_SCENARIOS, MUST_BLOCK_SCENARIOS } from './adversarial.js';
import { HOLD_OUT_SCENARIOS } from './hold-out.js';
import { MODEL_DISAGREES_SCENARIOS } from './model-disagrees.js';
import { OPERATIONAL_SCENARIOS } from './operational.js';
import { STANDARD_ALERT_SCENARIOS } from './standard-alerts.js';

export const EVAL_SCENARIOS: readonly EvalScenario[] = [
  ...OPERATIONAL_SCENARIOS,
  ...MUST_BLOCK_SCENARIOS,
  ...HOSTILE_MODEL_SCENARIOS,
  ...INJECTION_SCENARIOS,
  ...STANDARD_ALERT_SCENARIOS,
  ...MODEL_DISAGREES_SCENARIOS,
  ...HOLD_OUT_SCENARIOS,
];
