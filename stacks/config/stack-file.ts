/**
 * Reads a `Pulumi.<stack>.yaml` document into the raw config object `parseLabConfig` expects
 * (keys of the `ai4all-sre` namespace, prefix removed), the same shape `stacks/index.ts` builds
 * from `pulumi.Config`. Used by the doctor command and the tests; the Pulumi program itself
 * reads config through the engine.
 */
import { parse } from 'yaml';
import { CONFIG_NAMESPACE } from './lab-config.js';

/** Raw config of a stack file's text. */
export function rawConfigFromStackYaml(text: string): Record<string, unknown> {
  const document = parse(text) as { config?: Record<string, unknown> } | null;
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document?.config ?? {})) {
    const separator = key.indexOf(':');
    if (separator > 0 && key.slice(0, separator) === CONFIG_NAMESPACE) {
      raw[key.slice(separator + 1)] = value;
    }
  }
  return raw;
}
