/**
 * Composition root of the Pulumi program (`main` in Pulumi.yaml) and the only reader of
 * `pulumi.Config`: reads each top-level key of the `ai4all-sre` namespace, parses it with the
 * schema (errors name the key and the allowed values), resolves the kubeconfig path, and
 * declares the lab. Pulumi's nodejs runtime calls the default export and uses its result as
 * the stack outputs.
 */
import * as os from 'node:os';
import * as pulumi from '@pulumi/pulumi';
import { CONFIG_KEYS, CONFIG_NAMESPACE } from './config/lab-config.js';
import { resolveKubeconfig } from './config/kubeconfig.js';
import { parseLabConfig } from './config/parse-lab-config.js';
import { createLab, type LabOutputs } from './lab.js';

/** Read, validate and declare; returns the stack outputs. */
export default function main(): LabOutputs {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = config.getObject<unknown>(key);
    if (value !== undefined) {
      raw[key] = value;
    }
  }
  const parsed = parseLabConfig(raw);
  return createLab(parsed, {
    kubeconfig: resolveKubeconfig(parsed.cluster.kubeconfig, os.homedir(), process.cwd()),
  });
}
