/**
 * The whole lab as a function of parsed configuration: an explicit Kubernetes provider (server-
 * side apply, never the ambient context), namespaces, generated secrets, one component per
 * platform piece ordered by `dependsOn`, and the GitOps bootstrap last. Reads no config itself:
 * `stacks/index.ts` parses Pulumi config and calls {@link createLab}; tests call it directly.
 */
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { AGENT_DEFAULTS } from '../catalog/agent-contract.js';
import { LAB_NAMESPACES } from '../catalog/platform-contract.js';
import { ArgoCd } from './components/argocd.js';
import { ChaosMesh } from './components/chaos-mesh.js';
import { GitOpsBootstrap } from './components/gitops-bootstrap.js';
import { Kyverno } from './components/kyverno.js';
import { Linkerd } from './components/linkerd.js';
import { Logging } from './components/logging.js';
import { Monitoring } from './components/monitoring.js';
import { namespacePlan } from './components/namespace-plan.js';
import { Namespaces } from './components/namespaces.js';
import { Ollama } from './components/ollama.js';
import { WebhookToken } from './components/webhook-token.js';
import { AgentSettings } from './components/agent-settings.js';
import { REPOSITORY_CHARTS, type ChartSource } from './components/chart-source.js';
import type { LabConfig } from './config/lab-config.js';
import { labEndpoints, labVersions } from './lab-outputs.js';

/** Environment facts the composition root resolves (not part of stack config). */
export interface LabEnvironment {
  /** Kubeconfig contents or absolute path (see config/kubeconfig.ts). */
  readonly kubeconfig: string;
  /** Where charts come from (stack setting `charts`, directory resolved). @default public repositories */
  readonly charts?: ChartSource;
  /** Absolute paths of the vendored Gateway API CRD files (`linkerd.gatewayApi: install`). */
  readonly gatewayApiCrdFiles?: readonly string[];
}

/** Stack outputs. */
export interface LabOutputs {
  readonly endpoints: ReturnType<typeof labEndpoints>;
  readonly versions: ReturnType<typeof labVersions>;
  readonly credentials: Record<string, { username: string; password: pulumi.Output<string> }>;
  readonly webhookToken: pulumi.Output<string>;
  readonly linkerdTrustAnchorPem?: pulumi.Output<string>;
}

/** Declare every resource of the lab. */
export function createLab(config: LabConfig, environment: LabEnvironment): LabOutputs {
  const { components, cluster } = config;
  const charts = environment.charts ?? REPOSITORY_CHARTS;
  const ha = cluster.highAvailability;

  const provider = new k8s.Provider('k3s', {
    kubeconfig: environment.kubeconfig,
    context: cluster.context,
    clusterIdentifier: cluster.clusterIdentifier,
    enableServerSideApply: true,
  });
  const inCluster: pulumi.ComponentResourceOptions = { providers: { kubernetes: provider } };

  const namespaces = new Namespaces('namespaces', namespacePlan(config), inCluster);
  const tokenNamespaces = [AGENT_DEFAULTS.namespace, ...(components.monitoring ? [LAB_NAMESPACES.monitoring] : [])];
  const webhookToken = new WebhookToken(
    'webhook-token',
    { namespaces: tokenNamespaces.map((name) => ({ name, resource: namespaces.require(name) })) },
    inCluster,
  );

  // Only when Ollama is installed: the agent otherwise keeps its own default (and the rule engine decides).
  const firstModel = components.ollama ? config.ollama.models[0] : undefined;
  const agentSettings =
    firstModel === undefined
      ? undefined
      : new AgentSettings(
          'agent-settings',
          { namespace: namespaces.require(AGENT_DEFAULTS.namespace), ollamaModel: firstModel },
          inCluster,
        );

  const credentials: LabOutputs['credentials'] = {};
  const platform: pulumi.Resource[] = [];

  const linkerd = components.linkerd
    ? new Linkerd(
        'linkerd',
        {
          namespace: namespaces.require(LAB_NAMESPACES.linkerd),
          gatewayApi: config.linkerd.gatewayApi,
          gatewayApiCrdFiles: environment.gatewayApiCrdFiles ?? [],
          charts,
          iptablesMode: config.linkerd.iptablesMode,
          highAvailability: ha,
        },
        inCluster,
      )
    : undefined;
  if (linkerd) platform.push(linkerd.controlPlane);

  if (components.kyverno) {
    const kyverno = new Kyverno(
      'kyverno',
      { namespace: namespaces.require(LAB_NAMESPACES.kyverno), highAvailability: ha, charts },
      inCluster,
    );
    platform.push(kyverno.release);
  }
  if (components.chaosMesh) {
    const chaosMesh = new ChaosMesh(
      'chaos-mesh',
      {
        namespace: namespaces.require(LAB_NAMESPACES.chaosMesh),
        dashboard: config.chaosMesh.dashboard,
        highAvailability: ha,
        charts,
      },
      inCluster,
    );
    platform.push(chaosMesh.release);
  }
  if (components.monitoring) {
    const monitoringSecret = webhookToken.secrets.get(LAB_NAMESPACES.monitoring);
    if (monitoringSecret === undefined) {
      throw new Error('createLab: the webhook token Secret for the monitoring namespace was not created.');
    }
    const monitoring = new Monitoring(
      'monitoring',
      {
        namespace: namespaces.require(LAB_NAMESPACES.monitoring),
        webhookTokenSecret: monitoringSecret,
        charts,
        values: {
          agentNamespaces: config.agent.namespaceAllowlist,
          lokiDatasource: components.logging,
          retention: config.monitoring.retention,
          storageSize: config.monitoring.storageSize,
          storageClass: cluster.storageClass,
          highAvailability: ha,
          humanWebhookUrl: config.monitoring.humanWebhookUrl,
        },
      },
      inCluster,
    );
    platform.push(monitoring.release);
    credentials.grafana = { username: 'admin', password: monitoring.grafanaAdminPassword };
  }
  if (components.logging) {
    const logging = new Logging(
      'logging',
      {
        namespace: namespaces.require(LAB_NAMESPACES.logging),
        charts,
        loki: {
          retention: config.logging.retention,
          storageSize: config.logging.storageSize,
          storageClass: cluster.storageClass,
        },
      },
      inCluster,
    );
    platform.push(logging.loki, logging.alloy);
  }
  if (components.ollama) {
    const ollama = new Ollama(
      'ollama',
      {
        namespace: namespaces.require(LAB_NAMESPACES.ollama),
        values: { ...config.ollama, storageClass: cluster.storageClass },
        charts,
      },
      inCluster,
    );
    platform.push(ollama.release);
  }
  if (components.argocd) {
    const argocd = new ArgoCd(
      'argocd',
      { namespace: namespaces.require(LAB_NAMESPACES.argocd), highAvailability: ha, charts },
      inCluster,
    );
    credentials.argocd = { username: 'admin', password: argocd.adminPassword };
    // Everything the synced manifests need (CRDs, webhooks, namespaces, the agent's token) comes first.
    new GitOpsBootstrap(
      'gitops-bootstrap',
      {
        repoUrl: config.gitops.repoUrl,
        revision: config.gitops.revision,
        path: config.gitops.path,
        pruneOnDestroy: config.gitops.pruneOnDestroy,
        after: [
          argocd.release,
          ...platform,
          ...namespaces.byName.values(),
          ...webhookToken.secrets.values(),
          ...(agentSettings ? [agentSettings.configMap] : []),
        ],
      },
      inCluster,
    );
  }

  return {
    endpoints: labEndpoints(config),
    versions: labVersions(config),
    credentials,
    webhookToken: webhookToken.token,
    ...(linkerd ? { linkerdTrustAnchorPem: linkerd.trustAnchorPem } : {}),
  };
}
