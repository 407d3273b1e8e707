/**
 * Writes vendor/alert-rules/kube-prometheus-stack-<version>.default-rules.json: every alerting rule
 * of the pinned kube-prometheus-stack chart's default PrometheusRules, rendered by the real Helm
 * (`helm template` of the vendored archive, chart defaults) and recorded with its source (archive
 * file and sha256, Helm version, command). The agent's alert table (agent/core/intake/alert-kinds*)
 * is checked against this file by a test, so the test needs neither Helm nor the network.
 *
 * Run: npx tsx tools/alert-rules/render-default-rules.ts   (needs .cache/tools/bin/helm: npm run tools:build)
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CHARTS } from '../../stacks/catalog/chart-catalog.js';
import { describeRun, REPO_ROOT, runTool } from '../../test/engines/ecosystem-tools.js';
import { vendoredRulesPath, type VendoredAlertRule, type VendoredAlertRules } from './alert-table-inputs.js';

interface RenderedRule {
  alert?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function render(): VendoredAlertRules {
  const version = CHARTS.kubePrometheusStack.version;
  const archive = join(REPO_ROOT, 'vendor', 'charts', `kube-prometheus-stack-${version}.tgz`);
  const args = ['template', 'kps', archive, '--namespace', 'monitoring'];
  const run = runTool('helm', args);
  if (run.status !== 0) throw new Error(`helm template failed:\n${describeRun(run)}`);
  const helmVersion = runTool('helm', ['version', '--short']).stdout.trim();
  const rules: VendoredAlertRule[] = [];
  for (const document of parseAllDocuments(run.stdout)) {
    const object = document.toJS() as {
      kind?: string;
      spec?: { groups?: { name: string; rules?: RenderedRule[] }[] };
    } | null;
    if (object?.kind !== 'PrometheusRule') continue;
    for (const group of object.spec?.groups ?? []) {
      for (const rule of group.rules ?? []) {
        if (rule.alert === undefined) continue;
        rules.push({
          group: group.name,
          alert: rule.alert,
          expr: String(rule.expr ?? '').trim(),
          for: rule.for ?? null,
          severity: rule.labels?.['severity'] ?? null,
          summary: rule.annotations?.['summary'] ?? null,
          description: rule.annotations?.['description'] ?? null,
          runbookUrl: rule.annotations?.['runbook_url'] ?? null,
        });
      }
    }
  }
  return {
    source: {
      chart: `kube-prometheus-stack ${version}`,
      archive: `vendor/charts/${basename(archive)}`,
      sha256: createHash('sha256').update(readFileSync(archive)).digest('hex'),
      renderedBy: `helm ${helmVersion}`,
      command: `helm ${args.map((arg) => (arg === archive ? `vendor/charts/${basename(archive)}` : arg)).join(' ')}`,
    },
    rules,
  };
}

const output = vendoredRulesPath();
mkdirSync(join(output, '..'), { recursive: true });
const rendered = render();
writeFileSync(output, `${JSON.stringify(rendered, null, 2)}\n`);
console.log(`wrote ${rendered.rules.length} alerting rules to ${output}`);
