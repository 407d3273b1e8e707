/**
 * Issue 12, defect 4: without a token the agent refuses to start unless the explicit insecure
 * development flag is set, and outside a pod it listens on loopback by default.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { parseConfig } from './config.js';

const probes = { fileExists: () => true, homeDirectory: '/nowhere' };
const kubeconfig = { KUBECONFIG: '/etc/kube/config' };
const TOKEN = 'a-token-of-sixteen-chars';

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => `${problem.variable}: ${problem.message}`);
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('safe defaults', () => {
  it('refuses to start without AGENT_WEBHOOK_TOKEN, naming the variable and the insecure flag', () => {
    const problems = problemsOf(() => parseConfig(kubeconfig, probes));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('AGENT_WEBHOOK_TOKEN');
    expect(problems[0]).toContain('AGENT_INSECURE_NO_AUTH=true');
  });

  it('starts without a token only with AGENT_INSECURE_NO_AUTH=true, and says so in the config', () => {
    const config = parseConfig({ ...kubeconfig, AGENT_INSECURE_NO_AUTH: 'true' }, probes);
    expect(config.http.webhookToken).toBeUndefined();
    expect(config.http.insecureNoAuth).toBe(true);
  });

  it('listens on loopback outside a pod and on every interface inside one, unless told otherwise', () => {
    expect(parseConfig({ ...kubeconfig, AGENT_WEBHOOK_TOKEN: TOKEN }, probes).http.host).toBe('127.0.0.1');
    expect(parseConfig({ KUBERNETES_SERVICE_HOST: '10.43.0.1', AGENT_WEBHOOK_TOKEN: TOKEN }, probes).http.host).toBe(
      '0.0.0.0',
    );
    expect(
      parseConfig({ ...kubeconfig, AGENT_WEBHOOK_TOKEN: TOKEN, AGENT_LISTEN_HOST: '0.0.0.0' }, probes).http.host,
    ).toBe('0.0.0.0');
  });

  it('takes an optional read-only token of at least 16 characters, distinct from the webhook token', () => {
    const config = parseConfig({ ...kubeconfig, AGENT_WEBHOOK_TOKEN: TOKEN, AGENT_READ_TOKEN: 'r'.repeat(16) }, probes);
    expect(config.http.readToken).toBe('r'.repeat(16));
    expect(
      problemsOf(() =>
        parseConfig({ ...kubeconfig, AGENT_WEBHOOK_TOKEN: TOKEN, AGENT_READ_TOKEN: 'short' }, probes),
      )[0],
    ).toContain('AGENT_READ_TOKEN');
    expect(
      problemsOf(() => parseConfig({ ...kubeconfig, AGENT_WEBHOOK_TOKEN: TOKEN, AGENT_READ_TOKEN: TOKEN }, probes))[0],
    ).toContain('AGENT_READ_TOKEN');
  });
});
