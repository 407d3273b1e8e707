/**
 * Runs the agent in this process, exactly as its composition root does (`parseConfig` of an
 * environment, then `startAgent`), against the test cluster. Two things differ from a
 * production start, both so the scenarios finish in minutes: the HTTP server listens on
 * 127.0.0.1 port 0, and the pipeline's rollout/verification windows are shortened.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { type RunningAgent, startAgent } from '../../../../agent/app.js';
import { parseConfig } from '../../../../agent/config/config.js';
import { createDefaultWorkflow } from '../../../../agent/wiring.js';
import { AGENT_HTTP } from '../../../../catalog/index.js';
import { eventually } from './kube.js';

export interface AgentOptions {
  readonly kubeconfig: string;
  readonly namespaces: readonly string[];
  readonly ollamaHost: string;
  /** A model the (fake) Ollama has installed. */
  readonly ollamaModel: string;
  readonly webhookToken: string;
}

/** Pipeline windows for the tests (production defaults: 5 min rollout, 30 s settle, 5 min window, 60 s stable). */
export const TEST_WINDOWS = {
  rollout: { deadlineMilliseconds: 45_000, pollMilliseconds: 1_000 },
  verification: {
    settleMilliseconds: 2_000,
    windowMilliseconds: 30_000,
    intervalMilliseconds: 2_000,
    stableMilliseconds: 8_000,
  },
} as const;

/** The minimal incident shape the agent's contract (issue 4) promises. */
export interface IncidentView {
  readonly id: string;
  readonly status: string;
  readonly target: { namespace: string; kind: string; name: string } | null;
  readonly action: { type: string; [key: string]: unknown } | null;
  readonly decision: { outcome: string; reasons: unknown[] } | null;
  readonly timeline: ReadonlyArray<{ event: string; message: string }>;
}

const TERMINAL = ['resolved', 'no-action', 'blocked', 'failed', 'needs-human'];

export class AgentUnderTest {
  private agent: RunningAgent | undefined;
  private dataDirectory = '';
  private output = '';

  constructor(private readonly options: AgentOptions) {}

  async start(): Promise<void> {
    this.dataDirectory = await mkdtemp(join(tmpdir(), 'ai4all-agent-e2e-'));
    const config = parseConfig(
      {
        KUBECONFIG: this.options.kubeconfig,
        AGENT_NAMESPACES: this.options.namespaces.join(','),
        OLLAMA_HOST: this.options.ollamaHost,
        OLLAMA_MODEL: this.options.ollamaModel,
        AGENT_MODE: 'autonomous',
        AGENT_PORT: '0',
        AGENT_LISTEN_HOST: '127.0.0.1',
        AGENT_DATA_DIR: this.dataDirectory,
        AGENT_WEBHOOK_TOKEN: this.options.webhookToken,
        AGENT_LEADER_ELECTION: 'off',
        AGENT_HOURLY_ACTION_BUDGET: '50',
      },
      { fileExists: existsSync },
    );
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.output = (this.output + chunk.toString()).slice(-40_000);
        done();
      },
    });
    this.agent = await startAgent(config, {
      logger: pino({ level: 'debug' }, sink),
      workflow: (context) => createDefaultWorkflow(context, { config: TEST_WINDOWS }),
    });
  }

  async stop(): Promise<void> {
    await this.agent?.close();
    if (this.dataDirectory) await rm(this.dataDirectory, { recursive: true, force: true });
  }

  /** The agent's recent log lines (JSON), for failure messages. */
  logTail(characters = 6_000): string {
    return this.output.slice(-characters);
  }

  private get url(): string {
    if (!this.agent) throw new Error('the agent is not started');
    return this.agent.url;
  }

  /** POSTs an Alertmanager webhook body with the bearer token; returns the HTTP status. */
  async postAlert(payload: unknown): Promise<number> {
    const response = await fetch(`${this.url}${AGENT_HTTP.webhookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.webhookToken}` },
      body: JSON.stringify(payload),
    });
    await response.arrayBuffer();
    return response.status;
  }

  /** GET with the bearer token (the read API is closed without it); throws on any status but 200. */
  private async read(path: string): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, {
      headers: { authorization: `Bearer ${this.options.webhookToken}` },
    });
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    return response.json();
  }

  /** Every incident as a full record: the paged summaries (following the cursor), then each record. */
  async incidents(): Promise<IncidentView[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=200' : `?limit=200&cursor=${encodeURIComponent(cursor)}`;
      const page = (await this.read(`${AGENT_HTTP.incidentsPath}${query}`)) as {
        items: Array<{ id: string }>;
        nextCursor: string | null;
      };
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return Promise.all(
      ids.map(async (id) => (await this.read(`${AGENT_HTTP.incidentsPath}/${encodeURIComponent(id)}`)) as IncidentView),
    );
  }

  /** Waits for the incident about `namespace/name` to reach a terminal status. */
  async settledIncident(namespace: string, name: string, timeoutMilliseconds: number): Promise<IncidentView> {
    const settled = (incident: IncidentView) =>
      incident.target?.namespace === namespace && incident.target.name === name && TERMINAL.includes(incident.status);
    try {
      const list = await eventually(
        `an incident about ${namespace}/${name} to settle`,
        () => this.incidents(),
        (incidents) => incidents.some(settled),
        timeoutMilliseconds,
      );
      return list.find(settled)!;
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- agent log:\n${this.logTail()}`, {
        cause: error,
      });
    }
  }
}
