/** Writes the demo's HTML report next to the agent's data, linking post-mortems relative to it. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { renderDemoReport, type DemoReportInput } from './html-report.js';

/** A relative link from the report's folder to a file, each segment URL-encoded. */
export function relativeHref(fromFile: string, toFile: string): string {
  return relative(dirname(resolve(fromFile)), resolve(toFile))
    .split(sep)
    .map(encodeURIComponent)
    .join('/');
}

export async function writeDemoReport(path: string, input: Omit<DemoReportInput, 'postMortemHref'>): Promise<string> {
  const target = resolve(path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, renderDemoReport({ ...input, postMortemHref: (file) => relativeHref(target, file) }));
  return target;
}
