/**
 * The agent's workload: a hardened Deployment configured per the agent's environment contract,
 * its Service, a ServiceMonitor Prometheus picks up, and a PodDisruptionBudget. The webhook
 * bearer token comes from a Secret that is NOT synthesized into Git (the Pulumi stack generates it).
 */
import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { isSystemNamespace } from '../../catalog/action-catalog.js';
import {
  AGENT_DEFAULTS,
  AGENT_HTTP,
  AGENT_MODES,
  agentNodeOptions,
  type AgentMode,
} from '../../catalog/agent-contract.js';
import { MONITORING_SELECTOR_LABEL, PLATFORM_ENDPOINTS } from '../../catalog/platform-contract.js';
import {
  containerResources,
  hardenedContainerSecurity,
  type ContainerResourceSpec,
} from '../core/container-defaults.js';
import {
  PropValidationError,
  requireDnsLabel,
  requireDnsSubdomain,
  requireInteger,
  requirePinnedImage,
  requireUniqueNonEmpty,
} from '../core/prop-validation.js';
import { ServiceMonitor } from '../imports/prometheus-operator-monitoring.coreos.com.js';
import { agentLabels, agentSelectorLabels } from './agent-labels.js';

/** Props of {@link AgentWorkload}. */
export interface AgentWorkloadProps {
  /** Agent container image, pinned to a tag or digest (never `latest`). */
  readonly image: string;
  /** The ServiceAccount to run as (AgentIdentity.serviceAccount). */
  readonly serviceAccount: kplus.IServiceAccount;
  /** Namespaces the agent may act in (AGENT_NAMESPACES); must match AgentIdentity's allowlist. */
  readonly allowlistedNamespaces: readonly string[];
  /** Namespace of the agent. @default AGENT_DEFAULTS.namespace */
  readonly namespace?: string;
  /** Name of the Deployment. @default AGENT_DEFAULTS.name */
  readonly name?: string;
  /** Name of the Service (Alertmanager posts to it). @default AGENT_DEFAULTS.serviceName */
  readonly serviceName?: string;
  /** AGENT_MODE. @default 'approval' */
  readonly mode?: AgentMode;
  /** Replicas; more than one needs the leader-election Lease (AgentIdentity creates it). @default 2 */
  readonly replicas?: number;
  /** OLLAMA_HOST. @default PLATFORM_ENDPOINTS.ollama */
  readonly ollamaUrl?: string;
  /**
   * OLLAMA_MODEL. @default read from the optional ConfigMap `AGENT_DEFAULTS.settingsConfigMapName`
   * (the stack writes the model it pulled there); without it, the agent's default (qwen2.5:3b-instruct)
   */
  readonly ollamaModel?: string;
  /** PROMETHEUS_URL. @default PLATFORM_ENDPOINTS.prometheus */
  readonly prometheusUrl?: string;
  /** LOKI_URL. @default PLATFORM_ENDPOINTS.loki */
  readonly lokiUrl?: string;
  /** Secret holding the webhook bearer token (created outside Git). @default AGENT_DEFAULTS.webhookTokenSecretName */
  readonly webhookTokenSecretName?: string;
  /** Key of the token in that Secret. @default AGENT_DEFAULTS.webhookTokenSecretKey */
  readonly webhookTokenSecretKey?: string;
  /** Leader-election Lease name (AGENT_LEASE_NAME). @default AGENT_DEFAULTS.leaseName */
  readonly leaseName?: string;
  /** Container resources; NODE_OPTIONS caps the V8 heap at three quarters of the memory limit. @default 100m/500m CPU, 128/512 MiB memory */
  readonly resources?: ContainerResourceSpec;
  /** Size limit of the emptyDir mounted at AGENT_DATA_DIR (the root filesystem is read-only). @default 256 */
  readonly dataVolumeMebibytes?: number;
  /** UID (and GID) the container runs as. @default 65532 */
  readonly runAsUser?: number;
}

const CONSTRUCT = 'AgentWorkload';
/** Where the writable data volume is mounted; AGENT_DATA_DIR points at it. */
export const AGENT_DATA_MOUNT_PATH = '/var/lib/ai4all-sre';
const DEFAULT_RESOURCES: ContainerResourceSpec = {
  cpuRequestMillis: 100,
  cpuLimitMillis: 500,
  memoryRequestMebibytes: 128,
  memoryLimitMebibytes: 512,
};

function requireHttpUrl(prop: string, value: string): string {
  if (!/^https?:\/\/[^\s/]+/.test(value)) {
    throw new PropValidationError(CONSTRUCT, prop, value, 'use an absolute http:// or https:// URL');
  }
  return value;
}

/** Deployment, Service, ServiceMonitor and PodDisruptionBudget of the agent. */
export class AgentWorkload extends Construct {
  /** The agent Deployment. */
  readonly deployment: kplus.Deployment;
  /** The ClusterIP Service Alertmanager posts to and Prometheus scrapes. */
  readonly service: kplus.Service;
  /** Labels selecting the agent's pods (NetworkPolicy, PDB). */
  readonly selectorLabels: Readonly<Record<string, string>>;
  /** Namespace of the agent objects. */
  readonly namespace: string;

  constructor(scope: Construct, id: string, props: AgentWorkloadProps) {
    super(scope, id);
    const image = requirePinnedImage(CONSTRUCT, 'image', props.image);
    this.namespace = requireDnsLabel(CONSTRUCT, 'namespace', props.namespace ?? AGENT_DEFAULTS.namespace);
    const name = requireDnsLabel(CONSTRUCT, 'name', props.name ?? AGENT_DEFAULTS.name);
    const serviceName = requireDnsLabel(CONSTRUCT, 'serviceName', props.serviceName ?? AGENT_DEFAULTS.serviceName);
    const mode = props.mode ?? 'approval';
    if (!(AGENT_MODES as readonly string[]).includes(mode)) {
      throw new PropValidationError(CONSTRUCT, 'mode', mode, `use one of ${AGENT_MODES.join(', ')}`);
    }
    requireUniqueNonEmpty(CONSTRUCT, 'allowlistedNamespaces', props.allowlistedNamespaces);
    for (const namespace of props.allowlistedNamespaces) {
      requireDnsLabel(CONSTRUCT, 'allowlistedNamespaces', namespace);
      if (isSystemNamespace(namespace)) {
        throw new PropValidationError(CONSTRUCT, 'allowlistedNamespaces', namespace, 'remove the system namespace');
      }
    }
    const replicas = requireInteger(CONSTRUCT, 'replicas', props.replicas ?? 2, 1, 5);
    const dataMebibytes = requireInteger(
      CONSTRUCT,
      'dataVolumeMebibytes',
      props.dataVolumeMebibytes ?? 256,
      16,
      10_240,
    );
    const runAsUser = requireInteger(CONSTRUCT, 'runAsUser', props.runAsUser ?? 65532, 1, 2_147_483_647);
    const secretName = requireDnsSubdomain(
      CONSTRUCT,
      'webhookTokenSecretName',
      props.webhookTokenSecretName ?? AGENT_DEFAULTS.webhookTokenSecretName,
    );
    const leaseName = requireDnsSubdomain(CONSTRUCT, 'leaseName', props.leaseName ?? AGENT_DEFAULTS.leaseName);
    const ollamaModel = props.ollamaModel;
    if (ollamaModel !== undefined && ollamaModel.trim().length === 0) {
      throw new PropValidationError(
        CONSTRUCT,
        'ollamaModel',
        ollamaModel,
        'name a model tag, e.g. qwen2.5:3b-instruct',
      );
    }
    const labels = { ...agentLabels(name), [MONITORING_SELECTOR_LABEL.key]: MONITORING_SELECTOR_LABEL.value };
    this.selectorLabels = agentSelectorLabels(name);

    const tokenSecret = kplus.Secret.fromSecretName(this, 'webhook-token', secretName);
    const dataVolume = kplus.Volume.fromEmptyDir(this, 'data', 'data', { sizeLimit: Size.mebibytes(dataMebibytes) });
    const env = (value: string) => kplus.EnvValue.fromValue(value);
    const resources = props.resources ?? DEFAULT_RESOURCES;

    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name, namespace: this.namespace, labels },
      replicas,
      select: false,
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: true,
      securityContext: { ensureNonRoot: true, user: runAsUser, group: runAsUser, fsGroup: runAsUser },
      terminationGracePeriod: Duration.seconds(30),
      volumes: [dataVolume],
      containers: [
        {
          name: 'agent',
          image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ports: [{ name: 'http', number: AGENT_HTTP.port }],
          resources: containerResources(CONSTRUCT, 'resources', resources),
          securityContext: hardenedContainerSecurity({ user: runAsUser, readOnlyRootFilesystem: true }),
          liveness: kplus.Probe.fromHttpGet(AGENT_HTTP.healthPath, {
            port: AGENT_HTTP.port,
            initialDelaySeconds: Duration.seconds(5),
            periodSeconds: Duration.seconds(10),
            failureThreshold: 3,
          }),
          readiness: kplus.Probe.fromHttpGet(AGENT_HTTP.readyPath, {
            port: AGENT_HTTP.port,
            periodSeconds: Duration.seconds(5),
            failureThreshold: 2,
          }),
          volumeMounts: [{ path: AGENT_DATA_MOUNT_PATH, volume: dataVolume }],
          envVariables: {
            OLLAMA_HOST: env(requireHttpUrl('ollamaUrl', props.ollamaUrl ?? PLATFORM_ENDPOINTS.ollama)),
            OLLAMA_MODEL:
              ollamaModel !== undefined
                ? env(ollamaModel)
                : kplus.EnvValue.fromConfigMap(
                    kplus.ConfigMap.fromConfigMapName(this, 'settings', AGENT_DEFAULTS.settingsConfigMapName),
                    AGENT_DEFAULTS.settingsModelKey,
                    { optional: true },
                  ),
            PROMETHEUS_URL: env(requireHttpUrl('prometheusUrl', props.prometheusUrl ?? PLATFORM_ENDPOINTS.prometheus)),
            LOKI_URL: env(requireHttpUrl('lokiUrl', props.lokiUrl ?? PLATFORM_ENDPOINTS.loki)),
            AGENT_PORT: env(String(AGENT_HTTP.port)),
            // The V8 heap limit follows the container's memory limit (agentHeapMebibytes).
            NODE_OPTIONS: env(agentNodeOptions(resources.memoryLimitMebibytes)),
            AGENT_DATA_DIR: env(AGENT_DATA_MOUNT_PATH),
            AGENT_MODE: env(mode),
            AGENT_NAMESPACES: env([...props.allowlistedNamespaces].sort().join(',')),
            AGENT_LEADER_ELECTION: env(replicas > 1 ? 'required' : 'auto'),
            AGENT_LEASE_NAMESPACE: env(this.namespace),
            AGENT_LEASE_NAME: env(leaseName),
            POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
            AGENT_WEBHOOK_TOKEN: kplus.EnvValue.fromSecretValue({
              secret: tokenSecret,
              key: props.webhookTokenSecretKey ?? AGENT_DEFAULTS.webhookTokenSecretKey,
            }),
          },
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.selectorLabels }));
    for (const [key, value] of Object.entries(this.selectorLabels)) this.deployment.podMetadata.addLabel(key, value);

    this.service = new kplus.Service(this, 'service', {
      metadata: { name: serviceName, namespace: this.namespace, labels },
      type: kplus.ServiceType.CLUSTER_IP,
      selector: kplus.Pods.select(this, 'service-pods', { labels: { ...this.selectorLabels } }),
      ports: [{ name: 'http', port: AGENT_DEFAULTS.servicePort, targetPort: AGENT_HTTP.port }],
    });

    new ServiceMonitor(this, 'service-monitor', {
      metadata: { name, namespace: this.namespace, labels },
      spec: {
        selector: { matchLabels: { ...this.selectorLabels } },
        namespaceSelector: { matchNames: [this.namespace] },
        endpoints: [{ port: 'http', path: AGENT_HTTP.metricsPath, interval: '30s', scrapeTimeout: '10s' }],
      },
    });

    new ApiObject(this, 'pdb', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name, namespace: this.namespace, labels },
      spec: {
        // One replica may always be evicted, so node drains never block; with 1 replica nothing is promised.
        maxUnavailable: 1,
        selector: { matchLabels: { ...this.selectorLabels } },
      },
    });
  }
}
