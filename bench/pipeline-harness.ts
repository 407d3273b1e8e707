/**
 * The cluster and model side of the pipeline-overhead phase, run in the bench's own process:
 * the Kubernetes API simulator (manual clock, advanced when the agent's pipeline sleeps) with a
 * pre-created Lease and healthy workloads, and a fake Ollama answering at once: a specialist reply
 * and, per workload, a director reply restarting that workload.
 */
import { join } from 'node:path';
import { AGENT_DEFAULTS } from '../catalog/agent-contract.js';
import { makeDeployment, makeLease, startKubernetesSimulator } from '../simulator/kubernetes/index.js';
import { ollamaFixture, startFakeOllama } from '../simulator/fakes/index.js';

export const PIPELINE_NAMESPACE = 'online-boutique';
export const workloadName = (index: number) => `bench-${String(index).padStart(3, '0')}x`;

export async function startPipelineHarness(scratch: string, workloads: number) {
  // 1 s controller steps (as eval uses): the agent's verification waits advance simulated minutes.
  const simulator = await startKubernetesSimulator({ seed: 11, startTime: Date.now(), stepMilliseconds: 1000 });
  const kubeconfig = join(scratch, 'pipeline.kubeconfig');
  await simulator.writeKubeConfig(kubeconfig);
  simulator.cluster.applyLease(makeLease(AGENT_DEFAULTS.namespace, AGENT_DEFAULTS.leaseName));
  for (let index = 0; index < workloads; index += 1) {
    simulator.cluster.applyDeployment(
      makeDeployment({
        namespace: PIPELINE_NAMESPACE,
        name: workloadName(index),
        image: `${workloadName(index)}:v1`,
        replicas: 2,
      }),
    );
  }
  simulator.cluster.advance(60);
  const director = JSON.parse(ollamaFixture('chat-director-restart').message.content) as Record<string, unknown>;
  const ollama = await startFakeOllama({
    replies: [
      { match: { formatHasProperties: ['specialist'] }, reply: ollamaFixture('chat-specialist-compute') },
      ...Array.from({ length: workloads }, (_, index) => ({
        match: { formatHasProperties: ['action'], messageIncludes: workloadName(index) },
        reply: {
          content: {
            ...director,
            rootCause: `${workloadName(index)} grows its heap until it is OOMKilled.`,
            // Type and parameters only: the agent acts on the alerted workload.
            action: { type: 'restart' },
          },
        },
      })),
    ],
  });
  return {
    kubeconfig,
    ollamaUrl: ollama.url,
    now: () => simulator.cluster.clock.now(),
    advance: (milliseconds: number) => simulator.cluster.advanceMilliseconds(milliseconds),
    /** Breaks one workload (a memory leak that a restart fixes) and lets it show. */
    breakWorkload(index: number): void {
      simulator.cluster.injectFault({
        kind: 'memory-leak',
        match: { namespace: PIPELINE_NAMESPACE, deployment: workloadName(index) },
        oomAfterSeconds: 20,
        transient: true,
      });
      simulator.cluster.advance(45);
    },
    close: () => Promise.all([simulator.close(), ollama.close()]),
  };
}
