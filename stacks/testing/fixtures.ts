/** Reads the committed stack files (`Pulumi.lab.yaml`, `Pulumi.prod.yaml`) as raw config. Test support. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rawConfigFromStackYaml } from '../config/stack-file.js';

/** Raw config of `Pulumi.<stack>.yaml` (keys without the `ai4all-sre:` prefix). */
export function rawStackConfig(stack: 'lab' | 'prod'): Record<string, unknown> {
  return rawConfigFromStackYaml(
    readFileSync(fileURLToPath(new URL(`../../Pulumi.${stack}.yaml`, import.meta.url)), 'utf8'),
  );
}
