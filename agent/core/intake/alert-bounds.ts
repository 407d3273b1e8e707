/**
 * The byte bound on one alert as the agent keeps it (issue 12): whatever a webhook carries, an
 * alert's labels, annotations and generator URL fit in MAX_ALERT_BYTES. The labels the agent reads
 * (alertname, namespace, deployment, pod, severity, the action hint) come first; values are cut to
 * MAX_VALUE_CHARS (longer than any Kubernetes name, so a cut name can never resolve to a real
 * workload); what does not fit is dropped, and the `ai4all_truncated` annotation says how much.
 */
import { ALERT_TARGET_LABELS } from '../../../catalog/agent-contract.js';

/** Labels + annotations + generatorURL of one kept alert, in UTF-16 code units (≈ bytes for ASCII). */
export const MAX_ALERT_BYTES = 4 * 1024;
/** Longest label or annotation value kept (Kubernetes names are at most 253). */
export const MAX_VALUE_CHARS = 256;
const MAX_KEY_CHARS = 64;
const MAX_URL_CHARS = 1024;
export const TRUNCATED_ANNOTATION = 'ai4all_truncated';

const FIRST = ['alertname', 'severity', ...Object.values(ALERT_TARGET_LABELS)];

interface BoundableAlert {
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly generatorURL?: string | undefined;
}

/** Returns the alert with labels, annotations and generatorURL within MAX_ALERT_BYTES. */
export function boundAlert<T extends BoundableAlert>(alert: T): T {
  let budget = MAX_ALERT_BYTES - 128; // room for the truncation note
  let changed = 0;
  const take = (source: Record<string, string>, order: readonly string[]): Record<string, string> => {
    const kept: Record<string, string> = {};
    const keys = [
      ...order.filter((key) => key in source),
      ...Object.keys(source).filter((key) => !order.includes(key)),
    ];
    for (const key of keys) {
      const value = source[key]!;
      const shortKey = key.slice(0, MAX_KEY_CHARS);
      let shortValue = value.slice(0, MAX_VALUE_CHARS);
      const cost = shortKey.length + shortValue.length + 6;
      if (cost > budget) {
        shortValue = shortValue.slice(0, Math.max(0, budget - shortKey.length - 6));
        if (shortValue.length === 0 || budget <= shortKey.length + 6) {
          changed += 1;
          continue;
        }
      }
      if (shortKey !== key || shortValue !== value || shortKey in kept) changed += 1;
      if (shortKey in kept) continue;
      kept[shortKey] = shortValue;
      budget -= shortKey.length + shortValue.length + 6;
    }
    return kept;
  };
  const labels = take(alert.labels, FIRST);
  const annotations = take(alert.annotations, ['summary', 'description']);
  let generatorURL = alert.generatorURL;
  if (generatorURL !== undefined && (generatorURL.length > MAX_URL_CHARS || generatorURL.length > budget)) {
    generatorURL = undefined;
    changed += 1;
  }
  if (changed === 0) return alert;
  annotations[TRUNCATED_ANNOTATION] =
    `${changed} label/annotation value(s) shortened or dropped to fit ${MAX_ALERT_BYTES} bytes`;
  const bounded = { ...alert, labels, annotations };
  if (generatorURL === undefined) delete (bounded as { generatorURL?: string }).generatorURL;
  return bounded;
}
