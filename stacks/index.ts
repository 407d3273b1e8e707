/**
 * Composition root of the Pulumi program (`main` in Pulumi.yaml) and the only reader of
 * `pulumi.Config`: reads each top-level key of the `ai4all-sre` namespace, parses it with the
 * schema (errors name the key and the allowed values), resolves the kubeconfig path, the chart
 * source and the vendored Gateway API CRDs, and declares the lab. Pulumi's nodejs runtime calls
 * the default export and uses its result as the stack outputs.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pulumi from '@pulumi/pulumi';
import { CHARTS, GATEWAY_API_CRDS, type ChartKey } from './catalog/chart-catalog.js';
import { missingArchives, type ChartSource } from './components/chart-source.js';
import { CONFIG_KEYS, CONFIG_NAMESPACE, type LabConfig } from './config/lab-config.js';
import { resolveKubeconfig } from './config/kubeconfig.js';
import { LabConfigError, parseLabConfig } from './config/parse-lab-config.js';
import { createLab, type LabOutputs } from './lab.js';

/** The repository root (vendored files are found relative to it). */
const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The configured chart source with its folder resolved; every archive must exist. */
function chartSource(config: LabConfig, workingDirectory: string): ChartSource {
  if (config.charts.source === 'repository') return { kind: 'repository' };
  const source: ChartSource = { kind: 'vendored', directory: path.resolve(workingDirectory, config.charts.directory) };
  const missing = missingArchives(source, Object.keys(CHARTS) as ChartKey[], existsSync);
  if (missing.length > 0) {
    throw new LabConfigError([
      `${CONFIG_NAMESPACE}:charts.directory: ${missing.length} pinned chart archive(s) missing: ${missing.join(', ')}`,
    ]);
  }
  return source;
}

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
  const workingDirectory = process.cwd();
  return createLab(parsed, {
    kubeconfig: resolveKubeconfig(parsed.cluster.kubeconfig, os.homedir(), workingDirectory),
    charts: chartSource(parsed, workingDirectory),
    gatewayApiCrdFiles: GATEWAY_API_CRDS.vendoredFiles.map((file) =>
      path.join(REPOSITORY_ROOT, GATEWAY_API_CRDS.vendoredDirectory, file),
    ),
  });
}
