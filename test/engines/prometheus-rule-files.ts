/**
 * PrometheusRule objects (prometheus-operator) turned into plain Prometheus rule files, the format
 * promtool and the prometheus server read: the operator mounts `spec.groups` unchanged as
 * `{ groups: [...] }`, so that is all the conversion does.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

/** One rule of a group (alerting or recording). */
export interface PrometheusRuleEntry {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** One rule group. */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly PrometheusRuleEntry[];
}

/** A PrometheusRule object as a rule file. */
export interface RuleFile {
  /** `<namespace>-<name>.rules.yaml` */
  readonly fileName: string;
  readonly groups: readonly PrometheusRuleGroup[];
}

/** Every PrometheusRule in a multi-document manifest file, as rule files. */
export function ruleFilesFromManifests(manifestPath: string): RuleFile[] {
  const files: RuleFile[] = [];
  for (const document of parseAllDocuments(readFileSync(manifestPath, 'utf8'))) {
    const object = document.toJS() as {
      kind?: string;
      metadata?: { name?: string; namespace?: string };
      spec?: { groups?: PrometheusRuleGroup[] };
    } | null;
    if (object?.kind !== 'PrometheusRule') continue;
    const name = object.metadata?.name ?? 'unnamed';
    files.push({
      fileName: `${object.metadata?.namespace ?? 'default'}-${name}.rules.yaml`,
      groups: object.spec?.groups ?? [],
    });
  }
  return files;
}

/** Writes rule files into a directory; returns their file names. */
export function writeRuleFiles(directory: string, files: readonly RuleFile[]): string[] {
  for (const file of files) writeFileSync(join(directory, file.fileName), stringify({ groups: file.groups }));
  return files.map((file) => file.fileName);
}

/** Every rule of every file, flattened. */
export function allRules(files: readonly RuleFile[]): PrometheusRuleEntry[] {
  return files.flatMap((file) => file.groups.flatMap((group) => group.rules));
}
