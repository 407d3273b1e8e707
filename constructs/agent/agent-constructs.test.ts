/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-call -- assertions read synthesized JSON */
import { App, Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AGENT_DEFAULTS } from '../../catalog/index.js';
import { PropValidationError } from '../core/prop-validation.js';
import { AgentIdentity, mergeRules } from './agent-identity.js';
import { AgentNetworkPolicy } from './agent-network-policy.js';
import { AgentWorkload } from './agent-workload.js';

const chart = () => new Chart(new App(), 'test', { disableResourceNameHashes: true });

describe('AgentIdentity', () => {
  it('creates one action Role + RoleBinding per allowlisted namespace and nothing namespaced elsewhere', () => {
    const scope = chart();
    new AgentIdentity(scope, 'identity', { allowlistedNamespaces: ['shop', 'payments'] });
    const objects = Testing.synth(scope) as { kind: string; metadata: { name: string; namespace?: string } }[];
    const roles = objects.filter((object) => object.kind === 'Role' && object.metadata.name.endsWith('-actions'));
    expect(roles.map((role) => role.metadata.namespace).sort()).toEqual(['payments', 'shop']);
    expect(objects.filter((object) => object.kind === 'RoleBinding')).toHaveLength(3);
  });

  it('grants only the enabled actions', () => {
    const scope = chart();
    const identity = new AgentIdentity(scope, 'identity', { allowlistedNamespaces: ['shop'], actions: ['restart'] });
    const rules = identity.actionRoles.get('shop')!.rules.flatMap((rule) => rule.resources.map((r) => r.resourceType));
    expect(rules).not.toContain('deployments/scale');
    expect(rules).not.toContain('replicasets');
  });

  it.each([
    [{ allowlistedNamespaces: ['kube-system'] }, /allowlistedNamespaces.*"kube-system".*system namespace/],
    [{ allowlistedNamespaces: ['argocd'] }, /system namespace/],
    [{ allowlistedNamespaces: ['Shop'] }, /allowlistedNamespaces.*"Shop".*lower-case/],
    [{ allowlistedNamespaces: [] }, /allowlistedNamespaces.*at least one/],
    [{ allowlistedNamespaces: ['shop', 'shop'] }, /duplicates/],
    [
      { allowlistedNamespaces: ['shop'], actions: ['delete' as never] },
      /actions.*"delete".*use only restart, scale, rollback/,
    ],
    [{ allowlistedNamespaces: ['shop'], serviceAccountName: 'Agent!' }, /serviceAccountName/],
  ])('refuses bad props %#', (props, message) => {
    expect(() => new AgentIdentity(chart(), 'identity', props)).toThrow(PropValidationError);
    expect(() => new AgentIdentity(chart(), 'identity', props)).toThrow(message);
  });

  it('merges catalog rules per resource with sorted verbs', () => {
    expect(
      mergeRules([
        { apiGroup: 'apps', resource: 'deployments', verbs: ['patch'] },
        { apiGroup: 'apps', resource: 'deployments', verbs: ['get', 'patch'] },
      ]),
    ).toEqual([{ apiGroup: 'apps', resource: 'deployments', verbs: ['get', 'patch'] }]);
  });
});

describe('AgentWorkload', () => {
  const workload = (props: Partial<ConstructorParameters<typeof AgentWorkload>[2]> = {}) => {
    const scope = chart();
    const identity = new AgentIdentity(scope, 'identity', { allowlistedNamespaces: ['shop'] });
    new AgentWorkload(scope, 'workload', {
      image: 'ghcr.io/example/agent:1.0.0',
      serviceAccount: identity.serviceAccount,
      allowlistedNamespaces: ['shop'],
      ...props,
    });
    return Testing.synth(scope) as { kind: string; spec?: any }[];
  };

  it('wires the webhook token from the Secret, not a literal, and a writable data dir on a read-only root', () => {
    const deployment = workload().find((object) => object.kind === 'Deployment')!;
    const container = deployment.spec.template.spec.containers[0];
    const token = container.env.find((entry: { name: string }) => entry.name === 'AGENT_WEBHOOK_TOKEN');
    expect(token.valueFrom.secretKeyRef).toEqual({ name: AGENT_DEFAULTS.webhookTokenSecretName, key: 'token' });
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const dataDir = container.env.find((entry: { name: string }) => entry.name === 'AGENT_DATA_DIR').value;
    expect(container.volumeMounts.map((mount: { mountPath: string }) => mount.mountPath)).toContain(dataDir);
    expect(deployment.spec.template.spec.automountServiceAccountToken).toBe(true);
  });

  it('sizes the V8 heap from the container memory limit', () => {
    const nodeOptions = (props: Parameters<typeof workload>[0]): unknown => {
      const container = workload(props).find((object) => object.kind === 'Deployment')!.spec.template.spec
        .containers[0] as { env: { name: string; value?: string }[] };
      return container.env.find((entry) => entry.name === 'NODE_OPTIONS')?.value;
    };
    expect(nodeOptions({})).toBe('--max-old-space-size=384');
    expect(
      nodeOptions({
        resources: {
          cpuRequestMillis: 100,
          cpuLimitMillis: 500,
          memoryRequestMebibytes: 256,
          memoryLimitMebibytes: 1024,
        },
      }),
    ).toBe('--max-old-space-size=768');
  });

  it('never synthesizes the Secret itself', () => {
    expect(workload().filter((object) => object.kind === 'Secret')).toEqual([]);
  });

  it.each([
    [{ image: 'ghcr.io/example/agent:latest' }, /image.*"ghcr.io\/example\/agent:latest".*pin the image/],
    [{ image: 'ghcr.io/example/agent' }, /pin the image/],
    [{ mode: 'yolo' as never }, /mode.*"yolo".*autonomous, approval, dry-run/],
    [{ replicas: 0 }, /replicas.*from 1 to 5/],
    [{ allowlistedNamespaces: ['kube-system'] }, /system namespace/],
    [{ ollamaUrl: 'ollama:11434' }, /ollamaUrl.*absolute http/],
    [
      { resources: { cpuRequestMillis: 500, cpuLimitMillis: 100, memoryRequestMebibytes: 1, memoryLimitMebibytes: 1 } },
      /cpuLimitMillis.*>= cpuRequestMillis/,
    ],
  ])('refuses bad props %#', (props, message) => {
    expect(() => workload(props)).toThrow(message);
  });
});

describe('AgentNetworkPolicy', () => {
  it('refuses an empty pod selector (it would select every pod) and bad CIDRs', () => {
    expect(() => new AgentNetworkPolicy(chart(), 'np', { podSelectorLabels: {} })).toThrow(
      /podSelectorLabels.*every pod/,
    );
    expect(
      () => new AgentNetworkPolicy(chart(), 'np', { podSelectorLabels: { a: 'b' }, apiServerCidrs: ['10.0.0.300/32'] }),
    ).toThrow(/apiServerCidrs.*IPv4 CIDR/);
  });

  it('denies by default and opens ingress only on the agent port', () => {
    const scope = chart();
    new AgentNetworkPolicy(scope, 'np', { podSelectorLabels: { app: 'agent' }, apiServerCidrs: ['10.0.0.1/32'] });
    const [policy] = Testing.synth(scope) as { spec: any }[];
    expect(policy!.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
    for (const rule of policy!.spec.ingress) expect(rule.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    expect(policy!.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '10.0.0.1/32' } }]);
  });
});
