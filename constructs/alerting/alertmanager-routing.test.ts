import { describe, expect, it } from 'vitest';
import { AGENT_DEFAULTS, AGENT_HTTP, LAB_NAMESPACES } from '../../catalog/index.js';
import { agentAlertmanagerRouting, defaultAlertmanagerCredentialsFile } from './alertmanager-routing.js';

describe('agentAlertmanagerRouting', () => {
  it('routes the demo namespace to the agent Service with continue: true, so a later human sibling route still matches', () => {
    const { route, receiver } = agentAlertmanagerRouting();
    expect(route.continue).toBe(true);
    expect(route.receiver).toBe(receiver.name);
    expect(route.matchers).toEqual([`namespace=~"${LAB_NAMESPACES.demo}"`]);
    expect(route.group_by).toEqual(['alertname', 'namespace', 'deployment']);
    const [webhook] = receiver.webhook_configs;
    expect(webhook?.url).toBe(
      `http://${AGENT_DEFAULTS.serviceName}.${AGENT_DEFAULTS.namespace}.svc.cluster.local${AGENT_HTTP.webhookPath}`,
    );
    expect(webhook?.send_resolved).toBe(true);
  });

  it('authenticates with the bearer token file mounted from the webhook token Secret', () => {
    const authorization = agentAlertmanagerRouting().receiver.webhook_configs[0]?.http_config.authorization;
    expect(authorization).toEqual({ type: 'Bearer', credentials_file: defaultAlertmanagerCredentialsFile() });
    expect(defaultAlertmanagerCredentialsFile()).toBe(
      `/etc/alertmanager/secrets/${AGENT_DEFAULTS.webhookTokenSecretName}/${AGENT_DEFAULTS.webhookTokenSecretKey}`,
    );
  });

  it('honours overrides', () => {
    const { route, receiver } = agentAlertmanagerRouting({
      namespaces: ['shop', 'payments'],
      webhookUrl: 'http://agent.example:8080/webhook/alertmanager',
      credentialsFile: '/run/token',
      receiverName: 'sre-agent',
    });
    expect(route.matchers).toEqual(['namespace=~"shop|payments"']);
    expect(route.receiver).toBe('sre-agent');
    expect(receiver.webhook_configs[0]?.url).toBe('http://agent.example:8080/webhook/alertmanager');
    expect(receiver.webhook_configs[0]?.http_config.authorization.credentials_file).toBe('/run/token');
  });

  it('rejects an empty or invalid namespace list with a message naming the fix', () => {
    expect(() => agentAlertmanagerRouting({ namespaces: [] })).toThrow(/pass at least one namespace/);
    expect(() => agentAlertmanagerRouting({ namespaces: ['Bad_NS'] })).toThrow(
      /"Bad_NS" is not a valid Kubernetes namespace/,
    );
    // A regex metacharacter would widen the matcher to namespaces nobody allowlisted.
    expect(() => agentAlertmanagerRouting({ namespaces: ['.*'] })).toThrow(/not a valid/);
  });
});
