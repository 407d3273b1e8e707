/**
 * The recorded fixtures are what the real servers send: Alertmanager bodies pass the agent's own
 * webhook schema and carry consistent fingerprints; Ollama replies carry the stats fields with
 * consistent durations; Prometheus and Loki bodies use their API envelopes.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DIRECTOR_FORMAT, SPECIALIST_FORMAT } from '../../agent/core/diagnosis/reply-schemas.js';
import { AlertmanagerPayloadSchema } from '../../agent/core/intake/alertmanager-payload.js';
import {
  alertFingerprint,
  alertmanagerFixture,
  lokiFixture,
  makeAlert,
  conformsToFormat,
  makeWebhook,
  ollamaFixture,
  prometheusFixture,
  resolvedWebhook,
  type AlertmanagerFixture,
  type OllamaFixture,
} from './index.js';

function names(folder: string): string[] {
  return readdirSync(fileURLToPath(new URL(`./fixtures/${folder}/`, import.meta.url)))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/\.json$/, ''));
}

describe('Alertmanager fixtures', () => {
  it.each(names('alertmanager'))('%s passes the webhook schema and has label-set fingerprints', (name) => {
    const payload = alertmanagerFixture(name as AlertmanagerFixture);
    const parsed = AlertmanagerPayloadSchema.safeParse(payload);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    for (const alert of payload.alerts) {
      expect(alert.fingerprint).toBe(alertFingerprint(alert.labels));
      expect(alert.generatorURL).toMatch(
        /^http:\/\/kube-prometheus-stack-prometheus\.monitoring:9090\/graph\?g0\.expr=/,
      );
      if (alert.status === 'firing') expect(alert.endsAt).toBe('0001-01-01T00:00:00Z');
      else expect(Date.parse(alert.endsAt)).toBeGreaterThan(Date.parse(alert.startsAt));
    }
  });

  it('builders produce the same structure as the recorded crash-loop notification', () => {
    const recorded = alertmanagerFixture('firing-kube-pod-crashlooping');
    const original = recorded.alerts[0]!;
    const built = makeWebhook([
      makeAlert({
        labels: { ...original.labels, alertname: 'KubePodCrashLooping' },
        annotations: original.annotations,
        startsAt: original.startsAt,
      }),
    ]);
    expect(built.groupKey).toBe(recorded.groupKey);
    expect(built.commonLabels).toEqual(recorded.commonLabels);
    expect(built.alerts[0]?.fingerprint).toBe(original.fingerprint);
    const resolved = resolvedWebhook(built, '2026-03-01T10:11:17.109Z');
    expect(resolved.status).toBe('resolved');
    expect(resolved.alerts[0]?.fingerprint).toBe(original.fingerprint);
    expect(AlertmanagerPayloadSchema.safeParse(resolved).success).toBe(true);
  });
});

describe('Ollama fixtures', () => {
  it.each(names('ollama').filter((name) => name.startsWith('chat-')))(
    '%s has the fields and timing Ollama reports',
    (name) => {
      const reply = ollamaFixture(name as Exclude<OllamaFixture, 'tags' | 'version'>);
      expect(reply).toMatchObject({ done: true, message: { role: 'assistant' } });
      expect(['stop', 'length']).toContain(reply.done_reason);
      expect(reply.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
      expect(reply.total_duration).toBeGreaterThan(
        reply.load_duration + reply.prompt_eval_duration + reply.eval_duration,
      );
      expect(reply.eval_count).toBeGreaterThan(0);
      expect(reply.message.content.length).toBeGreaterThan(0);
    },
  );

  it('director and specialist replies satisfy the agent reply formats, except the deliberately broken ones', () => {
    // The two that name a target are off-format on purpose: the model never chooses the target.
    const broken = [
      'chat-director-truncated',
      'chat-director-prose',
      'chat-director-hostile-other-namespace',
      'chat-director-hostile-other-workload',
    ];
    for (const name of names('ollama').filter((item) => item.startsWith('chat-'))) {
      const content = ollamaFixture(name as Exclude<OllamaFixture, 'tags' | 'version'>).message.content;
      const format = name.startsWith('chat-specialist-') ? SPECIALIST_FORMAT : DIRECTOR_FORMAT;
      expect(conformsToFormat(format, content), name).toBe(!broken.includes(name));
    }
  });
});

describe('Prometheus and Loki fixtures', () => {
  it('use the API envelopes', () => {
    expect(prometheusFixture('query-vector-unavailable')).toMatchObject({
      status: 'success',
      data: { resultType: 'vector' },
    });
    expect(prometheusFixture('query-range-matrix-cpu')).toMatchObject({
      status: 'success',
      data: { resultType: 'matrix' },
    });
    expect(prometheusFixture('query-error-bad-data')).toMatchObject({ status: 'error', errorType: 'bad_data' });
    const streams = lokiFixture('query-range-streams') as { data: { result: { values: [string, string][] }[] } };
    expect(streams.data.result[0]?.values[0]?.[0]).toMatch(/^\d{19}$/);
  });
});
