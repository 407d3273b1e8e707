/**
 * Which namespaces the stack creates and with which labels and annotations: pure, so tests
 * read the plan directly. Platform namespaces are never meshed (admission webhooks behind
 * proxies make ordering painful); meshing and chaos injection are opt-in per namespace.
 */
import { AGENT_DEFAULTS } from '../../catalog/agent-contract.js';
import { LAB_NAMESPACES } from '../../catalog/platform-contract.js';
import type { LabConfig } from '../config/lab-config.js';
import { CHAOS_INJECT_ANNOTATION } from '../values/chaos-mesh-values.js';

/** Pod Security Admission level enforced in a namespace. */
export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

/** One namespace the stack creates. */
export interface NamespaceSpec {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** Linkerd's injection annotation. */
export const LINKERD_INJECT_ANNOTATION = 'linkerd.io/inject';

const COMMON_LABELS = { 'app.kubernetes.io/managed-by': 'pulumi', 'app.kubernetes.io/part-of': 'ai4all-sre' };
/**
 * Workload namespaces may also be declared in dist/ (ArgoCD applies them with server-side apply
 * and --force-conflicts), so the stack sets no key there that dist/ sets to another value.
 */
const WORKLOAD_LABELS = { 'app.kubernetes.io/managed-by': 'pulumi' };

function podSecurity(enforce: PodSecurityLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': enforce,
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
  };
}

/** The namespaces for a configuration, in creation order, without duplicates. */
export function namespacePlan(config: LabConfig): NamespaceSpec[] {
  const { components } = config;
  const platform: { name: string; enabled: boolean; level: PodSecurityLevel; labels?: Record<string, string> }[] = [
    { name: LAB_NAMESPACES.argocd, enabled: components.argocd, level: 'baseline' },
    {
      name: LAB_NAMESPACES.linkerd,
      enabled: components.linkerd,
      // proxy-init needs NET_ADMIN/NET_RAW.
      level: 'privileged',
      labels: {
        'linkerd.io/is-control-plane': 'true',
        'linkerd.io/control-plane-ns': LAB_NAMESPACES.linkerd,
        'config.linkerd.io/admission-webhooks': 'disabled',
      },
    },
    { name: LAB_NAMESPACES.kyverno, enabled: components.kyverno, level: 'baseline' },
    // chaos-daemon is privileged and mounts the containerd socket.
    { name: LAB_NAMESPACES.chaosMesh, enabled: components.chaosMesh, level: 'privileged' },
    // node-exporter uses hostNetwork/hostPID.
    { name: LAB_NAMESPACES.monitoring, enabled: components.monitoring, level: 'privileged' },
    { name: LAB_NAMESPACES.logging, enabled: components.logging, level: 'baseline' },
    { name: LAB_NAMESPACES.ollama, enabled: components.ollama, level: 'baseline' },
  ];
  const plan: NamespaceSpec[] = platform
    .filter((entry) => entry.enabled)
    .map((entry): NamespaceSpec => ({
      name: entry.name,
      labels: { ...COMMON_LABELS, ...podSecurity(entry.level), ...entry.labels },
      annotations: components.linkerd ? { [LINKERD_INJECT_ANNOTATION]: 'disabled' } : {},
    }));

  const workloadNamespaces = [
    AGENT_DEFAULTS.namespace,
    ...config.agent.namespaceAllowlist,
    ...(components.linkerd ? config.linkerd.meshedNamespaces : []),
  ];
  for (const name of new Set(workloadNamespaces)) {
    if (plan.some((entry) => entry.name === name)) {
      throw new Error(
        `namespacePlan: "${name}" is a platform namespace; remove it from ai4all-sre:agent.namespaceAllowlist / ai4all-sre:linkerd.meshedNamespaces.`,
      );
    }
    const meshed = components.linkerd && config.linkerd.meshedNamespaces.includes(name);
    const chaosTarget = components.chaosMesh && config.agent.namespaceAllowlist.includes(name);
    const annotations: Record<string, string> = {};
    if (components.linkerd) {
      annotations[LINKERD_INJECT_ANNOTATION] = meshed ? 'enabled' : 'disabled';
    }
    if (chaosTarget) {
      annotations[CHAOS_INJECT_ANNOTATION.key] = CHAOS_INJECT_ANNOTATION.value;
    }
    // The agent's own namespace holds only our hardened workload; meshed pods need NET_ADMIN for proxy-init.
    const level: PodSecurityLevel = name === AGENT_DEFAULTS.namespace ? 'baseline' : meshed ? 'privileged' : 'baseline';
    plan.push({ name, labels: { ...WORKLOAD_LABELS, ...podSecurity(level) }, annotations });
  }
  return plan;
}
