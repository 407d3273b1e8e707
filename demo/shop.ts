/**
 * The demo's online shop: a storefront, cart, catalog, checkout and the cart database, named as in
 * the lab's Online Boutique (DEMO_APP) so alerts, runbooks and post-mortems read the same.
 */
import { DEMO_APP } from '../catalog/platform-contract.js';
import { makeDeployment, type SimulatedCluster } from '../simulator/kubernetes/index.js';

export const SHOP_NAMESPACE = DEMO_APP.namespace;

const REGISTRY = 'us-central1-docker.pkg.dev/google-samples/microservices-demo';

/** Image of a shop service at the pinned demo version (or another tag, for a release). */
export function shopImage(service: string, tag: string = DEMO_APP.version): string {
  return service === 'redis-cart' ? `redis:${tag}` : `${REGISTRY}/${service}:${tag}`;
}

export interface ShopService {
  readonly name: (typeof DEMO_APP.services)[number];
  readonly replicas: number;
  readonly imageTag: string;
  /** CPU request and limit per pod. */
  readonly cpu: string;
}

export const SHOP_SERVICES: readonly ShopService[] = [
  { name: 'frontend', replicas: 3, imageTag: DEMO_APP.version, cpu: '500m' },
  { name: 'cartservice', replicas: 2, imageTag: DEMO_APP.version, cpu: '300m' },
  { name: 'productcatalogservice', replicas: 2, imageTag: DEMO_APP.version, cpu: '200m' },
  { name: 'checkoutservice', replicas: 2, imageTag: DEMO_APP.version, cpu: '200m' },
  { name: 'redis-cart', replicas: 1, imageTag: '7.4-alpine', cpu: '250m' },
];

export function shopDeployment(service: ShopService, image = shopImage(service.name, service.imageTag)) {
  return makeDeployment({
    namespace: SHOP_NAMESPACE,
    name: service.name,
    image,
    replicas: service.replicas,
    cpu: service.cpu,
    memoryLimit: '256Mi',
    maxSurge: 1,
    maxUnavailable: 0,
  });
}

/** Applies every service as it ships (a reset re-applies the same spec: no new rollout). */
export function deployShop(cluster: SimulatedCluster): void {
  for (const service of SHOP_SERVICES) cluster.applyDeployment(shopDeployment(service));
}

/** True when every shop Deployment has all its replicas updated, ready and available. */
export function shopHealthy(cluster: SimulatedCluster, only?: string): boolean {
  return cluster
    .snapshot()
    .deployments.filter((deployment) => deployment.metadata.namespace === SHOP_NAMESPACE)
    .filter((deployment) => only === undefined || deployment.metadata.name === only)
    .every((deployment) => deploymentHealthy(deployment.spec.replicas ?? 1, deployment.status));
}

function deploymentHealthy(
  desired: number,
  status: { readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number; replicas?: number } = {},
): boolean {
  return (
    (status.readyReplicas ?? 0) === desired &&
    (status.updatedReplicas ?? 0) === desired &&
    (status.availableReplicas ?? 0) === desired &&
    (status.replicas ?? 0) === desired
  );
}
