import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_TAG } from '../../catalog/agent-contract.js';
import { DEFAULT_GITOPS_REPO_URL } from '../../constructs/gitops/app-of-apps.js';
import { OLLAMA_MODEL_TAGS } from '../catalog/chart-catalog.js';
import { rawStackConfig } from '../testing/fixtures.js';
import { resolveKubeconfig } from './kubeconfig.js';
import { LabConfigError, parseLabConfig } from './parse-lab-config.js';

const minimal = {
  cluster: { kubeconfig: '~/.kube/config', context: 'default' },
  gitops: { repoUrl: 'https://github.com/example/ai4all-sre.git' },
  ollama: { models: ['qwen2.5:3b-instruct'] },
};

function problemsOf(raw: unknown): readonly string[] {
  try {
    parseLabConfig(raw);
  } catch (error) {
    if (error instanceof LabConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('stack files', () => {
  it('Pulumi.lab.yaml parses: single node, every component on, the agent model pulled, the synthesized repo', () => {
    const lab = parseLabConfig(rawStackConfig('lab'));
    expect(lab.cluster).toMatchObject({ context: 'default', highAvailability: false, storageClass: 'local-path' });
    expect(Object.values(lab.components).every(Boolean)).toBe(true);
    // The in-cluster model must be the one the agent asks for by default.
    expect(lab.ollama.models[0]).toBe(DEFAULT_MODEL_TAG);
    expect(lab.ollama.gpu.enabled).toBe(false);
    // dist/ is synthesized with this URL; a different one here would point ArgoCD at a repo whose child apps differ.
    expect(lab.gitops.repoUrl).toBe(DEFAULT_GITOPS_REPO_URL);
    expect(lab.gitops.path).toBe('dist/apps');
  });

  it('Pulumi.prod.yaml parses: HA, installed Gateway API, a bigger model on a GPU', () => {
    const prod = parseLabConfig(rawStackConfig('prod'));
    expect(prod.cluster.highAvailability).toBe(true);
    expect(prod.linkerd.gatewayApi).toBe('install');
    expect(prod.ollama.models[0]).toBe('qwen2.5:7b-instruct');
    expect(prod.ollama.gpu).toEqual({ enabled: true, type: 'nvidia', count: 1 });
  });
});

describe('parseLabConfig', () => {
  it('applies defaults from the schema', () => {
    const config = parseLabConfig(minimal);
    expect(config.components.ollama).toBe(true);
    expect(config.agent.namespaceAllowlist).toEqual(['online-boutique']);
    expect(config.linkerd.gatewayApi).toBe('existing');
    expect(config.chaosMesh.dashboard).toBe(false);
    expect(config.gitops.revision).toBe('main');
  });

  it('requires an explicit kubeconfig and context (never the ambient one)', () => {
    const problems = problemsOf({ ...minimal, cluster: {} });
    expect(problems).toContain('ai4all-sre:cluster.kubeconfig: is required (string)');
    expect(problems).toContain('ai4all-sre:cluster.context: is required (string)');
  });

  it('names the key and the allowed values for an enum', () => {
    const problems = problemsOf({ ...minimal, ollama: { models: ['gpt-5'] }, linkerd: { gatewayApi: 'maybe' } });
    expect(problems).toContain(
      `ai4all-sre:ollama.models[0]: got "gpt-5"; allowed values: ${OLLAMA_MODEL_TAGS.map((tag) => `"${tag}"`).join(', ')}`,
    );
    expect(problems).toContain('ai4all-sre:linkerd.gatewayApi: got "maybe"; allowed values: "existing", "install"');
  });

  it('rejects unknown keys and lists the allowed ones (typos do not pass silently)', () => {
    const problems = problemsOf({ ...minimal, components: { argocd: true, grafana: true } });
    expect(problems).toEqual([
      'ai4all-sre:components: unknown key(s) "grafana"; allowed keys: argocd, linkerd, kyverno, chaosMesh, monitoring, logging, ollama',
    ]);
  });

  it('refuses system namespaces in the agent allowlist', () => {
    const problems = problemsOf({ ...minimal, agent: { namespaceAllowlist: ['kube-system'] } });
    expect(problems).toEqual([
      'ai4all-sre:agent.namespaceAllowlist[0]: is a system namespace; the agent may never act there',
    ]);
  });

  it('refuses less memory or storage than the models need', () => {
    const problems = problemsOf({
      ...minimal,
      ollama: { models: ['qwen2.5:7b-instruct'], memoryGiB: 2, storageGiB: 3 },
    });
    expect(problems.join('\n')).toMatch(/ai4all-sre:ollama\.memoryGiB: is 2 but .* need at least 8/);
    expect(problems.join('\n')).toMatch(/ai4all-sre:ollama\.storageGiB: is 3 but the models need at least 13/);
  });

  it('rejects a repository URL that is not https/ssh and a bad quantity', () => {
    const problems = problemsOf({
      ...minimal,
      gitops: { repoUrl: 'ftp://example.com/repo' },
      monitoring: { storageSize: '10GB' },
    });
    expect(problems).toEqual([
      'ai4all-sre:gitops.repoUrl: must be an https://, ssh:// or git@ repository URL',
      'ai4all-sre:monitoring.storageSize: must be a Kubernetes storage quantity such as "10Gi" or "512Mi"',
    ]);
  });

  it('puts every problem in the error message', () => {
    expect(() => parseLabConfig({})).toThrow(/ai4all-sre:cluster: is required[\s\S]*ai4all-sre:gitops: is required/);
  });
});

describe('resolveKubeconfig', () => {
  it('expands ~/ and resolves relative paths; passes inline YAML through', () => {
    expect(resolveKubeconfig('~/.kube/config', '/home/lab', '/work')).toBe('/home/lab/.kube/config');
    expect(resolveKubeconfig('kube.yaml', '/home/lab', '/work')).toBe('/work/kube.yaml');
    const inline = 'apiVersion: v1\nclusters: []\n';
    expect(resolveKubeconfig(inline, '/home/lab', '/work')).toBe(inline);
  });
});
