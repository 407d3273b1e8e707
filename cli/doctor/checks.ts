/**
 * The lab host checks behind `doctor`. Each returns pass/warn/fail with what it saw and, when
 * not passing, the fix. They only talk to the ports, so tests drive them with fakes.
 */
import { CHARTS, GATEWAY_API_CRDS, OLLAMA_MODELS, type OllamaModelTag } from '../../stacks/catalog/chart-catalog.js';
import { ollamaSizing } from '../../stacks/config/lab-config.js';
import { K3S_CONTAINERD_SOCKET } from '../../stacks/values/chaos-mesh-values.js';
import type { ClusterProbe, HostProbe, HttpProbe } from './ports.js';
import { parseCpu, parseMemoryBytes } from './quantity.js';

/** Outcome of one check. */
export interface CheckResult {
  readonly name: string;
  readonly status: 'pass' | 'warn' | 'fail';
  readonly detail: string;
  readonly fix?: string;
}

/** What the lab is about to install (decides memory/disk needs and which CRDs must exist). */
export interface DoctorOptions {
  readonly kubeconfig: string;
  readonly context: string;
  readonly models: readonly OllamaModelTag[];
  /** `existing`: Linkerd relies on the cluster's Gateway API CRDs. */
  readonly gatewayApi: 'existing' | 'install';
  /** `vendored`: the stack installs charts from archives, so the Helm repositories need not answer. @default 'repository' */
  readonly chartSource?: 'repository' | 'vendored';
  /** Where k3s keeps images and local-path volumes. @default /var/lib/rancher/k3s */
  readonly dataDirectory: string;
  readonly httpTimeoutMs: number;
}

/** The ports the checks use. */
export interface DoctorPorts {
  /** Undefined when the kubeconfig could not be loaded (the error explains why). */
  readonly cluster: ClusterProbe | Error;
  readonly host: HostProbe;
  readonly http: HttpProbe;
}

const GiB = 1024 ** 3;
/** What the platform (everything but Ollama) requests on one node, rounded up. */
const PLATFORM_NEEDS = { cpu: 2, memoryGiB: 6, diskGiB: 35 } as const;

/** CPU, memory and disk the lab needs with these models. */
export function labNeeds(models: readonly OllamaModelTag[]): { cpu: number; memoryGiB: number; diskGiB: number } {
  const sizing = ollamaSizing(models);
  return {
    cpu: PLATFORM_NEEDS.cpu + 2,
    memoryGiB: PLATFORM_NEEDS.memoryGiB + sizing.memoryGiB,
    diskGiB: PLATFORM_NEEDS.diskGiB + sizing.storageGiB,
  };
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error.cause as { code?: string; message?: string } | undefined) ?? undefined;
  const reason = cause?.code ?? cause?.message;
  const first = error.message.split('\n')[0] ?? error.message;
  return reason === undefined ? first : `${first} (${reason})`;
}

async function clusterReachable(options: DoctorOptions, ports: DoctorPorts): Promise<CheckResult> {
  const name = `Kubernetes API reachable (context "${options.context}")`;
  const fix =
    `Start k3s (sudo systemctl status k3s), then copy its kubeconfig: ` +
    `mkdir -p ~/.kube && sudo cp /etc/rancher/k3s/k3s.yaml ${options.kubeconfig} && sudo chown $USER ${options.kubeconfig}`;
  if (ports.cluster instanceof Error) {
    return { name, status: 'fail', detail: ports.cluster.message, fix };
  }
  try {
    return { name, status: 'pass', detail: `server ${await ports.cluster.serverVersion()}` };
  } catch (error) {
    return { name, status: 'fail', detail: describeError(error), fix };
  }
}

async function nodeResources(options: DoctorOptions, cluster: ClusterProbe): Promise<CheckResult> {
  const needs = labNeeds(options.models);
  const name = `Node CPU/memory (need ${needs.cpu} CPU, ${needs.memoryGiB} GiB for ${options.models.join(', ')})`;
  try {
    const nodes = await cluster.nodes();
    if (nodes.length === 0) {
      return { name, status: 'fail', detail: 'the cluster has no nodes', fix: 'Check `sudo k3s kubectl get nodes`.' };
    }
    const cpu = nodes.reduce((sum, node) => sum + parseCpu(node.cpu), 0);
    const memoryGiB = nodes.reduce((sum, node) => sum + parseMemoryBytes(node.memory), 0) / GiB;
    const detail = `${nodes.length} node(s): ${cpu.toFixed(1)} CPU, ${memoryGiB.toFixed(1)} GiB allocatable`;
    if (cpu >= needs.cpu && memoryGiB >= needs.memoryGiB) {
      return { name, status: 'pass', detail };
    }
    const smallest = (Object.keys(OLLAMA_MODELS) as OllamaModelTag[]).reduce((a, b) =>
      OLLAMA_MODELS[a].memoryGiB <= OLLAMA_MODELS[b].memoryGiB ? a : b,
    );
    return {
      name,
      status: 'fail',
      detail,
      fix: `Use a bigger host, or a smaller model (ai4all-sre:ollama.models: [${smallest}]) or disable components (ai4all-sre:components.*).`,
    };
  } catch (error) {
    return { name, status: 'fail', detail: describeError(error), fix: 'Fix the API connection first.' };
  }
}

async function diskSpace(options: DoctorOptions, host: HostProbe): Promise<CheckResult> {
  const needs = labNeeds(options.models);
  const name = `Free disk under ${options.dataDirectory} (need ${needs.diskGiB} GiB)`;
  try {
    const freeGiB = (await host.freeBytes(options.dataDirectory)) / GiB;
    const detail = `${freeGiB.toFixed(1)} GiB free`;
    return freeGiB >= needs.diskGiB
      ? { name, status: 'pass', detail }
      : {
          name,
          status: 'fail',
          detail,
          fix: 'Free space (images, volumes: /var/lib/rancher/k3s/storage) or lower ai4all-sre:monitoring.storageSize / logging.storageSize.',
        };
  } catch (error) {
    return { name, status: 'fail', detail: describeError(error), fix: `Check that ${options.dataDirectory} exists.` };
  }
}

async function containerdSocket(host: HostProbe): Promise<CheckResult> {
  const name = `k3s containerd socket (${K3S_CONTAINERD_SOCKET})`;
  const kind = await host.pathKind(K3S_CONTAINERD_SOCKET);
  return kind === 'socket'
    ? { name, status: 'pass', detail: 'present' }
    : {
        name,
        status: 'fail',
        detail: kind === 'missing' ? 'not found' : `exists but is a ${kind}, not a socket`,
        fix: 'Chaos Mesh injects faults through k3s’ embedded containerd: run on a k3s server/agent node started without --docker (and as a user that can see /run/k3s).',
      };
}

async function executable(
  host: HostProbe,
  command: string,
  fix: string,
  status: 'warn' | 'fail',
): Promise<CheckResult> {
  const name = `${command} CLI on PATH`;
  const found = await host.findExecutable(command);
  return found === undefined ? { name, status, detail: 'not found', fix } : { name, status: 'pass', detail: found };
}

async function helmRepositories(options: DoctorOptions, http: HttpProbe): Promise<CheckResult[]> {
  if (options.chartSource === 'vendored') {
    // The stack's preview names any missing archive; nothing here needs the network.
    return [{ name: 'Helm charts', status: 'pass', detail: 'from vendored archives (charts.source: vendored)' }];
  }
  const repos = [...new Set(Object.values(CHARTS).map((chart) => chart.repo))];
  return Promise.all(
    repos.map(async (repo): Promise<CheckResult> => {
      const url = `${repo.replace(/\/$/, '')}/index.yaml`;
      const name = `Helm repository ${repo}`;
      const fix = 'Allow outbound HTTPS to the chart repositories (or set HTTPS_PROXY for the Pulumi run).';
      try {
        const status = await http.status(url, options.httpTimeoutMs);
        return status >= 200 && status < 400
          ? { name, status: 'pass', detail: `HTTP ${status}` }
          : { name, status: 'fail', detail: `HTTP ${status} for ${url}`, fix };
      } catch (error) {
        return { name, status: 'fail', detail: describeError(error), fix };
      }
    }),
  );
}

async function gatewayApiCrds(options: DoctorOptions, cluster: ClusterProbe): Promise<CheckResult> {
  const name = 'Gateway API CRDs for Linkerd';
  if (options.gatewayApi === 'install') {
    return { name, status: 'pass', detail: `the stack installs Gateway API ${GATEWAY_API_CRDS.version}` };
  }
  try {
    const missing: string[] = [];
    for (const crd of GATEWAY_API_CRDS.requiredCrds) {
      if (!(await cluster.crdExists(crd))) missing.push(crd);
    }
    return missing.length === 0
      ? { name, status: 'pass', detail: 'provided by the cluster (k3s/Traefik)' }
      : {
          name,
          status: 'fail',
          detail: `missing: ${missing.join(', ')}`,
          fix: 'Keep k3s’ Traefik enabled, or let the stack install them: pulumi config set --path ai4all-sre:linkerd.gatewayApi install',
        };
  } catch (error) {
    return { name, status: 'fail', detail: describeError(error), fix: 'Fix the API connection first.' };
  }
}

/** Run every check (cluster checks are skipped with a fail when the API is unreachable). */
export async function runChecks(options: DoctorOptions, ports: DoctorPorts): Promise<CheckResult[]> {
  const reachable = await clusterReachable(options, ports);
  const results: CheckResult[] = [reachable];
  if (reachable.status === 'pass' && !(ports.cluster instanceof Error)) {
    results.push(await nodeResources(options, ports.cluster), await gatewayApiCrds(options, ports.cluster));
  } else {
    results.push({
      name: 'Node CPU/memory and Gateway API CRDs',
      status: 'fail',
      detail: 'skipped: the Kubernetes API is not reachable',
      fix: 'Fix the first check, then re-run doctor.',
    });
  }
  results.push(
    await diskSpace(options, ports.host),
    await containerdSocket(ports.host),
    await executable(
      ports.host,
      'pulumi',
      'Install the Pulumi CLI: curl -fsSL https://get.pulumi.com | sh (offline: npm run pulumi:build, then add .cache/pulumi/bin to PATH)',
      'fail',
    ),
    await executable(
      ports.host,
      'kubectl',
      'Optional (the lab guide uses it for port-forwards): sudo ln -s /usr/local/bin/k3s /usr/local/bin/kubectl',
      'warn',
    ),
    ...(await helmRepositories(options, ports.http)),
  );
  return results;
}
