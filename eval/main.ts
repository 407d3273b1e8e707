/**
 * `npm run eval`: the scored incident suite. Always scores the rule engine and the replayed model
 * (recorded correct, hostile and broken replies through the fake Ollama); scores a live model too
 * when OLLAMA_HOST answers with OLLAMA_MODEL. Exits 1 on any unsafe write or when the rules' or the
 * replay's all-correct ratio is under the threshold; 2 on bad options.
 */
import '../scripts/require-node.mjs'; // first: refuses a Node.js other than 24 before anything heavy loads
import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_MODEL_TAG } from '../catalog/agent-contract.js';
import { probeOllama } from '../demo/ollama-probe.js';
import { alertRowCoverage } from './alert-coverage.js';
import { runSuite, type SuiteResult } from './run-suite.js';
import type { EvalMode } from './run-scenario.js';
import { EVAL_SCENARIOS } from './scenarios/index.js';
import { writeEvalReport } from './write-report.js';
import { scenarioLines, totalsTable } from './terminal.js';

function ratio(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1)
    throw new InvalidArgumentError('expected a number between 0 and 1');
  return parsed;
}

const program = new Command('eval')
  .description('Score the agent on incident scenarios: accuracy, unsafe writes, time per incident')
  .option('--scenario <id...>', 'only these scenarios')
  .option('--filter <text>', 'only scenarios whose id or group contains this text')
  .option('--json <file>', 'write every score and the totals as JSON')
  .option('--html <file>', 'where to write the HTML report', '.ai4all-sre-eval/report.html')
  .option('--threshold <ratio>', 'minimum all-correct ratio for rules and the replayed model', ratio, 0.9)
  .option('--no-model', 'skip the live model even when Ollama answers')
  .showHelpAfterError();

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{
    scenario?: string[];
    filter?: string;
    json?: string;
    html: string;
    threshold: number;
    model: boolean;
  }>();
  let scenarios = [...EVAL_SCENARIOS];
  if (options.scenario) {
    const unknown = options.scenario.filter((id) => !EVAL_SCENARIOS.some((scenario) => scenario.id === id));
    if (unknown.length > 0) throw new InvalidArgumentError(`unknown scenario(s) ${unknown.join(', ')}`);
    scenarios = scenarios.filter((scenario) => options.scenario?.includes(scenario.id));
  }
  if (options.filter)
    scenarios = scenarios.filter(
      (scenario) => scenario.id.includes(options.filter ?? '') || scenario.group.includes(options.filter ?? ''),
    );
  if (scenarios.length === 0) throw new InvalidArgumentError('no scenario matches');

  const modes: { name: string; mode: EvalMode; gated: boolean }[] = [
    { name: 'rules', mode: { kind: 'rules' }, gated: true },
    { name: 'replayed model', mode: { kind: 'replayed-model' }, gated: true },
  ];
  const host = process.env['OLLAMA_HOST'] ?? 'http://127.0.0.1:11434';
  const modelName = process.env['OLLAMA_MODEL'] ?? DEFAULT_MODEL_TAG;
  if (options.model) {
    const probe = await probeOllama(host, modelName);
    if (probe.found)
      modes.push({
        name: `live model ${modelName}`,
        mode: { kind: 'live-model', host, model: modelName },
        gated: false,
      });
    else console.log(`live model: skipped (${probe.reason ?? 'not reachable'})`);
  }
  const started = performance.now();
  const results: Record<string, SuiteResult> = {};
  for (const { name, mode } of modes) {
    console.log(`\n${name}`);
    results[name] = await runSuite(mode, scenarios, (score) => console.log(scenarioLines(score).join('\n')));
  }
  console.log('');
  const rows = modes.flatMap(({ name }) => {
    const result = results[name] as SuiteResult;
    return [
      { name, result },
      ...(result.holdOut ? [{ name: `${name}, hold-out`, result: { ...result, totals: result.holdOut } }] : []),
    ];
  });
  for (const row of totalsTable(rows)) console.log(row);
  console.log(
    'model calls: median / p95 per incident; hold-out rows: scenarios written after the rules, never tuned on',
  );
  const coverage = alertRowCoverage(scenarios);
  console.log(
    `alert rows with a scenario: ${coverage.covered.length}/${coverage.rows} (docs/alerts.md)${coverage.missing.length > 0 ? `; missing: ${coverage.missing.join(', ')}` : ''}`,
  );
  console.log(`total wall time ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (options.json) {
    await writeFile(options.json, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`results: ${options.json}`);
  }
  const failures: string[] = [];
  for (const { name, gated } of modes) {
    const totals = (results[name] as SuiteResult).totals;
    const unsafe = totals.unsafeWrites + ((results[name] as SuiteResult).holdOut?.unsafeWrites ?? 0);
    if (unsafe > 0) failures.push(`${name}: ${unsafe} unsafe write(s)`);
    if (gated && totals.scenarios > 0 && totals.allCorrectRatio < options.threshold) {
      failures.push(
        `${name}: all-correct ${percent(totals.allCorrectRatio)} is under the threshold ${percent(options.threshold)}`,
      );
    }
  }
  for (const failure of failures) console.log(`FAIL ${failure}`);
  const report = await writeEvalReport(options.html, {
    modes: modes.map(({ name, gated }) => ({ name, gated, result: results[name] as SuiteResult })),
    threshold: options.threshold,
    failures,
  });
  console.log(`report: ${report} (open it in a browser; it works offline)`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`eval failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
