/**
 * The PromQL the agent asks about a Deployment (kube-state-metrics, cAdvisor and a conventional
 * HTTP histogram/counter). Namespace and name are DNS names (validated upstream), so they can be
 * embedded in label matchers without escaping problems; quotes are still escaped defensively.
 */
import type { WorkloadRef } from '../../domain/workload.js';

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const escapeRegex = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function evidenceQueries(target: WorkloadRef): readonly { name: string; query: string }[] {
  const namespace = quote(target.namespace);
  const pods = quote(`${escapeRegex(target.name)}-[a-z0-9]+-[a-z0-9]+`);
  const deployment = quote(target.name);
  const containers = `namespace=${namespace},pod=~${pods},container!=""`;
  return [
    { name: 'cpu-cores', query: `sum(rate(container_cpu_usage_seconds_total{${containers}}[5m]))` },
    { name: 'memory-bytes', query: `max(container_memory_working_set_bytes{${containers}})` },
    { name: 'restarts', query: `sum(kube_pod_container_status_restarts_total{namespace=${namespace},pod=~${pods}})` },
    {
      name: 'cpu-throttled-ratio',
      query: `sum(increase(container_cpu_cfs_throttled_periods_total{${containers}}[5m])) / sum(increase(container_cpu_cfs_periods_total{${containers}}[5m]))`,
    },
    {
      // kube-state-metrics: an HPA whose scaleTargetRef is this Deployment owns its replica count.
      name: 'hpa-targets',
      query: `kube_horizontalpodautoscaler_info{namespace=${namespace},scaletargetref_kind="Deployment",scaletargetref_name=${deployment}}`,
    },
    {
      name: 'latency-p99-seconds',
      query: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace=${namespace},deployment=${deployment}}[5m])))`,
    },
    {
      name: 'error-ratio',
      query: `sum(rate(http_requests_total{namespace=${namespace},deployment=${deployment},code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace=${namespace},deployment=${deployment}}[5m]))`,
    },
  ];
}

/** LogQL for error lines of the Deployment's pods. */
export function errorLinesQuery(target: WorkloadRef): string {
  return `{namespace=${quote(target.namespace)}, pod=~${quote(`${escapeRegex(target.name)}-.*`)}} |~ "(?i)(error|exception|fatal|panic|refused|timeout)"`;
}
