/**
 * The composition root hands the workflow what the intake learned: whether Alertmanager has sent
 * the resolved notification for every alert of an incident still being worked on.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from './app.js';
import { parseConfig } from './config/config.js';
import type { WorkflowContext } from './wiring.js';
import { makeAlert, makeWebhook, resolvedWebhook } from '../simulator/fakes/index.js';

let agent: RunningAgent | undefined;
let scratch: string | undefined;
afterEach(async () => {
  await agent?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

async function post(url: string, body: unknown): Promise<number> {
  const response = await fetch(`${url}/webhook/alertmanager`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('resolved notifications reach verification', () => {
  it('reports an incident resolved only once every alert of it was resolved', async () => {
    scratch = await mkdtemp(join(tmpdir(), 'ai4all-resolved-'));
    const config = parseConfig(
      {
        KUBECONFIG: join(scratch, 'kubeconfig'),
        AGENT_PORT: '0',
        AGENT_LISTEN_HOST: '127.0.0.1',
        AGENT_DATA_DIR: join(scratch, 'data'),
        AGENT_MODE: 'autonomous',
        AGENT_NAMESPACES: 'online-boutique',
        AGENT_LEADER_ELECTION: 'off',
        AGENT_INSECURE_NO_AUTH: 'true',
      },
      { fileExists: () => true },
    );
    let context: WorkflowContext | undefined;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    agent = await startAgent(config, {
      logger: pino({ level: 'silent' }),
      stopGraceMilliseconds: 500,
      workflow: (given) => {
        context = given;
        const hold = () => held;
        return { run: hold, resume: hold, approve: hold, reject: hold };
      },
    });
    const labels = (alertname: string) => ({
      alertname,
      namespace: 'online-boutique',
      deployment: 'cartservice',
      severity: 'warning',
    });
    const firing = makeWebhook(
      [
        makeAlert({ labels: labels('DeploymentOOMKilled'), startsAt: new Date().toISOString() }),
        makeAlert({ labels: labels('DeploymentRestartStorm'), startsAt: new Date().toISOString() }),
      ],
      ['namespace', 'deployment'],
    );
    expect(await post(agent.url, firing)).toBe(200);
    const incident = agent.store.list()[0];
    expect(incident).toBeDefined();
    expect(context?.alertsResolved?.(incident!.id)).toBe(false);

    // One of the two alerts resolves: not yet.
    const one = resolvedWebhook(
      makeWebhook([firing.alerts[0]!], ['namespace', 'deployment']),
      new Date().toISOString(),
    );
    expect(await post(agent.url, one)).toBe(200);
    expect(context?.alertsResolved?.(incident!.id)).toBe(false);

    const both = resolvedWebhook(firing, new Date().toISOString());
    expect(await post(agent.url, both)).toBe(200);
    expect(context?.alertsResolved?.(incident!.id)).toBe(true);
    expect(context?.alertsResolved?.('no-such-incident')).toBe(false);
    release();
  });
});
