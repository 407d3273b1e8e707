/**
 * A hardened application workload: Deployment (+ ClusterIP Service) that satisfies the Kyverno
 * baseline (non-root, no privilege escalation, all capabilities dropped, read-only root
 * filesystem with explicit writable emptyDirs, requests/limits, liveness and readiness probes,
 * pinned image) and carries the labels alert rules and the agent resolve targets by.
 */
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { MANAGED_WORKLOAD_LABEL } from '../../catalog/agent-contract.js';
import {
  containerResources,
  hardenedContainerSecurity,
  type ContainerResourceSpec,
} from '../core/container-defaults.js';
import { PropValidationError, requireDnsLabel, requireInteger, requirePinnedImage } from '../core/prop-validation.js';

/** How the kubelet checks the container; used for both liveness and readiness. */
export type WorkloadProbe =
  | { readonly kind: 'grpc'; readonly port: number }
  | {
      readonly kind: 'http';
      readonly port: number;
      readonly path: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'tcp'; readonly port: number }
  | { readonly kind: 'exec'; readonly command: readonly string[] };

/** Props of {@link ManagedWorkload}. */
export interface ManagedWorkloadProps {
  /** Namespace of the Deployment and Service. */
  readonly namespace: string;
  /** Container image, pinned to a version tag or digest. */
  readonly image: string;
  /** Requests and limits of the container. */
  readonly resources: ContainerResourceSpec;
  /** Readiness probe, and liveness probe unless `livenessProbe` is given. */
  readonly probe: WorkloadProbe;
  /** Liveness probe when it must differ from `probe` (e.g. readiness checks a dependency). @default probe */
  readonly livenessProbe?: WorkloadProbe;
  /** Name of the Deployment, its Service and the `app` label. @default the construct id */
  readonly name?: string;
  /** Port the container listens on; also the Service's target port. @default no port, no Service */
  readonly containerPort?: number;
  /** Port the Service exposes. @default containerPort */
  readonly servicePort?: number;
  /** Environment variables (plain values). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Replicas. @default 1 */
  readonly replicas?: number;
  /** UID/GID the container runs as. @default 1000 */
  readonly runAsUser?: number;
  /** Mount the root filesystem read-only. @default true */
  readonly readOnlyRootFilesystem?: boolean;
  /** Paths that get a writable emptyDir each (e.g. `/tmp`, `/data`). @default [] */
  readonly writablePaths?: readonly string[];
  /** Whether the agent may restart/scale/roll back this Deployment (sets MANAGED_WORKLOAD_LABEL). @default true */
  readonly agentManaged?: boolean;
  /** Extra labels on the Deployment, its pods and the Service. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

const CONSTRUCT = 'ManagedWorkload';

function requirePort(prop: string, port: number): number {
  return requireInteger(CONSTRUCT, prop, port, 1, 65_535);
}

interface ProbeTiming {
  readonly periodSeconds: number;
  readonly initialDelaySeconds: number;
}

function validateProbe(prop: string, probe: WorkloadProbe): void {
  if (probe.kind === 'exec') {
    if (probe.command.length === 0) {
      throw new PropValidationError(
        CONSTRUCT,
        `${prop}.command`,
        probe.command,
        'pass the command to run, e.g. ["cat", "/tmp/healthy"]',
      );
    }
    return;
  }
  requirePort(`${prop}.port`, probe.port);
  if (probe.kind === 'http' && !probe.path.startsWith('/')) {
    throw new PropValidationError(CONSTRUCT, `${prop}.path`, probe.path, 'use an absolute path such as /healthz');
  }
}

/**
 * The probe as cdk8s-plus models it, or (for gRPC, which cdk8s-plus-28 does not model) as raw
 * Kubernetes JSON to add with a JSON patch.
 */
export function toProbe(probe: WorkloadProbe, timing: ProbeTiming): kplus.Probe | Record<string, unknown> {
  const options = {
    periodSeconds: Duration.seconds(timing.periodSeconds),
    initialDelaySeconds: Duration.seconds(timing.initialDelaySeconds),
    timeoutSeconds: Duration.seconds(3),
    failureThreshold: 3,
  };
  switch (probe.kind) {
    case 'grpc':
      return { grpc: { port: probe.port }, ...timing, timeoutSeconds: 3, failureThreshold: 3 };
    case 'http':
      return kplus.Probe.fromHttpGet(probe.path, { ...options, port: probe.port });
    case 'tcp':
      return kplus.Probe.fromTcpSocket({ ...options, port: probe.port });
    case 'exec':
      return kplus.Probe.fromCommand([...probe.command], options);
  }
}

/** Deployment and (when it has a port) ClusterIP Service of one application component. */
export class ManagedWorkload extends Construct {
  /** The Deployment. */
  readonly deployment: kplus.Deployment;
  /** The ClusterIP Service, when the workload has a `containerPort`. */
  readonly service: kplus.Service | undefined;
  /** Name of the Deployment (= `app` label). */
  readonly name: string;

  constructor(scope: Construct, id: string, props: ManagedWorkloadProps) {
    super(scope, id);
    this.name = requireDnsLabel(CONSTRUCT, 'name', props.name ?? id);
    const namespace = requireDnsLabel(CONSTRUCT, 'namespace', props.namespace);
    const image = requirePinnedImage(CONSTRUCT, 'image', props.image);
    const replicas = requireInteger(CONSTRUCT, 'replicas', props.replicas ?? 1, 0, 50);
    const runAsUser = requireInteger(CONSTRUCT, 'runAsUser', props.runAsUser ?? 1000, 1, 2_147_483_647);
    const containerPort =
      props.containerPort === undefined ? undefined : requirePort('containerPort', props.containerPort);
    const writablePaths = props.writablePaths ?? [];
    for (const path of writablePaths) {
      if (!/^\/[\w./-]*$/.test(path) || path === '/') {
        throw new PropValidationError(CONSTRUCT, 'writablePaths', path, 'use absolute paths below / such as /tmp');
      }
    }
    const selectorLabels = { app: this.name };
    const labels: Record<string, string> = {
      ...props.labels,
      ...selectorLabels,
      'app.kubernetes.io/name': this.name,
      [MANAGED_WORKLOAD_LABEL]: String(props.agentManaged ?? true),
    };

    validateProbe('probe', props.probe);
    if (props.livenessProbe) validateProbe('livenessProbe', props.livenessProbe);
    const livenessSpec = props.livenessProbe ?? props.probe;
    const liveness = toProbe(livenessSpec, { periodSeconds: 10, initialDelaySeconds: 15 });
    const readiness = toProbe(props.probe, { periodSeconds: 5, initialDelaySeconds: 5 });

    const volumes = writablePaths.map((path, index) =>
      kplus.Volume.fromEmptyDir(this, `writable-${index}`, `writable-${index}`, { sizeLimit: Size.mebibytes(64) }),
    );
    this.deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: this.name, namespace, labels },
      replicas,
      select: false,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true, user: runAsUser, group: runAsUser, fsGroup: runAsUser },
      terminationGracePeriod: Duration.seconds(5),
      volumes,
      containers: [
        {
          name: 'server',
          image,
          imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
          ...(containerPort === undefined ? {} : { ports: [{ name: 'app', number: containerPort }] }),
          ...(liveness instanceof kplus.Probe ? { liveness } : {}),
          ...(readiness instanceof kplus.Probe ? { readiness } : {}),
          resources: containerResources(CONSTRUCT, 'resources', props.resources),
          securityContext: hardenedContainerSecurity({
            user: runAsUser,
            readOnlyRootFilesystem: props.readOnlyRootFilesystem ?? true,
          }),
          envVariables: Object.fromEntries(
            Object.entries(props.env ?? {}).map(([key, value]) => [key, kplus.EnvValue.fromValue(value)]),
          ),
          volumeMounts: writablePaths.map((path, index) => ({ path, volume: volumes[index]! })),
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selectorLabels }));
    for (const [key, value] of Object.entries(labels)) this.deployment.podMetadata.addLabel(key, value);
    // Escape hatch for what cdk8s-plus-28 does not model: gRPC probes and HTTP probe headers.
    const container = '/spec/template/spec/containers/0';
    const apiObject = ApiObject.of(this.deployment);
    for (const [field, spec, probe] of [
      ['livenessProbe', livenessSpec, liveness],
      ['readinessProbe', props.probe, readiness],
    ] as const) {
      if (!(probe instanceof kplus.Probe)) apiObject.addJsonPatch(JsonPatch.add(`${container}/${field}`, probe));
      if (spec.kind === 'http' && spec.headers) {
        const headers = Object.entries(spec.headers).map(([name, value]) => ({ name, value }));
        apiObject.addJsonPatch(JsonPatch.add(`${container}/${field}/httpGet/httpHeaders`, headers));
      }
    }

    this.service =
      containerPort === undefined
        ? undefined
        : new kplus.Service(this, 'service', {
            metadata: { name: this.name, namespace, labels },
            type: kplus.ServiceType.CLUSTER_IP,
            selector: kplus.Pods.select(this, 'service-pods', { labels: selectorLabels }),
            ports: [
              {
                name: { grpc: 'grpc', http: 'http', tcp: 'tcp', exec: 'tcp' }[props.probe.kind],
                port: requirePort('servicePort', props.servicePort ?? containerPort),
                targetPort: containerPort,
              },
            ],
          });
  }
}
