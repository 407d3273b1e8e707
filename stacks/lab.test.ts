/**
 * The whole stack under Pulumi mocks (no CLI, no cluster): every resource the program declares,
 * with its inputs, provider and dependencies, for the lab and prod stack files and for toggles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { AGENT_DEFAULTS } from '../catalog/agent-contract.js';
import { GITOPS_DEFAULTS, LAB_NAMESPACES } from '../catalog/platform-contract.js';
import { CHARTS, type ChartKey } from './catalog/chart-catalog.js';
import { parseLabConfig } from './config/parse-lab-config.js';
import { createLab } from './lab.js';
import { rawStackConfig } from './testing/fixtures.js';
import { testEnvironment, VENDORED_GATEWAY_API_FILES } from './testing/lab-environment.js';
import { runUnderMocks, valueOf, type RecordedResource } from './testing/mock-run.js';

const RELEASE = 'kubernetes:helm.sh/v3:Release';
const CHART_V4 = 'kubernetes:helm.sh/v4:Chart';

async function run(raw: Record<string, unknown>) {
  const config = parseLabConfig(raw);
  return runUnderMocks(() => createLab(config, testEnvironment()));
}

function find(resources: readonly RecordedResource[], name: string, type?: string): RecordedResource {
  const found = resources.find((resource) => resource.name === name && (type === undefined || resource.type === type));
  if (!found) throw new Error(`resource ${name} (${type ?? 'any type'}) was not declared`);
  return found;
}

/** True when `dependent` waits for `dependency` (directly, as the engine sees it). */
function waitsFor(dependent: RecordedResource, dependency: RecordedResource): boolean {
  return dependent.dependencies.includes(dependency.urn);
}

/** True when `dependent` waits for `dependency` directly or through a chain of dependencies. */
function waitsForTransitively(
  resources: readonly RecordedResource[],
  dependent: RecordedResource,
  dependency: RecordedResource,
): boolean {
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  const seen = new Set<string>();
  const queue = [...dependent.dependencies];
  while (queue.length > 0) {
    const urn = queue.shift()!;
    if (urn === dependency.urn) return true;
    if (seen.has(urn)) continue;
    seen.add(urn);
    queue.push(...(byUrn.get(urn)?.dependencies ?? []));
  }
  return false;
}

const RELEASE_NAMES: Record<ChartKey, string> = {
  argocd: 'argocd',
  linkerdCrds: 'linkerd-crds',
  linkerdControlPlane: 'linkerd-control-plane',
  kyverno: 'kyverno',
  chaosMesh: 'chaos-mesh',
  kubePrometheusStack: 'kube-prometheus-stack',
  loki: 'loki',
  alloy: 'alloy',
  ollama: 'ollama',
};

describe.each(['lab', 'prod'] as const)('the %s stack', (stack) => {
  it('installs every catalog chart at its pinned version and repository', async () => {
    const { resources } = await run(rawStackConfig(stack));
    for (const [key, releaseName] of Object.entries(RELEASE_NAMES) as [ChartKey, string][]) {
      const pinned = CHARTS[key];
      const chart = resources.find(
        (resource) => resource.name === releaseName && [RELEASE, CHART_V4].includes(resource.type),
      );
      expect(chart, `${key} chart declared`).toBeDefined();
      expect(chart!.inputs).toMatchObject({
        chart: pinned.chart,
        version: pinned.version,
        repositoryOpts: { repo: pinned.repo },
        name: releaseName,
      });
      expect(pinned.version).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('sends every Kubernetes object through the explicit provider, with server-side apply and the configured context', async () => {
    const { resources } = await run(rawStackConfig(stack));
    const provider = find(resources, 'k3s', 'pulumi:providers:kubernetes');
    expect(provider.inputs).toMatchObject({
      kubeconfig: '/home/lab/.kube/config',
      context: stack === 'lab' ? 'default' : 'prod',
      enableServerSideApply: 'true',
    });
    const kubernetes = resources.filter((resource) => resource.type.startsWith('kubernetes:'));
    expect(kubernetes.length).toBeGreaterThan(15);
    for (const resource of kubernetes) {
      expect(resource.provider, resource.name).toMatch(new RegExp(`^${provider.urn.replace(/[$]/g, '\\$')}::`));
    }
  });
});

describe('ordering (a single `pulumi up` applies nothing before its CRDs, namespaces and secrets)', () => {
  it('Gateway API CRDs → linkerd-crds → linkerd-control-plane, certificates before the control plane', async () => {
    const lab = await run(rawStackConfig('lab'));
    const crds = find(lab.resources, 'linkerd-crds', RELEASE);
    const controlPlane = find(lab.resources, 'linkerd-control-plane', RELEASE);
    const existing = lab.resources.filter((resource) => resource.operation === 'read');
    // lab: the Gateway API CRDs k3s ships are read (a missing one fails the preview by name).
    expect(existing.map((resource) => resource.inputs)).toHaveLength(2);
    for (const gatewayCrd of existing) expect(waitsFor(crds, gatewayCrd)).toBe(true);
    expect(waitsFor(controlPlane, crds)).toBe(true);
    expect(
      waitsFor(controlPlane, find(lab.resources, 'linkerd-issuer', 'tls:index/locallySignedCert:LocallySignedCert')),
    ).toBe(true);

    const prod = await run(rawStackConfig('prod'));
    // prod installs them from the vendored files: no URL, so it previews offline.
    const gatewayApi = find(prod.resources, 'linkerd-gateway-api-crds', 'kubernetes:yaml/v2:ConfigGroup');
    expect(gatewayApi.inputs.files).toEqual(VENDORED_GATEWAY_API_FILES);
    expect(waitsFor(find(prod.resources, 'linkerd-crds', RELEASE), gatewayApi)).toBe(true);
  });

  it('every release waits for its namespace; kube-prometheus-stack for the Secrets it mounts', async () => {
    const { resources } = await run(rawStackConfig('lab'));
    const namespaceOf: Record<string, string> = {
      argocd: LAB_NAMESPACES.argocd,
      'linkerd-crds': LAB_NAMESPACES.linkerd,
      kyverno: LAB_NAMESPACES.kyverno,
      'chaos-mesh': LAB_NAMESPACES.chaosMesh,
      'kube-prometheus-stack': LAB_NAMESPACES.monitoring,
      loki: LAB_NAMESPACES.logging,
      ollama: LAB_NAMESPACES.ollama,
    };
    for (const [release, namespace] of Object.entries(namespaceOf)) {
      const resource = find(resources, release, RELEASE);
      expect(resource.inputs.namespace).toBe(namespace);
      expect(waitsFor(resource, find(resources, `ns-${namespace}`)), `${release} after its namespace`).toBe(true);
    }
    const kps = find(resources, 'kube-prometheus-stack', RELEASE);
    expect(waitsFor(kps, find(resources, 'webhook-token-monitoring'))).toBe(true);
    expect(waitsFor(kps, find(resources, 'monitoring-grafana-admin', 'kubernetes:core/v1:Secret'))).toBe(true);
    expect(waitsFor(find(resources, 'alloy', CHART_V4), find(resources, 'loki', RELEASE))).toBe(true);
  });

  it('the bootstrap Application comes after ArgoCD (its CRDs) and every platform chart, pointing at dist/apps', async () => {
    const { resources } = await run(rawStackConfig('lab'));
    const application = find(resources, 'gitops-bootstrap-application');
    expect(application.type).toBe('kubernetes:argoproj.io/v1alpha1:Application');
    for (const release of resources.filter((resource) => [RELEASE, CHART_V4].includes(resource.type))) {
      expect(waitsForTransitively(resources, application, release), `bootstrap after ${release.name}`).toBe(true);
    }
    expect(waitsFor(application, find(resources, 'gitops-bootstrap-project'))).toBe(true);
    expect(waitsFor(application, find(resources, 'argocd', RELEASE))).toBe(true);
    // The negative case: nothing makes ArgoCD wait for its own bootstrap (no cycle).
    expect(waitsForTransitively(resources, find(resources, 'argocd', RELEASE), application)).toBe(false);
    expect(waitsFor(application, find(resources, 'webhook-token-ai4all-sre'))).toBe(true);
    expect(application.inputs.metadata).toMatchObject({
      name: GITOPS_DEFAULTS.bootstrapApplicationName,
      namespace: LAB_NAMESPACES.argocd,
    });
    expect(application.inputs.spec.source).toEqual({
      repoURL: 'https://github.com/ai4all-sre/ai4all-sre.git',
      targetRevision: 'main',
      path: GITOPS_DEFAULTS.appsPath,
    });
  });
});

describe('key values as the engine receives them', () => {
  it('wires the generated Linkerd certificates and the k3s containerd socket', async () => {
    const { resources } = await run(rawStackConfig('lab'));
    const anchorKey = find(resources, 'linkerd-trust-anchor', 'tls:index/privateKey:PrivateKey');
    const issuerKey = find(resources, 'linkerd-issuer', 'tls:index/privateKey:PrivateKey');
    for (const key of [anchorKey, issuerKey])
      expect(key.inputs).toMatchObject({ algorithm: 'ECDSA', ecdsaCurve: 'P256' });
    expect(find(resources, 'linkerd-issuer', 'tls:index/certRequest:CertRequest').inputs.subject.commonName).toBe(
      'identity.linkerd.cluster.local',
    );
    expect(
      find(resources, 'linkerd-issuer', 'tls:index/locallySignedCert:LocallySignedCert').inputs.isCaCertificate,
    ).toBe(true);
    const values = find(resources, 'linkerd-control-plane', RELEASE).inputs.values;
    expect(values.identityTrustAnchorsPEM).toContain('mock-cert-linkerd-trust-anchor');
    expect(values.identity.issuer.tls.crtPEM).toContain('mock-cert-linkerd-issuer');
    expect(values.identity.issuer.tls.keyPEM).toContain('mock-key-linkerd-issuer');
    expect(find(resources, 'linkerd-control-plane', RELEASE).secretPaths).toEqual([
      'values.identity.issuer.tls.keyPEM',
    ]);
    expect(find(resources, 'chaos-mesh', RELEASE).inputs.values.chaosDaemon.socketPath).toBe(
      '/run/k3s/containerd/containerd.sock',
    );
  });

  it('generates every credential: no well-known default password anywhere in the inputs', async () => {
    const { resources, result } = await run(rawStackConfig('lab'));
    const everything = JSON.stringify(resources.map((resource) => resource.inputs));
    for (const wellKnown of ['prom-operator', 'admin123', '"password"', 'changeme']) {
      expect(everything).not.toContain(wellKnown);
    }
    expect(find(resources, 'argocd', RELEASE).inputs.values.configs.secret.argocdServerAdminPassword).toBe(
      '$2a$10$generated.argocd-admin',
    );
    const grafanaAdmin = find(resources, 'monitoring-grafana-admin', 'kubernetes:core/v1:Secret');
    expect(grafanaAdmin.inputs.stringData).toEqual({
      'admin-user': 'admin',
      'admin-password': 'generated-monitoring-grafana-admin-7f3a9c',
    });
    // Sent to the engine as secrets, so state and previews never show them.
    expect(grafanaAdmin.secretPaths).toEqual(['stringData']);
    expect(find(resources, 'argocd', RELEASE).secretPaths).toEqual(['values.configs.secret.argocdServerAdminPassword']);
    expect(await valueOf(result.credentials.argocd!.password)).toBe('generated-argocd-admin-7f3a9c');
  });

  it('creates the same webhook token Secret in the agent and monitoring namespaces, kept secret', async () => {
    const { resources, result } = await run(rawStackConfig('lab'));
    const secrets = resources.filter(
      (resource) => resource.name.startsWith('webhook-token-') && resource.type.endsWith(':Secret'),
    );
    expect(secrets.map((secret) => String(secret.inputs.metadata.namespace)).sort()).toEqual([
      AGENT_DEFAULTS.namespace,
      LAB_NAMESPACES.monitoring,
    ]);
    for (const secret of secrets) {
      expect(secret.inputs.metadata.name).toBe(AGENT_DEFAULTS.webhookTokenSecretName);
      expect(secret.inputs.stringData).toEqual({
        [AGENT_DEFAULTS.webhookTokenSecretKey]: 'generated-webhook-token-value-7f3a9c',
      });
    }
    expect(pulumiIsSecret(result.webhookToken)).toBe(true);
    expect(pulumiIsSecret(result.credentials.grafana!.password)).toBe(true);
  });

  it('creates every Secret the synthesized workloads in dist/ reference (name and key)', async () => {
    const { resources } = await run(rawStackConfig('lab'));
    const created = resources
      .filter((resource) => resource.type === 'kubernetes:core/v1:Secret')
      .map((resource) => ({
        namespace: String(resource.inputs.metadata.namespace),
        name: String(resource.inputs.metadata.name),
        keys: Object.keys(resource.inputs.stringData ?? {}),
      }));
    const references = distSecretReferences();
    expect(references.length).toBeGreaterThan(0);
    for (const reference of references) {
      const secret = created.find((entry) => entry.namespace === reference.namespace && entry.name === reference.name);
      expect(secret, `${reference.namespace}/${reference.name}`).toBeDefined();
      expect(secret!.keys).toContain(reference.key);
    }
  });

  it('labels namespaces: demo meshed and chaos-injectable, platform namespaces never meshed', async () => {
    const { resources } = await run(rawStackConfig('lab'));
    const demo = find(resources, 'ns-online-boutique').inputs.metadata;
    expect(demo.annotations).toEqual({ 'linkerd.io/inject': 'enabled', 'chaos-mesh.org/inject': 'enabled' });
    expect(find(resources, 'ns-kyverno').inputs.metadata.annotations).toEqual({ 'linkerd.io/inject': 'disabled' });
    expect(find(resources, 'ns-linkerd').inputs.metadata.labels).toMatchObject({
      'linkerd.io/is-control-plane': 'true',
      'config.linkerd.io/admission-webhooks': 'disabled',
    });
    expect(
      find(resources, `ns-${AGENT_DEFAULTS.namespace}`).inputs.metadata.labels['pod-security.kubernetes.io/enforce'],
    ).toBe('baseline');
  });

  it('reports endpoints, credentials and versions as outputs', async () => {
    const { result } = await run(rawStackConfig('lab'));
    expect(Object.keys(result.endpoints).sort()).toEqual([
      'agent',
      'alertmanager',
      'argocd',
      'grafana',
      'loki',
      'ollama',
      'prometheus',
    ]);
    expect(result.endpoints.grafana!.portForward).toBe(
      'kubectl -n monitoring port-forward svc/kube-prometheus-stack-grafana 3000:80',
    );
    expect(result.versions.charts).toMatchObject({
      ollama: `ollama@${CHARTS.ollama.version} (${CHARTS.ollama.appVersion})`,
    });
    expect(result.versions.ollamaModels).toEqual(['qwen2.5:3b-instruct']);
  });
});

describe('toggles', () => {
  it('leaves out a disabled component and everything wired to it', async () => {
    const raw = rawStackConfig('lab');
    const { resources, result } = await run({
      ...raw,
      components: {
        argocd: false,
        linkerd: false,
        kyverno: true,
        chaosMesh: false,
        monitoring: false,
        logging: false,
        ollama: true,
      },
    });
    const names = resources.map((resource) => resource.name);
    for (const absent of [
      'argocd',
      'linkerd-crds',
      'linkerd-control-plane',
      'chaos-mesh',
      'kube-prometheus-stack',
      'loki',
      'alloy',
      'gitops-bootstrap-application',
      'ns-linkerd',
      'webhook-token-monitoring',
    ]) {
      expect(names, absent).not.toContain(absent);
    }
    expect(names).toEqual(expect.arrayContaining(['kyverno', 'ollama', 'webhook-token-ai4all-sre']));
    // Without Linkerd no namespace carries an injection annotation; without Chaos Mesh none is injectable.
    expect(find(resources, 'ns-online-boutique').inputs.metadata.annotations).toEqual({});
    expect(result.credentials).toEqual({});
  });

  it('secures the Chaos Mesh dashboard and exposes it only when enabled', async () => {
    const { resources, result } = await run({ ...rawStackConfig('lab'), chaosMesh: { dashboard: true } });
    expect(find(resources, 'chaos-mesh', RELEASE).inputs.values.dashboard).toMatchObject({
      create: true,
      securityMode: true,
    });
    expect(result.endpoints.chaosDashboard?.portForward).toContain('svc/chaos-dashboard');
  });

  it('scales to HA replicas in prod', async () => {
    const { resources } = await run(rawStackConfig('prod'));
    expect(find(resources, 'linkerd-control-plane', RELEASE).inputs.values.controllerReplicas).toBe(3);
    expect(find(resources, 'kyverno', RELEASE).inputs.values.admissionController.replicas).toBe(3);
    expect(find(resources, 'ollama', RELEASE).inputs.values.ollama.gpu).toEqual({
      enabled: true,
      type: 'nvidia',
      number: 1,
    });
  });
});

/** `secretKeyRef`s of the Deployments in the committed dist/ (what ArgoCD will run). */
function distSecretReferences(): { namespace: string; name: string; key: string }[] {
  const dist = fileURLToPath(new URL('../dist', import.meta.url));
  const references: { namespace: string; name: string; key: string }[] = [];
  for (const entry of readdirSync(dist, { withFileTypes: true }).filter((item) => item.isDirectory())) {
    let text: string;
    try {
      text = readFileSync(path.join(dist, entry.name, 'manifests.yaml'), 'utf8');
    } catch {
      continue;
    }
    for (const document of parseAllDocuments(text)) {
      const object = document.toJS();
      if (object?.kind !== 'Deployment') continue;
      for (const container of object.spec?.template?.spec?.containers ?? []) {
        for (const variable of container.env ?? []) {
          const reference = variable.valueFrom?.secretKeyRef;
          if (reference)
            references.push({ namespace: object.metadata.namespace, name: reference.name, key: reference.key });
        }
      }
    }
  }
  return references;
}

function pulumiIsSecret(output: unknown): boolean {
  // Output.isSecret is a Promise<boolean> on the Output instance.
  return Boolean((output as { isSecret?: unknown }).isSecret);
}

describe('agent settings', () => {
  it("hands the stack's first model to the agent through its settings ConfigMap (lab 3B, prod 7B), before the bootstrap", async () => {
    for (const [stack, model] of [
      ['lab', 'qwen2.5:3b-instruct'],
      ['prod', 'qwen2.5:7b-instruct'],
    ] as const) {
      const { resources } = await run(rawStackConfig(stack));
      const settings = find(resources, 'agent-settings-configmap');
      expect(settings.inputs.metadata).toMatchObject({
        name: AGENT_DEFAULTS.settingsConfigMapName,
        namespace: AGENT_DEFAULTS.namespace,
      });
      expect(settings.inputs.data).toEqual({ [AGENT_DEFAULTS.settingsModelKey]: model });
      expect(waitsFor(settings, find(resources, `ns-${AGENT_DEFAULTS.namespace}`))).toBe(true);
      const bootstrap = resources.find((resource) => resource.name === 'gitops-bootstrap-application');
      if (bootstrap) expect(waitsForTransitively(resources, bootstrap, settings)).toBe(true);
    }
  });
});
