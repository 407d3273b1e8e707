/**
 * The whole agent through its composition root, with every real part: configuration parsed from
 * an environment, the real Kubernetes client against the API simulator (kubeconfig file), leader
 * election on the simulator's pre-created Lease, the real Ollama client against the fake Ollama,
 * the real pipeline, journal, reports and metrics. Only the pipeline's clock drives simulated time.
 */
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AGENT_DEFAULTS } from '../catalog/agent-contract.js';
import { startAgent, type RunningAgent } from './app.js';
import { parseConfig } from './config/config.js';
import type { Incident } from './domain/incident.js';
import type { Clock } from './ports/clock.js';
import {
  makeDeployment,
  makeLease,
  startKubernetesSimulator,
  type KubernetesSimulator,
} from '../simulator/kubernetes/index.js';
import { makeAlert, makeWebhook, ollamaFixture, startFakeOllama, type FakeOllama } from '../simulator/fakes/index.js';
import { createDefaultWorkflow } from './wiring.js';

const NAMESPACE = 'online-boutique';
const TOKEN = 'end-to-end-webhook-token-0123456789';

let scratch: string;
let simulator: KubernetesSimulator;
let ollama: FakeOllama;
let agent: RunningAgent | undefined;

beforeEach(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ai4all-app-'));
  simulator = await startKubernetesSimulator({ seed: 3, startTime: Date.now() });
  await simulator.writeKubeConfig(join(scratch, 'kubeconfig'));
  simulator.cluster.applyLease(makeLease(AGENT_DEFAULTS.namespace, AGENT_DEFAULTS.leaseName));
  ollama = await startFakeOllama();
});
afterEach(async () => {
  await agent?.close();
  agent = undefined;
  await Promise.all([simulator.close(), ollama.close()]);
  await rm(scratch, { recursive: true, force: true });
});

async function start(): Promise<RunningAgent> {
  const config = parseConfig(
    {
      KUBECONFIG: join(scratch, 'kubeconfig'),
      OLLAMA_HOST: ollama.url,
      OLLAMA_MODEL: 'qwen2.5:7b-instruct',
      AGENT_PORT: '0',
      AGENT_LISTEN_HOST: '127.0.0.1',
      AGENT_DATA_DIR: join(scratch, 'data'),
      AGENT_WEBHOOK_TOKEN: TOKEN,
      AGENT_MODE: 'autonomous',
      AGENT_NAMESPACES: NAMESPACE,
      AGENT_LEADER_ELECTION: 'required',
      AGENT_LEASE_NAMESPACE: AGENT_DEFAULTS.namespace,
      POD_NAME: 'agent-0',
    },
    { fileExists: () => true },
  );
  const clock: Clock = {
    now: () => new Date(simulator.cluster.clock.now()),
    sleep: (milliseconds) => {
      simulator.cluster.advanceMilliseconds(milliseconds);
      return Promise.resolve();
    },
  };
  return startAgent(config, {
    logger: pino({ level: 'silent' }),
    workflow: (context) =>
      createDefaultWorkflow(context, {
        clock,
        config: {
          rollout: { deadlineMilliseconds: 180_000, pollMilliseconds: 2_000 },
          verification: {
            settleMilliseconds: 10_000,
            windowMilliseconds: 60_000,
            intervalMilliseconds: 5_000,
            stableMilliseconds: 60_000,
          },
          model: { timeoutMilliseconds: 5_000, retries: 0 },
        },
      }),
  });
}

describe('the agent end to end (simulator + fake Ollama)', () => {
  it('takes the Lease, rolls back a bad rollout from a webhook, verifies, and reports it honestly', async () => {
    simulator.cluster.applyDeployment(
      makeDeployment({ namespace: NAMESPACE, name: 'cartservice', image: 'cartservice:v1', replicas: 2 }),
    );
    simulator.cluster.advance(30);
    simulator.cluster.injectFault({ kind: 'crash-loop', match: { namespace: NAMESPACE, image: 'cartservice:v2' } });
    simulator.cluster.applyDeployment(
      makeDeployment({ namespace: NAMESPACE, name: 'cartservice', image: 'cartservice:v2', replicas: 2 }),
    );
    simulator.cluster.advance(120);
    ollama.script([
      { match: { formatHasProperties: ['specialist'] }, reply: ollamaFixture('chat-specialist-compute') },
      { match: { formatHasProperties: ['action'] }, reply: ollamaFixture('chat-director-rollback') },
    ]);

    agent = await start();
    expect(simulator.cluster.snapshot().leases[0]?.spec?.holderIdentity).toBe('agent-0');
    expect(await (await fetch(`${agent.url}/readyz`)).json()).toMatchObject({ ready: true });

    const webhook = makeWebhook([
      makeAlert({
        labels: {
          alertname: 'KubeDeploymentRolloutStuck',
          namespace: NAMESPACE,
          deployment: 'cartservice',
          severity: 'critical',
        },
        annotations: { summary: 'Deployment rollout is not progressing.' },
        startsAt: new Date().toISOString(),
      }),
    ]);
    const unauthorized = await fetch(`${agent.url}/webhook/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(webhook),
    });
    expect(unauthorized.status).toBe(401);
    const accepted = await fetch(`${agent.url}/webhook/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify(webhook),
    });
    expect(accepted.status).toBe(200);
    await agent.idle();

    const auth = { authorization: `Bearer ${TOKEN}` };
    const page = (await (await fetch(`${agent.url}/api/incidents`, { headers: auth })).json()) as {
      items: { id: string }[];
    };
    expect(page.items, 'one incident').toHaveLength(1);
    const incident = (await (
      await fetch(`${agent.url}/api/incidents/${page.items[0]!.id}`, { headers: auth })
    ).json()) as Incident | undefined;
    expect(incident, 'one incident').toBeDefined();
    expect(incident!.status, JSON.stringify(incident!.timeline, null, 1)).toBe('resolved');
    expect(incident!.target).toEqual({ namespace: NAMESPACE, kind: 'Deployment', name: 'cartservice' });
    // The rules are decisive on a bad rollout: the model writes the narrative, the rules' rollback runs.
    expect(incident!.diagnosis).toMatchObject({ source: 'rules', category: 'bad-rollout' });
    expect(incident!.diagnosis?.narrative).toBeTruthy();
    expect(incident!.action).toMatchObject({ type: 'rollback' });
    expect(incident!.decision?.outcome).toBe('allowed');
    const live = simulator.cluster.getDeployment(NAMESPACE, 'cartservice');
    expect(live?.spec.template.spec?.containers[0]?.image).toBe('cartservice:v1');

    const report = await readFile(incident!.postMortemPath!, 'utf8');
    expect(report).toContain('**Status: resolved.**');
    expect(report).toContain('Time to recover');
    const metrics = await (await fetch(`${agent.url}/metrics`)).text();
    expect(metrics).toContain('ai4all_sre_actions_total{type="rollback",result="applied"} 1');
    expect(metrics).toContain('ai4all_sre_incidents_total{outcome="resolved"} 1');
    expect(metrics).toContain('ai4all_sre_model_calls_per_incident_count{path="decisive"} 1');
    expect(metrics).toMatch(/ai4all_sre_model_request_duration_seconds_count\{role="director",result="ok"\} 1/);
  });

  it('does not act while another replica holds the Lease', async () => {
    simulator.cluster.applyLease({
      ...makeLease(AGENT_DEFAULTS.namespace, AGENT_DEFAULTS.leaseName),
      spec: { holderIdentity: 'agent-1', leaseDurationSeconds: 15, renewTime: new Date().toISOString() },
    });
    agent = await start();
    const ready = await fetch(`${agent.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('agent-1 holds');
  });
});
