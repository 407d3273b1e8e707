/**
 * The Online Boutique components as data: ports, probes, environment and resources as upstream
 * microservices-demo v0.10.x ships them (release/kubernetes-manifests.yaml), with gRPC health
 * probes where upstream uses them and a pinned Redis instead of `redis:alpine`.
 */
import type { ContainerResourceSpec } from '../core/container-defaults.js';
import type { WorkloadProbe } from '../workload/managed-workload.js';

/** One Online Boutique component. */
export interface BoutiqueService {
  /** Deployment, Service and `app` label name. */
  readonly name: string;
  /** Container port. */
  readonly port: number;
  /** Service port when it differs from the container port. */
  readonly servicePort?: number;
  /** Liveness and readiness probe (gRPC health where upstream uses it). */
  readonly probe: WorkloadProbe;
  /** Environment variables as upstream sets them. */
  readonly env: Readonly<Record<string, string>>;
  /** Requests and limits as upstream sets them. */
  readonly resources: ContainerResourceSpec;
  /** Writable emptyDir mounts. */
  readonly writablePaths?: readonly string[];
  /** UID when the image's user is not 1000. */
  readonly runAsUser?: number;
}

const small: ContainerResourceSpec = {
  cpuRequestMillis: 100,
  cpuLimitMillis: 200,
  memoryRequestMebibytes: 64,
  memoryLimitMebibytes: 128,
};
const grpc = (port: number): WorkloadProbe => ({ kind: 'grpc', port });
const base = (port: number) => ({ PORT: String(port), DISABLE_PROFILER: '1' });

/** Addresses the services use to find each other (Service name:port). */
export const BOUTIQUE_ADDRESSES = {
  PRODUCT_CATALOG_SERVICE_ADDR: 'productcatalogservice:3550',
  CURRENCY_SERVICE_ADDR: 'currencyservice:7000',
  CART_SERVICE_ADDR: 'cartservice:7070',
  RECOMMENDATION_SERVICE_ADDR: 'recommendationservice:8080',
  SHIPPING_SERVICE_ADDR: 'shippingservice:50051',
  CHECKOUT_SERVICE_ADDR: 'checkoutservice:5050',
  AD_SERVICE_ADDR: 'adservice:9555',
  PAYMENT_SERVICE_ADDR: 'paymentservice:50051',
  EMAIL_SERVICE_ADDR: 'emailservice:5000',
} as const;

const A = BOUTIQUE_ADDRESSES;

/** Every microservices-demo component except redis-cart and the load generator (handled separately). */
export const BOUTIQUE_SERVICES: readonly BoutiqueService[] = [
  {
    name: 'frontend',
    port: 8080,
    servicePort: 80,
    probe: { kind: 'http', port: 8080, path: '/_healthz', headers: { Cookie: 'shop_session-id=x-probe' } },
    env: {
      PORT: '8080',
      ENABLE_PROFILER: '0',
      PRODUCT_CATALOG_SERVICE_ADDR: A.PRODUCT_CATALOG_SERVICE_ADDR,
      CURRENCY_SERVICE_ADDR: A.CURRENCY_SERVICE_ADDR,
      CART_SERVICE_ADDR: A.CART_SERVICE_ADDR,
      RECOMMENDATION_SERVICE_ADDR: A.RECOMMENDATION_SERVICE_ADDR,
      SHIPPING_SERVICE_ADDR: A.SHIPPING_SERVICE_ADDR,
      CHECKOUT_SERVICE_ADDR: A.CHECKOUT_SERVICE_ADDR,
      AD_SERVICE_ADDR: A.AD_SERVICE_ADDR,
    },
    resources: small,
  },
  {
    name: 'cartservice',
    port: 7070,
    probe: grpc(7070),
    env: { REDIS_ADDR: 'redis-cart:6379' },
    resources: { cpuRequestMillis: 200, cpuLimitMillis: 300, memoryRequestMebibytes: 64, memoryLimitMebibytes: 128 },
  },
  { name: 'productcatalogservice', port: 3550, probe: grpc(3550), env: base(3550), resources: small },
  { name: 'currencyservice', port: 7000, probe: grpc(7000), env: base(7000), resources: small },
  { name: 'paymentservice', port: 50051, probe: grpc(50051), env: base(50051), resources: small },
  { name: 'shippingservice', port: 50051, probe: grpc(50051), env: base(50051), resources: small },
  { name: 'emailservice', port: 8080, servicePort: 5000, probe: grpc(8080), env: base(8080), resources: small },
  {
    name: 'checkoutservice',
    port: 5050,
    probe: grpc(5050),
    env: {
      PORT: '5050',
      PRODUCT_CATALOG_SERVICE_ADDR: A.PRODUCT_CATALOG_SERVICE_ADDR,
      SHIPPING_SERVICE_ADDR: A.SHIPPING_SERVICE_ADDR,
      PAYMENT_SERVICE_ADDR: A.PAYMENT_SERVICE_ADDR,
      EMAIL_SERVICE_ADDR: A.EMAIL_SERVICE_ADDR,
      CURRENCY_SERVICE_ADDR: A.CURRENCY_SERVICE_ADDR,
      CART_SERVICE_ADDR: A.CART_SERVICE_ADDR,
    },
    resources: small,
  },
  {
    name: 'recommendationservice',
    port: 8080,
    probe: grpc(8080),
    env: { ...base(8080), PRODUCT_CATALOG_SERVICE_ADDR: A.PRODUCT_CATALOG_SERVICE_ADDR },
    resources: { cpuRequestMillis: 100, cpuLimitMillis: 200, memoryRequestMebibytes: 220, memoryLimitMebibytes: 450 },
  },
  {
    name: 'adservice',
    port: 9555,
    probe: grpc(9555),
    env: { PORT: '9555' },
    resources: { cpuRequestMillis: 200, cpuLimitMillis: 300, memoryRequestMebibytes: 180, memoryLimitMebibytes: 300 },
  },
];

/** redis-cart: the cart store. Upstream uses `redis:alpine` (pinned here) and runs it as UID 1000 with /data writable. */
export const REDIS_CART: BoutiqueService = {
  name: 'redis-cart',
  port: 6379,
  probe: { kind: 'tcp', port: 6379 },
  env: {},
  resources: { cpuRequestMillis: 70, cpuLimitMillis: 125, memoryRequestMebibytes: 200, memoryLimitMebibytes: 256 },
  writablePaths: ['/data'],
};

/** Pinned Redis image for redis-cart. */
export const REDIS_IMAGE = 'redis:7.2.5-alpine';
