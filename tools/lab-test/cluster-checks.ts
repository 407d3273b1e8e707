/**
 * Assertions on the cluster after `pulumi up`, read through the Kubernetes API. Each check returns
 * the problems it found (empty = pass), so one run reports everything that is wrong.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { parseConfig } from '../../agent/config/config.js';
import { AGENT_DEFAULTS } from '../../catalog/agent-contract.js';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import { ARGOCD_RESOURCES_FINALIZER } from '../../stacks/components/gitops-bootstrap.js';
import type { LabConfig } from '../../stacks/config/lab-config.js';
import { ApiServerError, type RawApi } from '../control-plane/tests/support/raw-api.js';
import { agentDeployment, resolveAgentEnvironment } from './agent-environment.js';
import {
  chartLabel,
  expectedBootstrap,
  expectedCrdGroups,
  expectedNamespaces,
  expectedReleases,
} from './expected-state.js';
import { installedReleases } from './helm-releases.js';

/** The parts of an API object these checks read. */
interface ApiObject {
  readonly metadata: {
    readonly name: string;
    readonly creationTimestamp: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly finalizers?: string[];
  };
  readonly data?: Record<string, string>;
  readonly spec?: { readonly group?: string; readonly source?: Record<string, string> };
}

interface ApiList {
  readonly items: ApiObject[];
}

async function get<T = ApiObject>(api: RawApi, apiPath: string): Promise<T | undefined> {
  try {
    return (await api.call('GET', apiPath)) as T;
  } catch (error) {
    if (error instanceof ApiServerError && error.status === 404) return undefined;
    throw error;
  }
}

/** Every Release deployed, by Helm, at the catalog's version; Alloy's objects carry its chart label. */
export async function checkReleases(api: RawApi, config: LabConfig): Promise<string[]> {
  const installed = await installedReleases(api);
  const problems: string[] = [];
  for (const expected of expectedReleases(config)) {
    const found = installed.find((r) => r.name === expected.name && r.namespace === expected.namespace);
    if (!found) problems.push(`release ${expected.namespace}/${expected.name}: not installed`);
    else if (found.status !== 'deployed' || found.chart !== expected.chart || found.chartVersion !== expected.version)
      problems.push(
        `release ${expected.namespace}/${expected.name}: ${found.chart} ${found.chartVersion} ${found.status}, expected ${expected.chart} ${expected.version} deployed`,
      );
  }
  if (config.components.logging) {
    const selector = encodeURIComponent(`helm.sh/chart=${chartLabel('alloy')}`);
    const sets = await get<ApiList>(
      api,
      `/apis/apps/v1/namespaces/${LAB_NAMESPACES.logging}/daemonsets?labelSelector=${selector}`,
    );
    if ((sets?.items?.length ?? 0) === 0)
      problems.push(`alloy: no DaemonSet labelled helm.sh/chart=${chartLabel('alloy')}`);
  }
  return problems;
}

/** CRDs of every component present, and Argo CD's before the bootstrap Application that needs them. */
export async function checkCrds(api: RawApi, config: LabConfig): Promise<string[]> {
  const crds = (await api.call('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions')) as ApiList;
  const groups = new Set(crds.items.map((crd) => crd.spec?.group));
  const problems = expectedCrdGroups(config)
    .filter((group) => !groups.has(group))
    .map((group) => `CRDs of ${group}: none installed`);
  if (config.components.argocd) {
    const crd = crds.items.find((item) => item.metadata.name === 'applications.argoproj.io');
    const bootstrap = expectedBootstrap(config);
    const application = await get(
      api,
      `/apis/argoproj.io/v1alpha1/namespaces/${bootstrap.namespace}/applications/${bootstrap.name}`,
    );
    if (
      crd &&
      application &&
      Date.parse(crd.metadata.creationTimestamp) > Date.parse(application.metadata.creationTimestamp)
    )
      problems.push('applications.argoproj.io was created after the bootstrap Application');
  }
  return problems;
}

/** Each planned namespace exists with the plan's labels and annotations. */
export async function checkNamespaces(api: RawApi, config: LabConfig): Promise<string[]> {
  const problems: string[] = [];
  for (const spec of expectedNamespaces(config)) {
    const live = await get(api, `/api/v1/namespaces/${spec.name}`);
    if (!live) {
      problems.push(`namespace ${spec.name}: missing`);
      continue;
    }
    for (const [kind, wanted, actual] of [
      ['label', spec.labels, live.metadata.labels ?? {}],
      ['annotation', spec.annotations, live.metadata.annotations ?? {}],
    ] as const) {
      for (const [key, value] of Object.entries(wanted)) {
        if (actual[key] !== value)
          problems.push(`namespace ${spec.name}: ${kind} ${key}=${String(actual[key])}, expected ${value}`);
      }
    }
  }
  return problems;
}

/** The agent Deployment in dist/, resolved against the cluster, parses with the agent's own schema. */
export async function checkAgentSettings(api: RawApi, config: LabConfig, repositoryRoot: string): Promise<string[]> {
  const deployment = await agentDeployment(repositoryRoot);
  const { environment, problems, fromCluster } = await resolveAgentEnvironment(api, deployment);
  if (problems.length > 0) return problems;
  try {
    const parsed = parseConfig(
      { ...environment, KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443' },
      { fileExists: () => true },
    );
    if (config.components.ollama && parsed.ollama.model !== config.ollama.models[0])
      problems.push(`agent model: ${parsed.ollama.model}, expected the stack's first model ${config.ollama.models[0]}`);
  } catch (error) {
    problems.push(`the agent rejects its environment: ${error instanceof Error ? error.message : String(error)}`);
  }
  for (const name of ['AGENT_WEBHOOK_TOKEN', ...(config.components.ollama ? ['OLLAMA_MODEL'] : [])]) {
    if (!fromCluster.includes(name)) problems.push(`${name}: not provided by the stack's objects`);
  }
  if (config.components.monitoring) {
    const secret = await get(
      api,
      `/api/v1/namespaces/${LAB_NAMESPACES.monitoring}/secrets/${AGENT_DEFAULTS.webhookTokenSecretName}`,
    );
    const token = secret?.data?.[AGENT_DEFAULTS.webhookTokenSecretKey];
    if (!token || Buffer.from(token, 'base64').toString('utf8') !== environment['AGENT_WEBHOOK_TOKEN'])
      problems.push(
        'the monitoring namespace holds a different webhook token than the agent (Alertmanager would be refused)',
      );
  }
  return problems;
}

/** Linkerd's issuer certificate is a CA signed by the trust anchor, and its key matches it. */
export async function checkLinkerdIdentity(api: RawApi, config: LabConfig): Promise<string[]> {
  if (!config.components.linkerd) return [];
  const ns = LAB_NAMESPACES.linkerd;
  const issuer = await get(api, `/api/v1/namespaces/${ns}/secrets/linkerd-identity-issuer`);
  const roots = await get(api, `/api/v1/namespaces/${ns}/configmaps/linkerd-identity-trust-roots`);
  const decode = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString('utf8');
  const anchorPem = roots?.data?.['ca-bundle.crt'];
  if (!issuer?.data?.['crt.pem'] || !issuer.data['key.pem'] || !anchorPem)
    return [
      'linkerd identity: Secret linkerd-identity-issuer (crt.pem, key.pem) or ConfigMap linkerd-identity-trust-roots (ca-bundle.crt) missing',
    ];
  const problems: string[] = [];
  const anchor = new X509Certificate(anchorPem);
  const cert = new X509Certificate(decode(issuer.data['crt.pem']));
  if (!cert.verify(anchor.publicKey)) problems.push('linkerd issuer: not signed by the trust anchor');
  if (!cert.ca || !anchor.ca) problems.push('linkerd issuer/anchor: not CA certificates');
  if (!cert.subject.includes('CN=identity.linkerd.cluster.local'))
    problems.push(`linkerd issuer subject: ${cert.subject}`);
  if (!anchor.subject.includes('CN=root.linkerd.cluster.local'))
    problems.push(`linkerd anchor subject: ${anchor.subject}`);
  if (!cert.checkPrivateKey(createPrivateKey(decode(issuer.data['key.pem']))))
    problems.push('linkerd issuer: key does not match');
  if (Date.parse(cert.validTo) < Date.now() + 24 * 3600 * 1000) problems.push(`linkerd issuer expires ${cert.validTo}`);
  return problems;
}

/** The bootstrap Application points at the configured repository's dist/apps, finalizer as configured. */
export async function checkBootstrap(api: RawApi, config: LabConfig): Promise<string[]> {
  if (!config.components.argocd) return [];
  const expected = expectedBootstrap(config);
  const application = await get(
    api,
    `/apis/argoproj.io/v1alpha1/namespaces/${expected.namespace}/applications/${expected.name}`,
  );
  if (!application) return [`Application ${expected.namespace}/${expected.name}: missing`];
  const problems: string[] = [];
  const source = application.spec?.source ?? {};
  for (const [key, value] of Object.entries(expected.source)) {
    if (source[key] !== value)
      problems.push(`bootstrap Application source.${key}=${String(source[key])}, expected ${value}`);
  }
  const hasFinalizer = (application.metadata.finalizers ?? []).includes(ARGOCD_RESOURCES_FINALIZER);
  if (hasFinalizer !== config.gitops.pruneOnDestroy)
    problems.push(`bootstrap Application finalizer present=${hasFinalizer}, expected ${config.gitops.pruneOnDestroy}`);
  return problems;
}
