/**
 * Test support (not used at run time): opens the incident store on a data directory in a child
 * process and prints one JSON line with what loaded and the peak RSS, so tests can hold a large
 * journal's start-up to a memory bound. Usage: tsx journal-open-child.ts <directory> <retain>
 */
import { IncidentStore } from './incident-store.js';

const [directory, retain] = process.argv.slice(2);
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 5);
try {
  const { store, loaded } = await IncidentStore.open({ directory: directory!, retain: Number(retain ?? 1000) });
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(
    `${JSON.stringify({ ok: true, incidents: store.size, lost: loaded.lostCount, kinds: [...new Set(loaded.corrupt.map((line) => line.kind))], bytesRead: loaded.bytesRead, peakRss: peak })}\n`,
  );
  await store.close();
} catch (error) {
  process.stdout.write(`${JSON.stringify({ ok: false, error: String(error), peakRss: peak })}\n`);
  process.exitCode = 1;
} finally {
  clearInterval(sampler);
}
