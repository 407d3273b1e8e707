/**
 * The baseline every workload in the protected namespaces must meet, as five Kyverno CEL
 * ValidatingPolicies: pod security, requests/limits, probes, pinned images, required labels.
 */
import { Construct } from 'constructs';
import { MANAGED_WORKLOAD_LABEL } from '../../catalog/agent-contract.js';
import { PropValidationError, requireDnsLabel, requireUniqueNonEmpty } from '../core/prop-validation.js';
import { KyvernoValidatingPolicy } from './kyverno-validating-policy.js';
import {
  CONTAINERS_VARIABLE,
  CONTROLLER_RULES,
  LONG_RUNNING_CONTROLLER_RULE,
  POD_RULE,
  POD_SPEC_VARIABLE,
  celString,
  celStringList,
} from './pod-spec-cel.js';

const CONSTRUCT = 'WorkloadBaselinePolicies';

/**
 * A container a service mesh injects into Pods at admission (after the controller was checked),
 * e.g. Linkerd's `linkerd-init` (iptables: NET_ADMIN, NET_RAW, runs as root unless the mesh uses its
 * CNI plugin) and `linkerd-proxy` (does not drop capabilities by default). Matched by name AND image
 * prefix, and exempt only from the capability checks (and, where declared, the non-root check);
 * privileged, host namespaces and ports, privilege escalation and image pinning still apply.
 */
export interface MeshContainer {
  /** Container name the injector uses, e.g. `linkerd-init`. */
  readonly name: string;
  /** Image prefix, e.g. `cr.l5d.io/linkerd/proxy-init:`. Must contain a registry host. */
  readonly imagePrefix: string;
  /** Capabilities it may add (empty: none). */
  readonly addCapabilities: readonly string[];
  /** Whether it may run as root (Linkerd's init container without the CNI plugin). @default false */
  readonly mayRunAsRoot?: boolean;
}

/** Props of {@link WorkloadBaselinePolicies}. */
export interface WorkloadBaselinePoliciesProps {
  /** Namespaces the baseline is enforced in (the workload namespaces). At least one. */
  readonly namespaces: readonly string[];
  /**
   * Namespaces whose Deployments must say whether the agent manages them
   * (`MANAGED_WORKLOAD_LABEL` = `"true"` or `"false"`). Each must be in `namespaces`.
   */
  readonly agentNamespaces: readonly string[];
  /** Mesh-injected containers with their narrow exemptions. @default [] */
  readonly meshContainers?: readonly MeshContainer[];
  /** Name prefix of the five policies. @default 'workload' */
  readonly namePrefix?: string;
}

/** Validation messages, exported so tests and docs can refer to them. */
export const BASELINE_MESSAGES = {
  hostNamespaces: 'Pods must not use the host network, PID or IPC namespace: unset hostNetwork, hostPID and hostIPC.',
  privileged: 'Containers must not be privileged: remove securityContext.privileged or set it to false.',
  hostPorts: 'Containers must not bind host ports: remove ports[].hostPort (use a Service).',
  dropAll: 'Containers must drop all capabilities: set securityContext.capabilities.drop to ["ALL"].',
  addCapabilities: 'Containers must not add capabilities: remove securityContext.capabilities.add.',
  runAsNonRoot:
    'Containers must run as non-root: set securityContext.runAsNonRoot to true (pod or container) and never runAsUser 0.',
  privilegeEscalation: 'Containers must set securityContext.allowPrivilegeEscalation to false.',
  resources:
    'Every container needs requests and limits for cpu and memory: set resources.requests and resources.limits.',
  probes: 'Every container of a long-running workload needs a livenessProbe and a readinessProbe.',
  images: 'Images must be pinned to a version tag or sha256 digest: no ":latest" and no untagged image.',
  appLabel:
    'Workloads need an "app" (or "app.kubernetes.io/name") label, repeated with the same value on the pod template.',
  managedLabel:
    'Deployments in agent namespaces need the "app" label the agent resolves workloads by, and ' +
    `"${MANAGED_WORKLOAD_LABEL}" set to "true" or "false".`,
} as const;

function meshIdentity(container: MeshContainer): string {
  return `(c.name == ${celString(container.name)} && c.image.startsWith(${celString(container.imagePrefix)}))`;
}

/** CEL that is true for a container `c` that is one of the mesh containers (optionally filtered). */
function isMeshContainer(mesh: readonly MeshContainer[], filter: (container: MeshContainer) => boolean = () => true) {
  const matching = mesh.filter(filter);
  return matching.length === 0 ? 'false' : matching.map(meshIdentity).join(' || ');
}

/** CEL that is true when `c` is a mesh container adding only the capabilities declared for it. */
function meshAddsOnlyDeclared(mesh: readonly MeshContainer[]): string {
  if (mesh.length === 0) return 'false';
  return mesh
    .map(
      (container) =>
        `(${meshIdentity(container)} && c.securityContext.capabilities.add.all(a, a in ${celStringList(container.addCapabilities)}))`,
    )
    .join(' || ');
}

/**
 * Five ValidatingPolicies enforcing the workload baseline in the given namespaces:
 * `<prefix>-pod-security`, `<prefix>-resources`, `<prefix>-probes`, `<prefix>-image-tags`,
 * `<prefix>-labels`. Pods and all pod controllers are checked for security and images; pod
 * controllers for resources (sidecars injected into Pods by the mesh carry their own), and
 * long-running controllers for probes and labels.
 */
export class WorkloadBaselinePolicies extends Construct {
  /** The policies, in the order above. */
  readonly policies: readonly KyvernoValidatingPolicy[];

  constructor(scope: Construct, id: string, props: WorkloadBaselinePoliciesProps) {
    super(scope, id);
    requireUniqueNonEmpty(CONSTRUCT, 'namespaces', props.namespaces);
    for (const namespace of props.namespaces) requireDnsLabel(CONSTRUCT, 'namespaces', namespace);
    for (const namespace of props.agentNamespaces) {
      if (!props.namespaces.includes(namespace)) {
        throw new PropValidationError(CONSTRUCT, 'agentNamespaces', namespace, 'add it to "namespaces" as well');
      }
    }
    const mesh = props.meshContainers ?? [];
    for (const container of mesh) {
      if (!/^[a-z0-9.-]+\.[a-z]+\/.+[:@]$/.test(container.imagePrefix)) {
        throw new PropValidationError(
          CONSTRUCT,
          'meshContainers',
          container,
          'give a registry-qualified image prefix ending in ":" (e.g. "cr.l5d.io/linkerd/proxy-init:")',
        );
      }
    }
    const prefix = props.namePrefix ?? 'workload';
    const namespaces = props.namespaces;
    const all = (check: string) => `variables.containers.all(c, ${check})`;

    const podSecurity = new KyvernoValidatingPolicy(this, 'PodSecurity', {
      name: `${prefix}-pod-security`,
      description:
        'Baseline pod security: no privilege, no host namespaces or ports, all capabilities dropped, non-root.',
      resourceRules: [POD_RULE, ...CONTROLLER_RULES],
      namespaces,
      variables: [POD_SPEC_VARIABLE, CONTAINERS_VARIABLE],
      validations: [
        {
          expression:
            '!variables.podSpec.?hostNetwork.orValue(false) && !variables.podSpec.?hostPID.orValue(false) && ' +
            '!variables.podSpec.?hostIPC.orValue(false)',
          message: BASELINE_MESSAGES.hostNamespaces,
        },
        { expression: all('!c.?securityContext.?privileged.orValue(false)'), message: BASELINE_MESSAGES.privileged },
        {
          expression: all('c.?ports.orValue([]).all(p, p.?hostPort.orValue(0) == 0)'),
          message: BASELINE_MESSAGES.hostPorts,
        },
        {
          expression: all(
            `c.?securityContext.?capabilities.?drop.orValue([]).exists(d, d == 'ALL') || ${isMeshContainer(mesh)}`,
          ),
          message: BASELINE_MESSAGES.dropAll,
        },
        {
          expression: all(
            `c.?securityContext.?capabilities.?add.orValue([]).size() == 0 || ${meshAddsOnlyDeclared(mesh)}`,
          ),
          message: BASELINE_MESSAGES.addCapabilities,
        },
        {
          expression: all(
            '(c.?securityContext.?runAsNonRoot.orValue(variables.podSpec.?securityContext.?runAsNonRoot.orValue(false)) && ' +
              'c.?securityContext.?runAsUser.orValue(variables.podSpec.?securityContext.?runAsUser.orValue(-1)) != 0) || ' +
              isMeshContainer(mesh, (container) => container.mayRunAsRoot === true),
          ),
          message: BASELINE_MESSAGES.runAsNonRoot,
        },
        {
          expression: all('c.?securityContext.?allowPrivilegeEscalation.orValue(true) == false'),
          message: BASELINE_MESSAGES.privilegeEscalation,
        },
      ],
    });

    const resources = new KyvernoValidatingPolicy(this, 'Resources', {
      name: `${prefix}-resources`,
      description: 'Every container of a pod controller declares cpu and memory requests and limits.',
      resourceRules: CONTROLLER_RULES,
      namespaces,
      variables: [POD_SPEC_VARIABLE, CONTAINERS_VARIABLE],
      validations: [
        {
          expression: all(
            "['cpu', 'memory'].all(r, r in c.?resources.?requests.orValue({}) && r in c.?resources.?limits.orValue({}))",
          ),
          message: BASELINE_MESSAGES.resources,
        },
      ],
    });

    const probes = new KyvernoValidatingPolicy(this, 'Probes', {
      name: `${prefix}-probes`,
      description: 'Every container of a long-running workload has liveness and readiness probes.',
      resourceRules: [LONG_RUNNING_CONTROLLER_RULE],
      namespaces,
      validations: [
        {
          expression: 'object.spec.template.spec.containers.all(c, has(c.livenessProbe) && has(c.readinessProbe))',
          message: BASELINE_MESSAGES.probes,
        },
      ],
    });

    const images = new KyvernoValidatingPolicy(this, 'ImageTags', {
      name: `${prefix}-image-tags`,
      description: 'Every image is pinned to a version tag or digest (no latest, no untagged image).',
      resourceRules: [POD_RULE, ...CONTROLLER_RULES],
      namespaces,
      variables: [POD_SPEC_VARIABLE, CONTAINERS_VARIABLE],
      validations: [
        {
          expression: all(
            "c.image.contains('@sha256:') || " +
              "(c.image.lastIndexOf(':') > c.image.lastIndexOf('/') && !c.image.endsWith(':latest'))",
          ),
          message: BASELINE_MESSAGES.images,
        },
      ],
    });

    const agentNamespaceList = celStringList(props.agentNamespaces);
    const labels = new KyvernoValidatingPolicy(this, 'Labels', {
      name: `${prefix}-labels`,
      description: `Workloads carry an app label; Deployments in agent namespaces carry "app" and ${MANAGED_WORKLOAD_LABEL}.`,
      resourceRules: [LONG_RUNNING_CONTROLLER_RULE],
      namespaces,
      validations: [
        {
          expression:
            "['app', 'app.kubernetes.io/name'].exists(k, object.metadata.?labels[?k].orValue('') != '' && " +
            "object.spec.template.metadata.?labels[?k].orValue('') == object.metadata.labels[k])",
          message: BASELINE_MESSAGES.appLabel,
        },
        {
          expression:
            `object.kind != 'Deployment' || !(request.namespace in ${agentNamespaceList}) || ` +
            `(object.metadata.?labels[?'app'].orValue('') != '' && ` +
            `object.metadata.?labels[?${celString(MANAGED_WORKLOAD_LABEL)}].orValue('') in ['true', 'false'])`,
          message: BASELINE_MESSAGES.managedLabel,
        },
      ],
    });
    this.policies = [podSecurity, resources, probes, images, labels];
  }
}
