/**
 * Values for the (grafana-community) loki chart: monolithic single binary with filesystem
 * storage, no auth (single tenant), no memcached caches, no canary, no gateway — so the Service
 * is `loki:3100`, the `PLATFORM_ENDPOINTS.loki` Grafana and the agent use. The chart fails
 * without an explicit schemaConfig.
 */
import { resources } from './sizing.js';

/** Inputs of {@link lokiValues}. */
export interface LokiValuesInput {
  readonly retention: string;
  readonly storageSize: string;
  readonly storageClass: string;
}

/** Helm values for loki. */
export function lokiValues(input: LokiValuesInput): Record<string, unknown> {
  return {
    deploymentMode: 'Monolithic',
    loki: {
      auth_enabled: false,
      commonConfig: { replication_factor: 1 },
      storage: { type: 'filesystem' },
      schemaConfig: {
        configs: [
          {
            from: '2024-04-01',
            store: 'tsdb',
            object_store: 'filesystem',
            schema: 'v13',
            index: { prefix: 'loki_index_', period: '24h' },
          },
        ],
      },
      limits_config: { retention_period: input.retention },
      compactor: { retention_enabled: true, delete_request_store: 'filesystem' },
    },
    singleBinary: {
      replicas: 1,
      resources: resources('100m', '256Mi', '1Gi'),
      persistence: { enabled: true, size: input.storageSize, storageClass: input.storageClass },
    },
    read: { replicas: 0 },
    write: { replicas: 0 },
    backend: { replicas: 0 },
    gateway: { enabled: false },
    chunksCache: { enabled: false },
    resultsCache: { enabled: false },
    lokiCanary: { enabled: false },
    test: { enabled: false },
  };
}
