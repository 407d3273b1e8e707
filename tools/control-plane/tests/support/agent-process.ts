/**
 * Runs the agent (`agent/main.ts`, its composition root) as a child process against the test
 * cluster, the way `npm run agent` does, and talks to its HTTP API on 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_HTTP } from '../../../../constructs/catalog/index.js';
import { REPO_ROOT } from '../../layout.js';
import { freePort } from '../../network.js';
import { eventually } from './kube.js';

export const AGENT_ENTRY = join(REPO_ROOT, 'agent', 'main.ts');
export const agentExists = () => existsSync(AGENT_ENTRY);

export interface AgentOptions {
  readonly kubeconfig: string;
  readonly namespaces: readonly string[];
  readonly ollamaHost: string;
  readonly webhookToken: string;
  readonly extraEnvironment?: Record<string, string>;
}

/** The minimal incident shape the contract (issue 4) promises. */
export interface IncidentView {
  readonly id: string;
  readonly status: string;
  readonly target: { namespace: string; kind: string; name: string } | null;
  readonly diagnosis: { category: string; source: string } | null;
  readonly action: { type: string; [key: string]: unknown } | null;
  readonly decision: { outcome: string; reasons: unknown[] } | null;
  readonly timeline: ReadonlyArray<{ event: string; message: string }>;
}

export class AgentProcess {
  private child: ChildProcess | undefined;
  private dataDirectory = '';
  private output = '';
  baseUrl = '';

  constructor(private readonly options: AgentOptions) {}

  /** Starts the agent and waits for /readyz. */
  async start(): Promise<void> {
    const port = await freePort();
    this.dataDirectory = await mkdtemp(join(tmpdir(), 'ai4all-agent-e2e-'));
    this.baseUrl = `http://127.0.0.1:${port}`;
    const tsx = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
    this.child = spawn(tsx, [AGENT_ENTRY], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? this.dataDirectory,
        KUBECONFIG: this.options.kubeconfig,
        AGENT_NAMESPACES: this.options.namespaces.join(','),
        OLLAMA_HOST: this.options.ollamaHost,
        AGENT_MODE: 'autonomous',
        AGENT_PORT: String(port),
        AGENT_LISTEN_HOST: '127.0.0.1',
        AGENT_DATA_DIR: this.dataDirectory,
        AGENT_WEBHOOK_TOKEN: this.options.webhookToken,
        ...this.options.extraEnvironment,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `the agent exited during start (code ${this.child.exitCode ?? this.child.signalCode}):\n${this.logTail(3_000)}`,
        );
      }
      const status = await fetch(`${this.baseUrl}${AGENT_HTTP.readyPath}`).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      if (Date.now() > deadline)
        throw new Error(`the agent did not answer ${AGENT_HTTP.readyPath} within 60s:\n${this.logTail(3_000)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The agent's recent stdout/stderr (for failure messages). */
  logTail(characters = 4_000): string {
    return this.output.slice(-characters);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.dataDirectory) await rm(this.dataDirectory, { recursive: true, force: true });
  }

  /** POSTs an Alertmanager webhook body; returns the HTTP status. */
  async postAlert(payload: unknown): Promise<number> {
    const response = await fetch(`${this.baseUrl}${AGENT_HTTP.webhookPath}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.options.webhookToken}` },
      body: JSON.stringify(payload),
    });
    return response.status;
  }

  async incidents(): Promise<IncidentView[]> {
    const response = await fetch(`${this.baseUrl}${AGENT_HTTP.incidentsPath}`);
    if (response.status !== 200) throw new Error(`GET ${AGENT_HTTP.incidentsPath} answered ${response.status}`);
    return (await response.json()) as IncidentView[];
  }

  /** Waits for the incident about `namespace/name` to reach a terminal status. */
  async settledIncident(namespace: string, name: string, timeoutMilliseconds = 120_000): Promise<IncidentView> {
    const terminal = ['resolved', 'no-action', 'blocked', 'failed', 'needs-human'];
    const about = (incident: IncidentView) => incident.target?.namespace === namespace && incident.target.name === name;
    const incidents = await eventually(
      `an incident about ${namespace}/${name} to settle`,
      () => this.incidents(),
      (list) => list.some((incident) => about(incident) && terminal.includes(incident.status)),
      timeoutMilliseconds,
    ).catch((error: unknown) => {
      throw new Error(
        `${error instanceof Error ? error.message : String(error)}\n--- agent output:\n${this.logTail()}`,
        {
          cause: error,
        },
      );
    });
    return incidents.find((incident) => about(incident) && terminal.includes(incident.status))!;
  }
}
