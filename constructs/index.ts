/**
 * The ai4all-sre construct library: cdk8s constructs (cdk8s-plus-28, Kubernetes 1.28 API) for an
 * agent-operated cluster. Import from here; `constructs/imports/` (generated CRD classes) and
 * `catalog/` (pure data) are re-exported where a user needs them.
 */
export * from '../catalog/index.js';
export * from './core/prop-validation.js';
export * from './core/container-defaults.js';
export * from './agent/agent-identity.js';
export * from './agent/agent-workload.js';
export * from './agent/agent-network-policy.js';
export * from './agent/agent-labels.js';
export * from './alerting/alertmanager-routing.js';
export * from './alerting/workload-alert-rules.js';
export * from './alerting/linkerd-proxy-monitor.js';
export * as workloadQueries from './alerting/workload-queries.js';
export * from './workload/managed-workload.js';
export * from './demo/online-boutique.js';
export * from './demo/boutique-services.js';
export * from './gitops/app-of-apps.js';
export * from './policy/kyverno-validating-policy.js';
export * from './policy/workload-baseline-policies.js';
export * from './policy/agent-guardrail-policy.js';
export * from './policy/narrow-policy-exception.js';
export * from './chaos/chaos-experiment.js';
export * from './chaos/render-chaos-spec.js';
export * from './chaos/chaos-experiment-resource.js';
export * from './chaos/chaos-schedule.js';
export * from './chaos/chaos-workflow.js';
export * from './dashboards/grafana-dashboard-config-map.js';
export * from './dashboards/dashboard-queries.js';
