/** Where a command writes; tests pass a recording fake. */
export interface CliIo {
  out(line: string): void;
  error(line: string): void;
}

/** The process' stdout/stderr. */
export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};
