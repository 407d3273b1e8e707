/**
 * Public API of the Kubernetes API simulator: a simulated cluster (store + controllers + faults)
 * served over the real Kubernetes REST API on 127.0.0.1, for tests and the demo.
 *
 * ```ts
 * const simulator = await startKubernetesSimulator({ clock: { mode: 'manual' } });
 * simulator.cluster.applyDeployment(makeDeployment({ namespace: 'shop', name: 'cart', image: 'cart:1' }));
 * simulator.cluster.advance(10);
 * const config = new KubeConfig(); config.loadFromString(simulator.kubeConfigYaml());
 * ```
 */
import { SimulatedCluster, type ClusterOptions } from './cluster.js';
import { startRealtimeDriver, type ClockMode } from './clock.js';
import { startApiServer, type ApiServerOptions } from './http/server.js';
import { simulatorKubeConfig, writeSimulatorKubeConfig } from './kubeconfig.js';

export interface SimulatorOptions extends ClusterOptions, ApiServerOptions {
  /** Manual (default: time moves only with `cluster.advance`) or real time with a speed factor. */
  readonly clock?: ClockMode;
  /** Namespace written as the kubeconfig context's default (default `default`). */
  readonly defaultNamespace?: string;
}

export interface KubernetesSimulator {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** The typed in-process cluster: state, faults, time, write log. */
  readonly cluster: SimulatedCluster;
  /** A kubeconfig (YAML) whose current context points at the simulator. */
  kubeConfigYaml(): string;
  /** Writes that kubeconfig to `path` (mode 0600). */
  writeKubeConfig(path: string): Promise<void>;
  /** Errors thrown by controller steps on the real-time clock (empty when all is well). */
  controllerErrors(): Error[];
  /** Allows or refuses Lease creation through the API. */
  setLeaseCreateAllowed(allowed: boolean): void;
  /** Stops the real-time clock (if any) and the HTTP server. */
  close(): Promise<void>;
}

export async function startKubernetesSimulator(options: SimulatorOptions = {}): Promise<KubernetesSimulator> {
  const cluster = new SimulatedCluster(options);
  const server = await startApiServer(cluster, options);
  const clock = options.clock ?? { mode: 'manual' };
  const errors: Error[] = [];
  const stopClock =
    clock.mode === 'realtime'
      ? startRealtimeDriver(
          clock,
          (ms) => cluster.advanceMilliseconds(ms),
          (error) => {
            if (errors.length < 100) errors.push(error instanceof Error ? error : new Error(String(error)));
          },
        )
      : () => {};
  const kubeConfig = () => simulatorKubeConfig(server.url, options.token, options.defaultNamespace);
  return {
    url: server.url,
    cluster,
    kubeConfigYaml: kubeConfig,
    writeKubeConfig: (path) => writeSimulatorKubeConfig(path, kubeConfig()),
    controllerErrors: () => [...errors],
    setLeaseCreateAllowed: (allowed) => server.setLeaseCreateAllowed(allowed),
    close: async () => {
      stopClock();
      await server.close();
    },
  };
}

export { SimulatedCluster } from './cluster.js';
export type { ClusterOptions, ClusterSnapshot } from './cluster.js';
export type { ClockMode } from './clock.js';
export type { SimulatorTimings } from './controllers/timings.js';
export { DEFAULT_TIMINGS } from './controllers/timings.js';
export type { ApiFault, ApiFaultResponse, Fault, PodMatch, WorkloadFault } from './faults.js';
export type { Authorizer } from './http/discovery-routes.js';
export type { RouteAttributes, Verb } from './http/router.js';
export { PATCH_CONTENT_TYPES } from './http/patch.js';
export { makeDeployment, makeLease, type DeploymentSpecInput } from './manifests.js';
export type * from './model/types.js';
export type { WriteRecord } from './write-log.js';
export type { WorkloadLoad } from './workload-load.js';
