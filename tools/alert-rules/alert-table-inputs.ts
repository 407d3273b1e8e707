/**
 * The inputs of docs/alerts.md: the vendored default rules (read, never rendered here: no Helm
 * needed) and the agent's alert rows. Shared by the writer and the staleness test.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CHARTS } from '../../stacks/catalog/chart-catalog.js';
import { ALERT_KINDS } from '../../agent/core/intake/alert-kinds.js';
import { renderAlertTable, type OtherRuleGroup } from '../../agent/core/intake/alert-table.js';
import { REPO_ROOT } from '../../test/engines/ecosystem-tools.js';

/** One alerting rule as the chart renders it (see render-default-rules.ts). */
export interface VendoredAlertRule {
  readonly group: string;
  readonly alert: string;
  readonly expr: string;
  readonly for: string | null;
  readonly severity: string | null;
  readonly summary: string | null;
  readonly description: string | null;
  readonly runbookUrl: string | null;
}

/** The vendored file. */
export interface VendoredAlertRules {
  readonly source: {
    readonly chart: string;
    readonly archive: string;
    readonly sha256: string;
    readonly renderedBy: string;
    readonly command: string;
  };
  readonly rules: readonly VendoredAlertRule[];
}

/** Rule groups whose alerts can be about an application workload (the table's chart rows). */
export const WORKLOAD_RULE_GROUPS = ['kubernetes-apps', 'kubernetes-resources', 'kubernetes-storage', 'general.rules'];

export const ALERT_TABLE_PATH = join(REPO_ROOT, 'docs', 'alerts.md');

/** Path of the vendored rules for the catalog's chart version. */
export function vendoredRulesPath(version: string = CHARTS.kubePrometheusStack.version): string {
  return join(REPO_ROOT, 'vendor', 'alert-rules', `kube-prometheus-stack-${version}.default-rules.json`);
}

export function readVendoredRules(): VendoredAlertRules {
  return JSON.parse(readFileSync(vendoredRulesPath(), 'utf8')) as VendoredAlertRules;
}

/** docs/alerts.md as it should be. */
export function expectedAlertTable(vendored: VendoredAlertRules = readVendoredRules()): string {
  const others = new Map<string, string[]>();
  for (const rule of vendored.rules) {
    if (WORKLOAD_RULE_GROUPS.includes(rule.group)) continue;
    const names = others.get(rule.group) ?? [];
    if (!names.includes(rule.alert)) names.push(rule.alert);
    others.set(rule.group, names);
  }
  const otherGroups: OtherRuleGroup[] = [...others].map(([group, alerts]) => ({ group, alerts }));
  return renderAlertTable(
    ALERT_KINDS,
    { ...vendored.source, vendoredFile: relative(REPO_ROOT, vendoredRulesPath()) },
    otherGroups,
  );
}
