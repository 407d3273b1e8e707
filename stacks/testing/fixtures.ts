/**
 * Reads the committed stack files (`Pulumi.lab.yaml`, `Pulumi.prod.yaml`) into the raw config
 * object `parseLabConfig` expects, the way `stacks/index.ts` reads Pulumi config. Test support.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { CONFIG_NAMESPACE } from '../config/lab-config.js';

/** Raw config of `Pulumi.<stack>.yaml` (keys without the `ai4all-sre:` prefix). */
export function rawStackConfig(stack: 'lab' | 'prod'): Record<string, unknown> {
  const file = fileURLToPath(new URL(`../../Pulumi.${stack}.yaml`, import.meta.url));
  const document = parse(readFileSync(file, 'utf8')) as { config?: Record<string, unknown> };
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document.config ?? {})) {
    const [namespace, name] = key.split(':');
    if (namespace === CONFIG_NAMESPACE && name !== undefined) {
      raw[name] = value;
    }
  }
  return raw;
}
