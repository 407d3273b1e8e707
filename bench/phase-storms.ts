/**
 * Phase 3: three storms of 10,000 alerts (5 per payload, 500 workloads, 10 % resolved, 32
 * connections) on an agent with cooldown 0 and an instant workflow (agent-server.ts); 503s are
 * retried like Alertmanager. Targets: peak RSS < 200 MB, no heap/RSS growth from storm 2 to 3.
 * Storm 1 fills the bounded structures (retained incidents, dedupe window, runbooks).
 */
import { spawnChild } from './children.js';
import { webhookBody } from './alert-bodies.js';
import { runLoad, type LoadResult } from './load-generator.js';
import { belowMegabytes, describeLoad, format, MB, type AlertTally, type Check, type Counters } from './report.js';

const STORM_ALERTS = 10_000;

export async function runStormsPhase(scratch: string): Promise<{ checks: Check[]; tally: AlertTally }> {
  type Memory = { rss: number; heapUsed: number; peakRss: number };
  const agent = await spawnChild('agent-server.ts', scratch);
  const stormUrl = `${String(agent.ready['url'])}/webhook/alertmanager`;
  const before = await agent.call<Memory>('memory');
  await agent.call('reset-peak');
  const storms: { result: LoadResult; memory: Memory }[] = [];
  for (const phase of ['storm1', 'storm2', 'storm3']) {
    const result = await runLoad({
      url: stormUrl,
      connections: 32,
      requests: STORM_ALERTS / 5,
      retry503: true,
      body: (index) => webhookBody(index, { phase, alertsPerPayload: 5, workloads: 500, resolvedEvery: 10 }),
    });
    await agent.call('idle');
    storms.push({ result, memory: await agent.call<Memory>('memory') });
  }
  const counters = await agent.call<Counters>('counters');
  console.log('\n== 3. three 10,000-alert storms (5 alerts/payload, 500 workloads, 32 connections, cooldown 0) ==');
  for (const [index, storm] of storms.entries()) {
    console.log(`${describeLoad(`storm ${index + 1}`, storm.result)}  503-retries ${storm.result.retries}`);
    console.log(
      `  after storm ${index + 1}: rss ${format(storm.memory.rss / MB)} MB, heap ${format(storm.memory.heapUsed / MB)} MB`,
    );
  }
  const peak = storms[2]!.memory.peakRss;
  console.log(
    `before storms: rss ${format(before.rss / MB)} MB, heap ${format(before.heapUsed / MB)} MB; peak rss during storms ${format(peak / MB)} MB`,
  );
  console.log(
    `dispositions ${JSON.stringify(counters.byDisposition)}, ledger lines ${counters.ledgerLines}, incidents in memory ${counters.incidents}`,
  );
  const tally: AlertTally = {
    sent: 3 * STORM_ALERTS,
    retried: storms.reduce((sum, storm) => sum + storm.result.retries * 5, 0),
    tally: counters,
  };
  await agent.call('stop');
  return {
    checks: [
      belowMegabytes('peak RSS during storms', peak, 200),
      belowMegabytes('heap growth storm 2 → 3', storms[2]!.memory.heapUsed - storms[1]!.memory.heapUsed, 5),
      belowMegabytes('RSS growth storm 2 → 3', storms[2]!.memory.rss - storms[1]!.memory.rss, 10),
    ],
    tally,
  };
}
