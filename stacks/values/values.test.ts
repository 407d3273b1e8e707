/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- Helm values are untyped JSON by nature; these tests navigate them. */
import { describe, expect, it } from 'vitest';
import { defaultAlertmanagerCredentialsFile } from '../../constructs/alerting/alertmanager-routing.js';
import { AGENT_DEFAULTS, agentWebhookUrl } from '../../catalog/agent-contract.js';
import {
  GRAFANA_DASHBOARD_LABEL,
  GRAFANA_DATASOURCES,
  MONITORING_SELECTOR_LABEL,
  PLATFORM_ENDPOINTS,
} from '../../catalog/platform-contract.js';
import { alloyPipeline, alloyValues } from './alloy-values.js';
import { argocdValues } from './argocd-values.js';
import { chaosMeshValues, K3S_CONTAINERD_SOCKET } from './chaos-mesh-values.js';
import { bootstrapApplicationSpec, bootstrapProjectSpec } from './gitops-bootstrap.js';
import { kubePrometheusStackValues, type KubePrometheusStackValuesInput } from './kube-prometheus-stack-values.js';
import { kyvernoValues } from './kyverno-values.js';
import { linkerdControlPlaneValues, linkerdCrdsValues } from './linkerd-values.js';
import { lokiValues } from './loki-values.js';
import { ollamaValues } from './ollama-values.js';

const kpsInput: KubePrometheusStackValuesInput = {
  agentNamespaces: ['online-boutique'],
  grafanaAdminSecretName: 'grafana-admin-credentials',
  lokiDatasource: true,
  retention: '2d',
  storageSize: '10Gi',
  storageClass: 'local-path',
  highAvailability: false,
};

/** A label selector as prometheus-operator evaluates it (matchLabels only; {} selects everything). */
function selects(selector: { matchLabels?: Record<string, string> }, labels: Record<string, string>): boolean {
  return Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
}

describe('kube-prometheus-stack values', () => {
  const values = kubePrometheusStackValues(kpsInput) as any;
  const config = values.alertmanager.config;

  it('routes to the agent Service the construct library creates, with the mounted bearer token', () => {
    const agentReceiver = config.receivers.find((receiver: any) => receiver.webhook_configs?.[0]?.url);
    expect(agentReceiver.webhook_configs[0].url).toBe(agentWebhookUrl());
    const credentialsFile: string = agentReceiver.webhook_configs[0].http_config.authorization.credentials_file;
    // prometheus-operator mounts `alertmanagerSpec.secrets` at /etc/alertmanager/secrets/<name>/<key>.
    expect(values.alertmanager.alertmanagerSpec.secrets).toEqual([AGENT_DEFAULTS.webhookTokenSecretName]);
    expect(credentialsFile).toBe(
      `/etc/alertmanager/secrets/${values.alertmanager.alertmanagerSpec.secrets[0]}/${AGENT_DEFAULTS.webhookTokenSecretKey}`,
    );
    expect(credentialsFile).toBe(defaultAlertmanagerCredentialsFile());
  });

  it('silences Watchdog first, sends allowlisted namespaces to the agent and then to a human sibling route', () => {
    // `continue: true` passes an alert to the following siblings only; the root's receiver is used
    // only when no child matched. So the human copy must be a sibling after the agent route. The
    // real routing tree is tested with amtool in alertmanager-config.engine.test.ts.
    const [watchdog, agent, human, ...rest] = config.route.routes;
    expect(watchdog).toEqual({ receiver: 'null', matchers: ['alertname =~ "Watchdog|InfoInhibitor"'] });
    expect(agent.matchers).toEqual(['namespace=~"online-boutique"']);
    expect(agent.continue).toBe(true);
    expect(human).toEqual({ receiver: 'human', matchers: agent.matchers });
    expect(rest).toEqual([]);
    expect(config.route.receiver).toBe('human');
    // Every receiver a route names exists (the operator rejects the config otherwise).
    const names = config.receivers.map((receiver: any) => receiver.name);
    for (const route of [config.route, ...config.route.routes]) expect(names).toContain(route.receiver);
  });

  it('gives the human receiver a webhook only when configured', () => {
    const withHook = kubePrometheusStackValues({ ...kpsInput, humanWebhookUrl: 'https://hooks.example.com/a' }) as any;
    const human = withHook.alertmanager.config.receivers.find((receiver: any) => receiver.name === 'human');
    expect(human.webhook_configs).toEqual([{ url: 'https://hooks.example.com/a', send_resolved: true }]);
    expect(config.receivers.find((receiver: any) => receiver.name === 'human')).toEqual({ name: 'human' });
  });

  it('does not scrape or alert on the control-plane parts k3s embeds', () => {
    for (const component of ['kubeControllerManager', 'kubeScheduler', 'kubeProxy', 'kubeEtcd']) {
      expect(values[component].enabled).toBe(false);
    }
    expect(values.defaultRules.rules).toMatchObject({
      kubeControllerManager: false,
      kubeSchedulerAlerting: false,
      kubeProxy: false,
      etcd: false,
    });
  });

  it('selects our PrometheusRules/ServiceMonitors/PodMonitors and the chart’s own, from every namespace', () => {
    const spec = values.prometheus.prometheusSpec;
    for (const kind of ['rule', 'serviceMonitor', 'podMonitor']) {
      expect(spec[`${kind}SelectorNilUsesHelmValues`]).toBe(false);
      expect(
        selects(spec[`${kind}Selector`], { [MONITORING_SELECTOR_LABEL.key]: MONITORING_SELECTOR_LABEL.value }),
      ).toBe(true);
      expect(selects(spec[`${kind}Selector`], { release: 'kube-prometheus-stack' })).toBe(true);
      expect(spec[`${kind}NamespaceSelector`]).toEqual({});
    }
  });

  it('provisions Grafana with a generated admin Secret, no anonymous access, sidecar and contract datasources', () => {
    expect(values.grafana.admin).toEqual({
      existingSecret: 'grafana-admin-credentials',
      userKey: 'admin-user',
      passwordKey: 'admin-password',
    });
    expect(values.grafana.adminPassword).toBeUndefined();
    expect(values.grafana['grafana.ini']['auth.anonymous'].enabled).toBe(false);
    expect(values.grafana.sidecar.dashboards).toMatchObject({
      label: GRAFANA_DASHBOARD_LABEL.key,
      labelValue: GRAFANA_DASHBOARD_LABEL.value,
      searchNamespace: 'ALL',
    });
    expect(values.grafana.sidecar.datasources.uid).toBe(GRAFANA_DATASOURCES.prometheus.uid);
    expect(values.grafana.additionalDataSources).toEqual([
      expect.objectContaining({ type: 'loki', uid: GRAFANA_DATASOURCES.loki.uid, url: PLATFORM_ENDPOINTS.loki }),
    ]);
    expect(PLATFORM_ENDPOINTS.loki).toBe('http://loki.logging.svc.cluster.local:3100');
    const withoutLoki = kubePrometheusStackValues({ ...kpsInput, lokiDatasource: false }) as any;
    expect(withoutLoki.grafana.additionalDataSources).toEqual([]);
  });
});

describe('chaos-mesh values', () => {
  it('uses k3s’ containerd socket, namespace-filtered injection, no DNS server', () => {
    const values = chaosMeshValues({ dashboard: false, highAvailability: false }) as any;
    expect(values.chaosDaemon).toMatchObject({
      runtime: 'containerd',
      socketPath: '/run/k3s/containerd/containerd.sock',
    });
    expect(K3S_CONTAINERD_SOCKET).toBe('/run/k3s/containerd/containerd.sock');
    expect(values.controllerManager).toMatchObject({ enableFilterNamespace: true, replicaCount: 1 });
    expect(values.dashboard).toEqual({ create: false });
  });
  it('secures the dashboard when it is enabled', () => {
    const values = chaosMeshValues({ dashboard: true, highAvailability: true }) as any;
    expect(values.dashboard).toMatchObject({ create: true, securityMode: true });
    expect(values.controllerManager.replicaCount).toBe(3);
  });
});

describe('linkerd values', () => {
  it('wires the generated certificates and leaves Gateway API CRDs out of linkerd-crds', () => {
    expect(linkerdCrdsValues()).toEqual({ installGatewayAPI: false });
    const values = linkerdControlPlaneValues({
      trustAnchorPem: 'ANCHOR',
      issuerCertPem: 'ISSUER',
      issuerKeyPem: 'KEY',
      highAvailability: false,
    }) as any;
    expect(values.identityTrustAnchorsPEM).toBe('ANCHOR');
    expect(values.identity.issuer.tls).toEqual({ crtPEM: 'ISSUER', keyPEM: 'KEY' });
    expect(values.controllerReplicas).toBe(1);
    expect(values.proxyInit).toEqual({ iptablesMode: 'nft' });
    const legacy = linkerdControlPlaneValues({
      trustAnchorPem: 'A',
      issuerCertPem: 'I',
      issuerKeyPem: 'K',
      highAvailability: false,
      iptablesMode: 'legacy',
    }) as any;
    expect(legacy.proxyInit.iptablesMode).toBe('legacy');
  });
});

describe('loki and alloy values', () => {
  it('runs Loki monolithic on the filesystem with an explicit schema and no caches/canary/gateway', () => {
    const values = lokiValues({ retention: '168h', storageSize: '10Gi', storageClass: 'local-path' }) as any;
    expect(values.deploymentMode).toBe('Monolithic');
    expect(values.loki.storage.type).toBe('filesystem');
    expect(values.loki.schemaConfig.configs[0]).toMatchObject({
      store: 'tsdb',
      object_store: 'filesystem',
      schema: 'v13',
    });
    expect(values.loki.auth_enabled).toBe(false);
    expect([values.chunksCache.enabled, values.resultsCache.enabled, values.gateway.enabled]).toEqual([
      false,
      false,
      false,
    ]);
    // The chart refuses a disabled canary with the Helm test still on.
    expect([values.lokiCanary.enabled, values.test.enabled]).toEqual([false, false]);
    expect(values.singleBinary.persistence).toEqual({ enabled: true, size: '10Gi', storageClass: 'local-path' });
  });
  it('has Alloy push every pod log of its node to the Loki Service', () => {
    const values = alloyValues({ lokiUrl: PLATFORM_ENDPOINTS.loki }) as any;
    expect(values.controller.type).toBe('daemonset');
    const pipeline: string = values.alloy.configMap.content;
    expect(pipeline).toContain('url = "http://loki.logging.svc.cluster.local:3100/loki/api/v1/push"');
    expect(pipeline).toContain('field = "spec.nodeName=" + sys.env("NODE_NAME")');
    expect(values.alloy.extraEnv[0]).toMatchObject({ name: 'NODE_NAME' });
    // Balanced braces: a cheap guard against a broken River document.
    expect(alloyPipeline('x').split('{').length).toBe(alloyPipeline('x').split('}').length);
  });
});

describe('ollama values', () => {
  const base = { gpu: { enabled: false, type: 'nvidia' as const, count: 1 }, cpu: 2, storageClass: 'local-path' };
  it('pulls the models at start onto a persistent volume and sizes memory for the largest', () => {
    const values = ollamaValues({ ...base, models: ['qwen2.5:3b-instruct'] }) as any;
    expect(values.ollama.models.pull).toEqual(['qwen2.5:3b-instruct']);
    expect(values.ollama.gpu).toEqual({ enabled: false });
    expect(values.persistentVolume).toMatchObject({ enabled: true, storageClass: 'local-path', size: '8Gi' });
    expect(values.resources.requests).toEqual({ cpu: '2', memory: '4Gi' });
    expect(values.resources.limits.memory).toBe('6Gi');
    const big = ollamaValues({ ...base, models: ['qwen2.5:3b-instruct', 'qwen2.5:7b-instruct'] }) as any;
    expect(big.resources.requests.memory).toBe('8Gi');
  });
  it('requests a GPU and the nvidia runtime class only when enabled', () => {
    const values = ollamaValues({
      ...base,
      gpu: { enabled: true, type: 'nvidia', count: 2 },
      models: ['llama3.1:8b'],
    }) as any;
    expect(values.ollama.gpu).toEqual({ enabled: true, type: 'nvidia', number: 2 });
    expect(values.runtimeClassName).toBe('nvidia');
    expect(ollamaValues({ ...base, models: ['llama3.2:3b'] })).not.toHaveProperty('runtimeClassName');
  });
  it('refuses a model outside the catalog', () => {
    expect(() => ollamaValues({ ...base, models: ['mystery:70b' as never] })).toThrow(/not in the chart catalog/);
  });
});

describe('argocd, kyverno and bootstrap', () => {
  it('sets the admin password from the generated hash and turns off Dex and notifications', () => {
    const values = argocdValues({ adminPasswordBcrypt: '$2a$10$hash', highAvailability: false }) as any;
    expect(values.configs.secret.argocdServerAdminPassword).toBe('$2a$10$hash');
    expect([values.dex.enabled, values.notifications.enabled]).toEqual([false, false]);
    expect(values.crds.annotations['argocd.argoproj.io/sync-options']).toBe('ServerSideApply=true');
  });
  it('sizes Kyverno for one node or for HA', () => {
    expect((kyvernoValues({ highAvailability: false }) as any).admissionController.replicas).toBe(1);
    expect((kyvernoValues({ highAvailability: true }) as any).admissionController.replicas).toBe(3);
  });
  it('restricts the bootstrap project to Applications/AppProjects in argocd from the configured repo', () => {
    const input = { repoUrl: 'https://git.example.com/fork.git', revision: 'v1', path: 'dist/apps' };
    expect(bootstrapProjectSpec(input)).toMatchObject({
      sourceRepos: ['https://git.example.com/fork.git'],
      destinations: [{ server: 'https://kubernetes.default.svc', namespace: 'argocd' }],
      clusterResourceWhitelist: [],
    });
    expect(bootstrapApplicationSpec(input)).toMatchObject({
      source: { repoURL: 'https://git.example.com/fork.git', targetRevision: 'v1', path: 'dist/apps' },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    });
  });
});
