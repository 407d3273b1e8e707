/* eslint-disable @typescript-eslint/no-explicit-any -- test helper returning loosely typed JSON bodies */
/** Helpers for the service tests: Alertmanager v4 payloads and an agent on loopback. Not used at run time. */
import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startAgent, type AgentOverrides, type RunningAgent } from '../../app.js';
import { parseConfig } from '../../config/config.js';
import { StaticLeadership } from '../../ports/leadership.js';
import type { RecordingWorkflow } from './recording-workflow.js';

export interface TestAlert {
  readonly alertname?: string;
  readonly namespace?: string;
  readonly deployment?: string;
  readonly severity?: string;
  readonly status?: 'firing' | 'resolved';
  readonly extra?: Record<string, string>;
}

export function alert(input: TestAlert = {}): Record<string, unknown> {
  const labels: Record<string, string> = {
    alertname: input.alertname ?? 'KubePodCrashLooping',
    namespace: input.namespace ?? 'online-boutique',
    ...(input.deployment === '' ? {} : { deployment: input.deployment ?? 'cartservice' }),
    severity: input.severity ?? 'critical',
    ...input.extra,
  };
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(Object.entries(labels).sort()))
    .digest('hex')
    .slice(0, 16);
  const status = input.status ?? 'firing';
  return {
    status,
    labels,
    annotations: { summary: `${labels['alertname']} on ${labels['deployment'] ?? '?'}` },
    startsAt: '2026-11-24T10:00:00.000Z',
    endsAt: status === 'resolved' ? '2026-11-24T10:05:00.000Z' : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
    fingerprint,
  };
}

export function payload(...alerts: Record<string, unknown>[]): Record<string, unknown> {
  const first = alerts[0] as { labels: Record<string, string>; status: string };
  return {
    version: '4',
    groupKey: `{}:{alertname="${first.labels['alertname']}"}`,
    truncatedAlerts: 0,
    status: first.status,
    receiver: 'ai4all-sre-agent',
    groupLabels: { alertname: first.labels['alertname'] },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts,
  };
}

export interface TestAgentOptions {
  readonly workflow: RecordingWorkflow;
  readonly dataDirectory?: string;
  readonly environment?: Record<string, string>;
  readonly overrides?: AgentOverrides;
}

export async function startTestAgent(options: TestAgentOptions): Promise<RunningAgent & { dataDirectory: string }> {
  const dataDirectory = options.dataDirectory ?? (await mkdtemp(join(tmpdir(), 'ai4all-agent-')));
  const config = parseConfig(
    {
      KUBECONFIG: '/not/used/by/these/tests',
      AGENT_PORT: '0',
      AGENT_LISTEN_HOST: '127.0.0.1',
      AGENT_DATA_DIR: dataDirectory,
      AGENT_MODE: 'autonomous',
      AGENT_NAMESPACES: 'online-boutique',
      AGENT_LEADER_ELECTION: 'off',
      // Most service tests exercise intake, not auth; the auth tests set AGENT_WEBHOOK_TOKEN, which wins.
      AGENT_INSECURE_NO_AUTH: 'true',
      ...options.environment,
    },
    { fileExists: () => true },
  );
  const agent = await startAgent(config, {
    workflow: options.workflow,
    leadership: new StaticLeadership(true),
    logger: pino({ level: 'silent' }),
    stopGraceMilliseconds: 200,
    ...options.overrides,
  });
  return Object.assign(agent, { dataDirectory });
}

export async function post(agent: RunningAgent, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${agent.url}/webhook/alertmanager`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

export async function getJson(agent: RunningAgent, path: string, headers: Record<string, string> = {}): Promise<any> {
  return (await fetch(`${agent.url}${path}`, { headers })).json();
}

/** Sum of the alerts-received counter by disposition, read from /metrics. */
export async function dispositions(agent: RunningAgent): Promise<Record<string, number>> {
  const text = await (await fetch(`${agent.url}/metrics`)).text();
  const totals: Record<string, number> = {};
  for (const match of text.matchAll(/^ai4all_sre_alerts_received_total\{[^}]*disposition="(\w+)"[^}]*\} (\d+)/gm)) {
    totals[match[1]!] = (totals[match[1]!] ?? 0) + Number(match[2]);
  }
  return totals;
}

/** Every incident as a full record, newest first: pages through GET /api/incidents, then reads each by id. */
export async function listIncidents(agent: RunningAgent, headers: Record<string, string> = {}): Promise<any[]> {
  const records: any[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = (await (await fetch(`${agent.url}/api/incidents?limit=200${query}`, { headers })).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    for (const item of page.items) {
      records.push(await (await fetch(`${agent.url}/api/incidents/${item.id}`, { headers })).json());
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  return records;
}
