/** The lab test's record: timed phases and the problems each check found. */

/** One timed step and what it found. */
export interface PhaseResult {
  readonly name: string;
  readonly seconds: number;
  readonly problems: readonly string[];
}

/** Collects phases; `failed` once any phase found a problem. */
export class LabReport {
  readonly phases: PhaseResult[] = [];

  constructor(private readonly log: (line: string) => void) {}

  /** Runs `step`, timing it; a thrown error becomes the phase's problem. */
  async phase(name: string, step: () => Promise<readonly string[] | void>): Promise<readonly string[]> {
    const started = Date.now();
    this.log(`\n== ${name}`);
    let problems: readonly string[];
    try {
      problems = (await step()) ?? [];
    } catch (error) {
      problems = [error instanceof Error ? error.message : String(error)];
    }
    const seconds = (Date.now() - started) / 1000;
    this.phases.push({ name, seconds, problems });
    for (const problem of problems) this.log(`  FAIL ${problem}`);
    this.log(`== ${name}: ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`} in ${seconds.toFixed(1)}s`);
    return problems;
  }

  get failed(): boolean {
    return this.phases.some((phase) => phase.problems.length > 0);
  }

  /** A table of phases for the end of the run. */
  summary(): string {
    return this.phases
      .map(
        (phase) =>
          `${phase.problems.length === 0 ? 'ok  ' : 'FAIL'} ${phase.seconds.toFixed(1).padStart(7)}s  ${phase.name}`,
      )
      .join('\n');
  }
}
