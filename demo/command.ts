/**
 * The `npm run demo` command: the whole self-healing loop on a simulated cluster, no cluster and no model
 * needed. Uses Ollama when OLLAMA_HOST (default http://127.0.0.1:11434) answers, else the rules.
 * Exits 1 when a scenario ends differently from what it expects, 2 on bad options or a crash.
 */
import { writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MODEL_TAG } from '../catalog/agent-contract.js';
import { probeOllama } from './ollama-probe.js';
import { expectLine, printSummary, streamOutput, timelineLine, type Output } from './report.js';
import { exitCodeFor, runDemo } from './run-demo.js';
import { writeDemoReport } from './write-report.js';
import { DEMO_SCENARIOS, selectScenarios } from './scenarios.js';

/** Simulated seconds per wall second by default: the five scenarios take about a minute to watch. */
const DEFAULT_SPEED = 30;

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return parsed;
}

function speed(value: string): number {
  if (value === 'max') return 0;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError('expected simulated seconds per wall second (> 0), or "max"');
  }
  return parsed;
}

const program = new Command('demo')
  .description('Break and heal a simulated online shop with the ai4all-sre agent')
  .option('--seed <n>', 'simulation seed (same seed, same run)', integer, 1)
  .option('--scenario <id...>', `scenarios to run, in order (${DEMO_SCENARIOS.map((item) => item.id).join(', ')})`)
  .option(
    '--speed <factor>',
    `simulated seconds per wall second, or "max" to run as fast as the agent allows (default ${DEFAULT_SPEED})`,
    speed,
    DEFAULT_SPEED,
  )
  .addOption(
    new Option('--mode <mode>', 'agent mode: dry-run shows what it would do and writes nothing')
      .choices(['autonomous', 'dry-run'])
      .default('autonomous'),
  )
  .option('--json <file>', 'also write the results as JSON')
  .option('--html <file>', 'where to write the HTML report (default: <data-dir>/report.html)')
  .option('--data-dir <dir>', 'where the agent keeps incidents, post-mortems and its log', '.ai4all-sre-demo')
  .option('--no-model', 'do not look for Ollama; the rule engine decides')
  .option('--list', 'list the scenarios and exit')
  .showHelpAfterError();

async function main(): Promise<number> {
  program.parse();
  const options = program.opts<{
    seed: number;
    speed: number;
    mode: 'autonomous' | 'dry-run';
    scenario?: string[];
    json?: string;
    html?: string;
    dataDir: string;
    model: boolean;
    list?: boolean;
  }>();
  const output: Output = streamOutput(process.stdout);
  if (options.list) {
    for (const scenario of DEMO_SCENARIOS) output.line(`${scenario.id.padEnd(18)} ${scenario.title}`);
    return 0;
  }
  const scenarios = selectScenarios(options.scenario);
  const host = process.env['OLLAMA_HOST'] ?? 'http://127.0.0.1:11434';
  const model = options.model ? await probeOllama(host, process.env['OLLAMA_MODEL'] ?? DEFAULT_MODEL_TAG) : null;
  const dataDirectory = resolve(options.dataDir);
  output.line(
    `ai4all-sre demo · seed ${options.seed} · ${scenarios.length} scenario(s) · simulated cluster, real agent (${options.mode})`,
  );
  output.line(
    options.speed > 0
      ? `time: simulated, ${options.speed}× wall time (--speed max runs as fast as the agent allows)`
      : 'time: simulated, as fast as the agent allows',
  );
  output.line(
    model?.found
      ? `reasoning: Ollama at ${host} with ${model.model} (specialists + director), rule engine as fallback`
      : `reasoning: rule engine (${options.model ? (model?.reason ?? 'Ollama not reachable') : '--no-model'})`,
  );

  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    output.line('interrupted: finishing the current scenario unpaced, then stopping (Ctrl-C again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const started = Date.now();
  const run = await runDemo({
    seed: options.seed,
    scenarios,
    dataDirectory,
    model: model?.found ? { host, model: model.model } : null,
    speed: options.speed,
    mode: options.mode,
    signal: abort.signal,
    onScenarioStart: (scenario, index) => {
      output.line('');
      output.line(
        `[${index + 1}/${scenarios.length}] ${scenario.title} (${scenario.id}${scenario.chaosScenario ? `, mirrors chaos ${scenario.chaosScenario}` : ''})`,
      );
      output.line(
        expectLine(
          `${scenario.expect.alert ?? 'no alert'} → ${scenario.expect.action} → ${scenario.expect.status ?? 'no incident'}; ${scenario.lesson}`,
        ),
      );
    },
    onProgress: (event) => output.line(timelineLine(event.seconds, event.kind, event.text)),
    onTick: (tick) => output.status?.(`  t+${tick.seconds.toFixed(0).padStart(4)}s  … ${tick.phase}`),
  });
  const wallSeconds = ((Date.now() - started) / 1000).toFixed(1);
  const shown = (path: string) => relative(process.cwd(), path) || path;
  printSummary(
    output,
    run.results.map((result) => ({ ...result, postMortems: result.postMortems.map(shown) })),
    [
      `agent log: ${shown(run.agentLogPath)} · data: ${shown(run.dataDirectory)}`,
      `simulated ${run.simulatedSeconds} s in ${wallSeconds} s of wall time`,
    ],
  );
  if (options.json) {
    await writeFile(
      options.json,
      `${JSON.stringify(
        {
          seed: options.seed,
          mode: options.mode,
          model: model?.found ? model.model : null,
          simulatedSeconds: run.simulatedSeconds,
          results: run.results,
        },
        null,
        2,
      )}\n`,
    );
    output.line(`results: ${options.json}`);
  }
  const failed = run.results.filter((result) => !result.passed);
  if (run.interrupted) output.line(`interrupted after ${run.results.length} of ${scenarios.length} scenario(s)`);
  else if (failed.length === 0) output.line(`all ${run.results.length} scenario(s) ended as expected`);
  else output.line(`${failed.length} scenario(s) ended wrong: ${failed.map((result) => result.id).join(', ')}`);
  const report = await writeDemoReport(options.html ?? resolve(dataDirectory, 'report.html'), {
    seed: options.seed,
    mode: options.mode,
    model: model?.found ? model.model : null,
    simulatedSeconds: run.simulatedSeconds,
    interrupted: run.interrupted,
    results: run.results,
  });
  output.line(`report: ${shown(report)} (open it in a browser; it works offline)`);
  return exitCodeFor(run);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
