import { describe, expect, it } from 'vitest';
import { CHARTS } from '../../stacks/catalog/chart-catalog.js';
import { labNeeds, runChecks, type DoctorOptions, type DoctorPorts } from './checks.js';
import type { ClusterProbe, HostProbe, HttpProbe, NodeCapacity, PathKind } from './ports.js';
import { parseCpu, parseMemoryBytes } from './quantity.js';

const options: DoctorOptions = {
  kubeconfig: '/home/lab/.kube/config',
  context: 'default',
  models: ['qwen2.5:3b-instruct'],
  gatewayApi: 'existing',
  dataDirectory: '/var/lib/rancher/k3s',
  httpTimeoutMs: 1000,
};

const GiB = 1024 ** 3;

function fakeCluster(overrides: Partial<{ nodes: NodeCapacity[]; crds: string[]; down: boolean }> = {}): ClusterProbe {
  return {
    serverVersion: () =>
      overrides.down
        ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6443'))
        : Promise.resolve('v1.36.3+k3s1'),
    nodes: () => Promise.resolve(overrides.nodes ?? [{ name: 'lab', cpu: '8', memory: '32827220Ki' }]),
    crdExists: (name) =>
      Promise.resolve(
        (overrides.crds ?? ['httproutes.gateway.networking.k8s.io', 'grpcroutes.gateway.networking.k8s.io']).includes(
          name,
        ),
      ),
  };
}

function fakeHost(overrides: Partial<{ socket: PathKind; freeGiB: number; executables: string[] }> = {}): HostProbe {
  return {
    pathKind: () => Promise.resolve(overrides.socket ?? 'socket'),
    freeBytes: () => Promise.resolve((overrides.freeGiB ?? 200) * GiB),
    findExecutable: (name) =>
      Promise.resolve(
        (overrides.executables ?? ['pulumi', 'kubectl']).includes(name) ? `/usr/local/bin/${name}` : undefined,
      ),
  };
}

function fakeHttp(statusFor: (url: string) => number | Error = () => 200): HttpProbe & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    status: (url) => {
      urls.push(url);
      const status = statusFor(url);
      return status instanceof Error ? Promise.reject(status) : Promise.resolve(status);
    },
  };
}

function ports(overrides: Partial<DoctorPorts> = {}): DoctorPorts {
  return { cluster: fakeCluster(), host: fakeHost(), http: fakeHttp(), ...overrides };
}

const byName = (results: Awaited<ReturnType<typeof runChecks>>, fragment: string) => {
  const found = results.find((result) => result.name.includes(fragment));
  if (!found) throw new Error(`no check named like ${fragment}`);
  return found;
};

describe('runChecks', () => {
  it('passes on a ready k3s host and checks every chart repository once', async () => {
    const http = fakeHttp();
    const results = await runChecks(options, ports({ http }));
    expect(results.filter((result) => result.status !== 'pass')).toEqual([]);
    const repos = new Set(Object.values(CHARTS).map((chart) => `${chart.repo.replace(/\/$/, '')}/index.yaml`));
    expect(new Set(http.urls)).toEqual(repos);
    expect(byName(results, 'Kubernetes API').detail).toBe('server v1.36.3+k3s1');
  });

  it('asks no chart repository when the stack installs vendored archives', async () => {
    const http = fakeHttp();
    const results = await runChecks({ ...options, chartSource: 'vendored' }, ports({ http }));
    expect(http.urls).toEqual([]);
    expect(byName(results, 'Helm charts')).toMatchObject({ status: 'pass' });
  });

  it('fails with the k3s kubeconfig fix when the API is unreachable, and skips the cluster checks', async () => {
    const results = await runChecks(options, ports({ cluster: fakeCluster({ down: true }) }));
    const api = byName(results, 'Kubernetes API');
    expect(api).toMatchObject({ status: 'fail', detail: 'connect ECONNREFUSED 127.0.0.1:6443' });
    expect(api.fix).toContain('/etc/rancher/k3s/k3s.yaml');
    expect(byName(results, 'Node CPU/memory')).toMatchObject({
      status: 'fail',
      detail: 'skipped: the Kubernetes API is not reachable',
    });
  });

  it('reports a kubeconfig that could not be loaded', async () => {
    const results = await runChecks(
      options,
      ports({ cluster: new Error('context "default" is not in /x (contexts: kind)') }),
    );
    expect(byName(results, 'Kubernetes API')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('kind'),
    });
  });

  it('sizes the memory need from the models and fails a too-small node with a smaller-model fix', async () => {
    expect(labNeeds(['qwen2.5:3b-instruct']).memoryGiB).toBe(10);
    expect(labNeeds(['qwen2.5:7b-instruct']).memoryGiB).toBe(14);
    const small = fakeCluster({ nodes: [{ name: 'lab', cpu: '3800m', memory: '8Gi' }] });
    const result = byName(await runChecks(options, ports({ cluster: small })), 'Node CPU/memory');
    expect(result).toMatchObject({ status: 'fail', detail: '1 node(s): 3.8 CPU, 8.0 GiB allocatable' });
    expect(result.fix).toContain('ai4all-sre:ollama.models');
  });

  it('fails without the k3s containerd socket, and when it is not a socket', async () => {
    for (const kind of ['missing', 'file'] as const) {
      const result = byName(await runChecks(options, ports({ host: fakeHost({ socket: kind }) })), 'containerd socket');
      expect(result.status).toBe('fail');
      expect(result.detail).toBe(kind === 'missing' ? 'not found' : 'exists but is a file, not a socket');
    }
  });

  it('fails on low disk, a missing pulumi CLI, and only warns about kubectl', async () => {
    const results = await runChecks(options, ports({ host: fakeHost({ freeGiB: 20, executables: [] }) }));
    expect(byName(results, 'Free disk')).toMatchObject({ status: 'fail', detail: '20.0 GiB free' });
    expect(byName(results, 'pulumi CLI')).toMatchObject({
      status: 'fail',
      fix: expect.stringContaining('get.pulumi.com'),
    });
    expect(byName(results, 'kubectl CLI').status).toBe('warn');
  });

  it('names the missing Gateway API CRDs, and skips the check when the stack installs them', async () => {
    const noGateway = ports({ cluster: fakeCluster({ crds: [] }) });
    const missing = byName(await runChecks(options, noGateway), 'Gateway API');
    expect(missing.status).toBe('fail');
    expect(missing.detail).toContain('httproutes.gateway.networking.k8s.io');
    expect(missing.fix).toContain('linkerd.gatewayApi install');
    expect(byName(await runChecks({ ...options, gatewayApi: 'install' }, noGateway), 'Gateway API').status).toBe(
      'pass',
    );
  });

  it('fails an unreachable or erroring Helm repository with the network fix', async () => {
    const http = fakeHttp((url) =>
      url.includes('linkerd')
        ? new Error('fetch failed', { cause: { code: 'ENOTFOUND' } })
        : url.includes('otwld')
          ? 404
          : 200,
    );
    const results = await runChecks(options, ports({ http }));
    expect(byName(results, 'helm.linkerd.io')).toMatchObject({ status: 'fail', detail: 'fetch failed (ENOTFOUND)' });
    expect(byName(results, 'helm.otwld.com').detail).toBe('HTTP 404 for https://helm.otwld.com/index.yaml');
  });
});

describe('quantities', () => {
  it('parses node CPU and memory and refuses garbage', () => {
    expect(parseCpu('3800m')).toBe(3.8);
    expect(parseCpu('4')).toBe(4);
    expect(parseMemoryBytes('16Gi')).toBe(16 * GiB);
    expect(parseMemoryBytes('1024Ki')).toBe(1024 * 1024);
    expect(parseMemoryBytes('2G')).toBe(2e9);
    expect(() => parseCpu('four')).toThrow(/not a CPU quantity/);
    expect(() => parseMemoryBytes('16 GB')).toThrow(/not a memory quantity/);
  });
});
