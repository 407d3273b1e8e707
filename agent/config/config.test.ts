import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfig } from './config.js';

const kubeconfigPresent = { fileExists: (path: string) => path === '/etc/kube/config', homeDirectory: '/nowhere' };
// The token requirement has its own tests (safe-defaults.test.ts); here the dev flag stands in for it.
const base = { KUBECONFIG: '/etc/kube/config', AGENT_INSECURE_NO_AUTH: 'true' };

function problemsOf(run: () => unknown): { variable: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies the documented defaults', () => {
    const config = parseConfig(base, kubeconfigPresent);
    expect(config.ollama.host).toBe('http://127.0.0.1:11434');
    expect(config.http.port).toBe(8080);
    expect(config.dataDirectory).toBe('./.ai4all-sre');
    expect(config.mode).toBe('approval');
    expect(config.namespaces).toEqual([]);
    expect(config.http.webhookToken).toBeUndefined();
    expect(config.kubernetes).toEqual({ mode: 'kubeconfig', path: '/etc/kube/config' });
    expect(config.gitops.enabled).toBe(false);
  });

  it('parses every contract variable', () => {
    const config = parseConfig(
      {
        ...base,
        OLLAMA_HOST: 'http://ollama:11434/',
        OLLAMA_MODEL: 'llama3.2:1b',
        PROMETHEUS_URL: 'http://prometheus:9090',
        LOKI_URL: 'http://loki:3100',
        AGENT_PORT: '9000',
        AGENT_DATA_DIR: '/data',
        AGENT_WEBHOOK_TOKEN: 'a-token-of-sixteen-chars',
        AGENT_MODE: 'dry-run',
        AGENT_NAMESPACES: 'online-boutique, shop ,',
      },
      kubeconfigPresent,
    );
    expect(config).toMatchObject({
      ollama: { host: 'http://ollama:11434', model: 'llama3.2:1b' },
      prometheusUrl: 'http://prometheus:9090',
      lokiUrl: 'http://loki:3100',
      http: { port: 9000, webhookToken: 'a-token-of-sixteen-chars' },
      dataDirectory: '/data',
      mode: 'dry-run',
      namespaces: ['online-boutique', 'shop'],
    });
  });

  it('uses in-cluster credentials when KUBECONFIG is unset inside a pod', () => {
    const config = parseConfig(
      { KUBERNETES_SERVICE_HOST: '10.43.0.1', AGENT_INSECURE_NO_AUTH: 'true' },
      kubeconfigPresent,
    );
    expect(config.kubernetes).toEqual({ mode: 'in-cluster' });
  });

  it('names every invalid variable, with its value and what is expected', () => {
    const problems = problemsOf(() =>
      parseConfig(
        { ...base, AGENT_PORT: 'eighty', AGENT_MODE: 'yolo', OLLAMA_HOST: 'ftp://x', AGENT_NAMESPACES: 'kube-system' },
        kubeconfigPresent,
      ),
    );
    const byVariable = Object.fromEntries(problems.map((problem) => [problem.variable, problem.message]));
    expect(Object.keys(byVariable).sort()).toEqual(['AGENT_MODE', 'AGENT_NAMESPACES', 'AGENT_PORT', 'OLLAMA_HOST']);
    expect(byVariable['AGENT_PORT']).toContain('"eighty"');
    expect(byVariable['AGENT_MODE']).toContain('autonomous, approval, dry-run');
    expect(byVariable['AGENT_NAMESPACES']).toContain('system namespace');
  });

  it('rejects a short webhook token without echoing it', () => {
    const problems = problemsOf(() => parseConfig({ ...base, AGENT_WEBHOOK_TOKEN: 'secret' }, kubeconfigPresent));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe('AGENT_WEBHOOK_TOKEN');
    expect(problems[0]?.message).not.toContain('secret"');
  });

  it('explains a missing kubeconfig', () => {
    const missing = problemsOf(() => parseConfig({ KUBECONFIG: '/missing' }, kubeconfigPresent));
    expect(missing[0]).toMatchObject({ variable: 'KUBECONFIG' });
    expect(missing[0]?.message).toContain('/missing');
    const none = problemsOf(() => parseConfig({}, kubeconfigPresent));
    expect(none[0]?.message).toContain('KUBERNETES_SERVICE_HOST');
  });

  it('reports a missing kubeconfig together with the other problems', () => {
    const problems = problemsOf(() => parseConfig({ KUBECONFIG: '/missing', AGENT_MODE: 'yolo' }, kubeconfigPresent));
    expect(problems.map((problem) => problem.variable).sort()).toEqual(['AGENT_MODE', 'KUBECONFIG']);
  });

  it('the error message lists each variable on its own line', () => {
    expect(() => parseConfig({ ...base, AGENT_PORT: '70000' }, kubeconfigPresent)).toThrow(/AGENT_PORT: /);
  });

  it('takes the rollout and verification windows from the environment, and feeds them to the pipeline', async () => {
    const config = parseConfig(
      {
        ...base,
        AGENT_ROLLOUT_DEADLINE_SECONDS: '120',
        AGENT_VERIFY_SETTLE_SECONDS: '5',
        AGENT_VERIFY_WINDOW_SECONDS: '90',
        AGENT_VERIFY_INTERVAL_SECONDS: '10',
        AGENT_VERIFY_STABLE_SECONDS: '30',
        AGENT_MODEL_TIMEOUT_SECONDS: '20',
      },
      kubeconfigPresent,
    );
    expect(config.pipeline).toEqual({
      rolloutDeadlineMilliseconds: 120_000,
      verification: {
        settleMilliseconds: 5_000,
        windowMilliseconds: 90_000,
        intervalMilliseconds: 10_000,
        stableMilliseconds: 30_000,
      },
      modelTimeoutMilliseconds: 20_000,
    });
    const { workflowSettings } = await import('../wiring.js');
    const { createWorkflowConfig } = await import('../core/pipeline/config.js');
    const workflow = createWorkflowConfig(workflowSettings(config));
    expect(workflow.rollout.deadlineMilliseconds).toBe(120_000);
    expect(workflow.verification.windowMilliseconds).toBe(90_000);
    expect(workflow.model.timeoutMilliseconds).toBe(20_000);
    expect(parseConfig(base, kubeconfigPresent).pipeline.verification.windowMilliseconds).toBe(300_000);
  });

  it('has one default per setting: the pipeline takes the environment defaults and keeps none of its own', async () => {
    const { workflowSettings } = await import('../wiring.js');
    const { createWorkflowConfig } = await import('../core/pipeline/config.js');
    const defaults = createWorkflowConfig(workflowSettings(parseConfig(base, kubeconfigPresent)));
    expect(defaults).toMatchObject({
      cooldownMilliseconds: 600_000,
      hourlyActionBudget: 6,
      rollout: { deadlineMilliseconds: 300_000 },
      verification: { settleMilliseconds: 30_000, windowMilliseconds: 300_000, intervalMilliseconds: 15_000 },
      model: { timeoutMilliseconds: 60_000 },
    });
    const { cooldownMilliseconds: _cooldown, ...withoutCooldown } = workflowSettings(
      parseConfig(base, kubeconfigPresent),
    );
    expect(() => createWorkflowConfig(withoutCooldown as Parameters<typeof createWorkflowConfig>[0])).toThrow(
      /cooldownMilliseconds/,
    );
  });

  it('refuses a verification that could never pass, and a deadline out of range, naming the variable', () => {
    expect(
      problemsOf(() =>
        parseConfig(
          { ...base, AGENT_VERIFY_WINDOW_SECONDS: '60', AGENT_VERIFY_STABLE_SECONDS: '120' },
          kubeconfigPresent,
        ),
      ),
    ).toEqual([
      expect.objectContaining({
        variable: 'AGENT_VERIFY_STABLE_SECONDS',
        message: expect.stringContaining('must not exceed AGENT_VERIFY_WINDOW_SECONDS'),
      }),
    ]);
    expect(
      problemsOf(() => parseConfig({ ...base, AGENT_ROLLOUT_DEADLINE_SECONDS: '1' }, kubeconfigPresent))[0]?.variable,
    ).toBe('AGENT_ROLLOUT_DEADLINE_SECONDS');
  });
});
