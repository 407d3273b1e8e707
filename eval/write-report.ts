/** Writes the eval's HTML report (creating its folder) and returns the path, relative to the cwd when inside it. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { renderEvalReport, type EvalReportInput } from './html-report.js';

export async function writeEvalReport(path: string, input: EvalReportInput): Promise<string> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, renderEvalReport(input));
  return relative(process.cwd(), target) || target;
}
