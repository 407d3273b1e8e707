/**
 * Loads the payload fixtures in `fixtures/`: Ollama chat replies, Alertmanager webhook bodies,
 * Prometheus and Loki API responses. Each call returns a fresh deep copy, so tests may mutate it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export type OllamaFixture =
  | 'chat-director-rollback'
  | 'chat-director-restart'
  | 'chat-director-scale'
  | 'chat-director-no-action'
  | 'chat-director-hostile-other-namespace'
  | 'chat-director-hostile-other-workload'
  | 'chat-director-hostile-scale-thousand'
  | 'chat-director-hostile-scale-zero'
  | 'chat-director-truncated'
  | 'chat-director-prose'
  | 'chat-specialist-compute'
  | 'chat-specialist-network'
  | 'tags'
  | 'version';

export type AlertmanagerFixture =
  | 'firing-kube-pod-crashlooping'
  | 'resolved-kube-pod-crashlooping'
  | 'firing-crashlooping-group'
  | 'firing-deployment-unavailable'
  | 'firing-container-oomkilled'
  | 'firing-high-latency'
  | 'firing-dependency-errors'
  | 'firing-no-target'
  | 'firing-prompt-injection';

export type PrometheusFixture =
  | 'query-vector-unavailable'
  | 'query-vector-empty'
  | 'query-scalar'
  | 'query-error-bad-data'
  | 'query-range-matrix-cpu'
  | 'buildinfo';

export type LokiFixture = 'query-range-streams' | 'query-range-empty';

/** A recorded /api/chat (non-streaming) response. */
export interface OllamaChatResponse {
  model: string;
  created_at: string;
  message: { role: 'assistant'; content: string; thinking?: string; tool_calls?: unknown[] };
  done: boolean;
  done_reason: string;
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

export interface AlertmanagerWebhook {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: {
    status: 'firing' | 'resolved';
    labels: Record<string, string>;
    annotations: Record<string, string>;
    startsAt: string;
    endsAt: string;
    generatorURL: string;
    fingerprint: string;
  }[];
}

function load(folder: string, name: string): unknown {
  const path = `${FIXTURES}${folder}/${name}.json`;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(`cannot load fixture ${folder}/${name}.json from ${FIXTURES}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

export function ollamaFixture(name: 'tags'): { models: { name: string; model: string }[] };
export function ollamaFixture(name: 'version'): { version: string };
export function ollamaFixture(name: Exclude<OllamaFixture, 'tags' | 'version'>): OllamaChatResponse;
export function ollamaFixture(name: OllamaFixture): unknown {
  return load('ollama', name);
}

export function alertmanagerFixture(name: AlertmanagerFixture): AlertmanagerWebhook {
  return load('alertmanager', name) as AlertmanagerWebhook;
}

export function prometheusFixture(name: PrometheusFixture): Record<string, unknown> {
  return load('prometheus', name) as Record<string, unknown>;
}

export function lokiFixture(name: LokiFixture): Record<string, unknown> {
  return load('loki', name) as Record<string, unknown>;
}

/** The parsed JSON content of a recorded chat reply (throws if the content is not JSON). */
export function chatContent(name: Exclude<OllamaFixture, 'tags' | 'version'>): Record<string, unknown> {
  return JSON.parse(ollamaFixture(name).message.content) as Record<string, unknown>;
}
