/**
 * Online Boutique (Google's microservices-demo), the application the lab breaks and heals:
 * its own namespace with Linkerd injection, every component as a hardened ManagedWorkload
 * labelled for the alert rules and the agent, and the load generator.
 */
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DEMO_APP } from '../../catalog/platform-contract.js';
import {
  PropValidationError,
  requireDnsLabel,
  requireInteger,
  requirePinnedImage,
  requireWorkloadNamespace,
} from '../core/prop-validation.js';
import { ManagedWorkload } from '../workload/managed-workload.js';
import { BOUTIQUE_SERVICES, REDIS_CART, REDIS_IMAGE } from './boutique-services.js';

/** Default registry of the microservices-demo images. */
export const BOUTIQUE_IMAGE_REGISTRY = 'us-central1-docker.pkg.dev/google-samples/microservices-demo';

/** Props of {@link OnlineBoutique}. */
export interface OnlineBoutiqueProps {
  /** Namespace (created here). Must not be a system namespace. @default DEMO_APP.namespace */
  readonly namespace?: string;
  /** Image tag of every microservices-demo image. @default DEMO_APP.version */
  readonly version?: string;
  /** Registry/repository prefix of the images. @default BOUTIQUE_IMAGE_REGISTRY */
  readonly imageRegistry?: string;
  /** Pinned Redis image for redis-cart. @default REDIS_IMAGE */
  readonly redisImage?: string;
  /** Annotate the namespace for Linkerd proxy injection. @default true */
  readonly linkerdInjection?: boolean;
  /** Simulated users of the load generator; 0 leaves it out. @default 10 */
  readonly loadGeneratorUsers?: number;
  /** Replicas of every service (redis-cart always has 1). @default 1 */
  readonly replicas?: number;
}

const CONSTRUCT = 'OnlineBoutique';

/** Namespace, the eleven components and the load generator. */
export class OnlineBoutique extends Construct {
  /** The demo namespace. */
  readonly namespace: string;
  /** Every component, keyed by name (the `app` label and Deployment name). */
  readonly workloads: ReadonlyMap<string, ManagedWorkload>;

  constructor(scope: Construct, id: string, props: OnlineBoutiqueProps = {}) {
    super(scope, id);
    this.namespace = requireWorkloadNamespace(CONSTRUCT, 'namespace', props.namespace ?? DEMO_APP.namespace);
    const version = props.version ?? DEMO_APP.version;
    if (!/^v?\d+\.\d+\.\d+$/.test(version)) {
      throw new PropValidationError(CONSTRUCT, 'version', version, 'use a released version tag such as v0.10.4');
    }
    const registry = props.imageRegistry ?? BOUTIQUE_IMAGE_REGISTRY;
    if (!/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)*$/.test(registry)) {
      throw new PropValidationError(
        CONSTRUCT,
        'imageRegistry',
        registry,
        'use a registry/repository prefix without a tag',
      );
    }
    const redisImage = requirePinnedImage(CONSTRUCT, 'redisImage', props.redisImage ?? REDIS_IMAGE);
    const users = requireInteger(CONSTRUCT, 'loadGeneratorUsers', props.loadGeneratorUsers ?? 10, 0, 1000);
    const replicas = requireInteger(CONSTRUCT, 'replicas', props.replicas ?? 1, 1, 10);
    const partOf = { 'app.kubernetes.io/part-of': 'online-boutique' };

    new kplus.Namespace(this, 'namespace', {
      metadata: {
        name: requireDnsLabel(CONSTRUCT, 'namespace', this.namespace),
        labels: partOf,
        annotations: (props.linkerdInjection ?? true) ? { 'linkerd.io/inject': 'enabled' } : {},
      },
    });

    const workloads = new Map<string, ManagedWorkload>();
    for (const service of BOUTIQUE_SERVICES) {
      workloads.set(
        service.name,
        new ManagedWorkload(this, service.name, {
          namespace: this.namespace,
          image: `${registry}/${service.name}:${version}`,
          containerPort: service.port,
          servicePort: service.servicePort,
          probe: service.probe,
          env: service.env,
          resources: service.resources,
          replicas,
          labels: partOf,
        }),
      );
    }
    workloads.set(
      REDIS_CART.name,
      new ManagedWorkload(this, REDIS_CART.name, {
        namespace: this.namespace,
        image: redisImage,
        containerPort: REDIS_CART.port,
        probe: REDIS_CART.probe,
        resources: REDIS_CART.resources,
        writablePaths: REDIS_CART.writablePaths,
        runAsUser: REDIS_CART.runAsUser,
        labels: partOf,
      }),
    );
    if (users > 0) {
      workloads.set(
        DEMO_APP.loadGenerator,
        new ManagedWorkload(this, DEMO_APP.loadGenerator, {
          namespace: this.namespace,
          image: `${registry}/${DEMO_APP.loadGenerator}:${version}`,
          env: { FRONTEND_ADDR: 'frontend:80', USERS: String(users), RATE: '1' },
          resources: {
            cpuRequestMillis: 300,
            cpuLimitMillis: 500,
            memoryRequestMebibytes: 256,
            memoryLimitMebibytes: 512,
          },
          // Ready once the frontend answers; alive while its shell (PID 1) runs, so a frontend outage
          // does not turn into a load-generator restart storm.
          probe: {
            kind: 'exec',
            command: ['python', '-c', "import socket; socket.create_connection(('frontend', 80), 2)"],
          },
          livenessProbe: { kind: 'exec', command: ['/bin/sh', '-c', 'kill -0 1'] },
          writablePaths: ['/tmp'],
          agentManaged: false,
          labels: partOf,
        }),
      );
    }
    this.workloads = workloads;
  }
}
