/**
 * The one pinned catalog of everything that drifts: Helm chart repository/name/version per
 * platform component, CRD bundle versions, and the Ollama model tags the lab may pull (with the
 * memory each needs). Versions come from the platform research notes (charts and tooling, 2026-12)
 * (re-check with `helm search repo <chart> --versions` on a lab host before bumping).
 * Pure data: the stack, its tests and the docs read it; nothing else pins a version.
 */

/** A Helm chart pinned to an exact version. */
export interface PinnedChart {
  /** Helm repository URL (`helm repo add`). */
  readonly repo: string;
  /** Chart name inside the repository. */
  readonly chart: string;
  /** Exact chart version (never a range). */
  readonly version: string;
  /** Application version the chart ships, for the stack outputs and the docs. */
  readonly appVersion: string;
}

/** Every chart the stack installs, keyed by component. */
export const CHARTS = {
  argocd: {
    repo: 'https://argoproj.github.io/argo-helm',
    chart: 'argo-cd',
    version: '10.1.1',
    appVersion: 'v3.4.4',
  },
  linkerdCrds: {
    repo: 'https://helm.linkerd.io/edge',
    chart: 'linkerd-crds',
    version: '2026.8.3',
    appVersion: 'edge-26.8.3',
  },
  linkerdControlPlane: {
    repo: 'https://helm.linkerd.io/edge',
    chart: 'linkerd-control-plane',
    version: '2026.8.3',
    appVersion: 'edge-26.8.3',
  },
  kyverno: {
    repo: 'https://kyverno.github.io/kyverno/',
    chart: 'kyverno',
    version: '3.9.0',
    appVersion: 'v1.19.0',
  },
  chaosMesh: {
    repo: 'https://charts.chaos-mesh.org',
    chart: 'chaos-mesh',
    version: '2.8.3',
    appVersion: 'v2.8.3',
  },
  kubePrometheusStack: {
    repo: 'https://prometheus-community.github.io/helm-charts',
    chart: 'kube-prometheus-stack',
    version: '88.5.3',
    appVersion: 'v0.93.1',
  },
  loki: {
    repo: 'https://grafana-community.github.io/helm-charts',
    chart: 'loki',
    version: '18.11.0',
    appVersion: '3.7.6',
  },
  alloy: {
    repo: 'https://grafana.github.io/helm-charts',
    chart: 'alloy',
    version: '1.11.1',
    appVersion: 'v1.18.1',
  },
  ollama: {
    repo: 'https://helm.otwld.com/',
    chart: 'ollama',
    version: '1.77.0',
    appVersion: '0.32.15',
  },
} as const satisfies Record<string, PinnedChart>;

/** A component key of {@link CHARTS}. */
export type ChartKey = keyof typeof CHARTS;

/**
 * Gateway API CRDs Linkerd needs before `linkerd-crds` (since 2.19 Linkerd no longer installs
 * them). Only applied when the stack is told to install them; k3s ships them with Traefik.
 * Applied from the repository's vendored copy (standard channel, the files the release's
 * `standard-install.yaml` holds), so `install` needs no network, not even to preview.
 */
export const GATEWAY_API_CRDS = {
  version: 'v1.4.1',
  /** Folder of the vendored CRDs, relative to the repository root. */
  vendoredDirectory: 'vendor/schemas/crds/gateway-api',
  /** The standard-channel CRD files in that folder. */
  vendoredFiles: [
    'gateway.networking.k8s.io_gatewayclasses.yaml',
    'gateway.networking.k8s.io_gateways.yaml',
    'gateway.networking.k8s.io_httproutes.yaml',
    'gateway.networking.k8s.io_grpcroutes.yaml',
    'gateway.networking.k8s.io_referencegrants.yaml',
    'gateway.networking.k8s.io_backendtlspolicies.yaml',
  ],
  /** CRDs Linkerd's policy controller watches; the stack checks they exist in `existing` mode. */
  requiredCrds: ['httproutes.gateway.networking.k8s.io', 'grpcroutes.gateway.networking.k8s.io'],
} as const;

/** An Ollama model tag the lab may pull, with what it needs to run on CPU. */
export interface PinnedModel {
  /** Download size in GiB (persistent volume sizing). */
  readonly downloadGiB: number;
  /** Memory request in GiB that serves the model on CPU with a 4k context. */
  readonly memoryGiB: number;
}

/**
 * Model tags the stack accepts. Sizes are the quantized (Q4_K_M) downloads from the Ollama
 * library; memory = weights + KV cache + runtime headroom.
 */
export const OLLAMA_MODELS = {
  'qwen2.5:3b-instruct': { downloadGiB: 1.9, memoryGiB: 4 },
  'llama3.2:3b': { downloadGiB: 2.0, memoryGiB: 4 },
  'qwen2.5:7b-instruct': { downloadGiB: 4.7, memoryGiB: 8 },
  'llama3.1:8b': { downloadGiB: 4.9, memoryGiB: 9 },
  'qwen2.5:14b-instruct': { downloadGiB: 9.0, memoryGiB: 14 },
} as const satisfies Record<string, PinnedModel>;

/** A model tag of {@link OLLAMA_MODELS}. */
export type OllamaModelTag = keyof typeof OLLAMA_MODELS;

/** Model tags in catalog order (used in error messages and the docs). */
export const OLLAMA_MODEL_TAGS = Object.keys(OLLAMA_MODELS) as OllamaModelTag[];
