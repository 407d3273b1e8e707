/**
 * Test doubles at the network boundary: fake Ollama, Prometheus and Loki servers on 127.0.0.1,
 * recorded payload fixtures, Alertmanager webhook builders, and metrics/logs derived from the
 * Kubernetes simulator. For tests, the demo, eval and bench only; the agent never imports this.
 */
export { startFakeOllama } from './fake-ollama.js';
export type {
  FakeOllama,
  FakeOllamaOptions,
  RecordedChat,
  ReplyMatcher,
  ScriptedFault,
  ScriptedReply,
} from './fake-ollama.js';
export { chatEnvelope, conformsToFormat, streamLines, type ChatRequestBody } from './ollama-replies.js';
export { startFakePrometheus, type FakePrometheus, type FakePrometheusOptions } from './fake-prometheus.js';
export { startFakeLoki, simulatorLogs, type FakeLoki, type LogSource, type LogStream } from './fake-loki.js';
export {
  simulatorMetrics,
  latencySeconds,
  SIMULATED_METRICS,
  type QueryResolver,
  type Sample,
} from './simulator-metrics.js';
export type { ObservabilityFault } from './http-faults.js';
export { AlertEngine, type AlertEngineOptions, type AlertRule, type Delivery } from './alert-engine.js';
export { evaluatePromql, type SeriesSource } from './promql-eval.js';
export { startLoopbackServer, type LoopbackServer } from './loopback-server.js';
export {
  alertFingerprint,
  makeAlert,
  makeWebhook,
  resolvedWebhook,
  type AlertInput,
  type WebhookAlert,
} from './alertmanager-payloads.js';
export {
  alertmanagerFixture,
  chatContent,
  lokiFixture,
  ollamaFixture,
  prometheusFixture,
  type AlertmanagerFixture,
  type AlertmanagerWebhook,
  type LokiFixture,
  type OllamaChatResponse,
  type OllamaFixture,
  type PrometheusFixture,
} from './fixtures.js';
