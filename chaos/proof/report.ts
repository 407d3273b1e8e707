/** The proof report: JSON (everything observed) and Markdown (what a human reads first). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProofRun } from './runner.js';

const cell = (value: number | null) => (value === null ? '-' : `${value.toFixed(0)} s`);

export function proofMarkdown(run: ProofRun, context: { cluster: string }): string {
  const passed = run.scenarios.filter((scenario) => scenario.verdict.passed).length;
  const lines = [
    `# Proof of resilience ${run.runId}`,
    '',
    `Cluster \`${context.cluster}\` · ${run.startedAt} → ${run.endedAt} · **${passed}/${run.scenarios.length} passed**${run.interrupted ? ' · interrupted' : ''}`,
    '',
    "Times are measured from the creation of the chaos objects, by polling the lab's APIs (Alertmanager, the agent, the Kubernetes API); they are as precise as the poll interval.",
    '',
    '| scenario | target | expected | alert | agent | detect | act | recover | result |',
    '|---|---|---|---|---|---|---|---|---|',
    ...run.scenarios.map((scenario) => {
      const observation = scenario.observation;
      const agent = observation.incident
        ? `${observation.incident.status} (${observation.incident.action})`
        : 'no incident';
      return `| ${scenario.id} | ${scenario.target} | ${scenario.expectedAlert ?? 'no alert'} → ${scenario.expectedAction} | ${observation.alert?.name ?? 'none'} | ${agent} | ${cell(scenario.verdict.detectSeconds)} | ${cell(scenario.verdict.actSeconds)} | ${cell(scenario.verdict.recoverSeconds)} | ${scenario.verdict.passed ? 'PASS' : 'FAIL'} |`;
    }),
    '',
  ];
  for (const scenario of run.scenarios.filter((item) => !item.verdict.passed)) {
    lines.push(`## ${scenario.id}: why it failed`, '', ...scenario.verdict.reasons.map((reason) => `- ${reason}`), '');
  }
  lines.push('## Cleanup', '');
  lines.push(
    `Deleted ${run.cleanup.deleted.length} object(s): ${run.cleanup.deleted.map((object) => `${object.kind}/${object.namespace}/${object.name}`).join(', ') || 'none'}.`,
  );
  if (run.cleanup.failed.length > 0) {
    lines.push(
      '',
      '**Could not delete** (remove by hand: `kubectl delete <kind> -l ai4all-sre.io/proof-run=' + run.runId + ' -A`):',
      '',
    );
    for (const failure of run.cleanup.failed) {
      const object =
        typeof failure.object === 'string'
          ? failure.object
          : `${failure.object.kind}/${failure.object.namespace}/${failure.object.name}`;
      lines.push(`- ${object}: ${failure.error}`);
    }
  }
  for (const scenario of run.scenarios) {
    if (scenario.observation.incident?.postMortemPath)
      lines.push(
        '',
        `Post-mortem of ${scenario.id} (in the agent's data): \`${scenario.observation.incident.postMortemPath}\``,
      );
  }
  return `${lines.join('\n')}\n`;
}

export async function writeProofReport(
  directory: string,
  run: ProofRun,
  context: { cluster: string },
): Promise<{ markdown: string; json: string }> {
  await mkdir(directory, { recursive: true });
  const markdown = join(directory, 'proof.md');
  const json = join(directory, 'proof.json');
  await writeFile(json, `${JSON.stringify({ ...run, cluster: context.cluster }, null, 2)}\n`);
  await writeFile(markdown, proofMarkdown(run, context));
  return { markdown, json };
}
