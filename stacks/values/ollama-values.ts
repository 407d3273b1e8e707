/**
 * Values for the otwld ollama chart: the configured models pulled when the pod starts (the
 * chart's postStart hook), a persistent volume so they survive restarts, memory sized for the
 * largest model, CPU by default and a GPU only when asked for.
 */
import { OLLAMA_MODELS, type OllamaModelTag } from '../catalog/chart-catalog.js';
import { ollamaSizing } from '../config/lab-config.js';

/** RuntimeClass an NVIDIA GPU pod runs with (created on the host by the NVIDIA container toolkit). */
export const NVIDIA_RUNTIME_CLASS = 'nvidia';

/** Inputs of {@link ollamaValues}. */
export interface OllamaValuesInput {
  readonly models: readonly OllamaModelTag[];
  readonly gpu: { readonly enabled: boolean; readonly type: 'nvidia' | 'amd'; readonly count: number };
  readonly cpu: number;
  readonly memoryGiB?: number | undefined;
  readonly storageGiB?: number | undefined;
  readonly storageClass: string;
}

/** Helm values for ollama. */
export function ollamaValues(input: OllamaValuesInput): Record<string, unknown> {
  for (const model of input.models) {
    if (!(model in OLLAMA_MODELS)) {
      throw new Error(`ollamaValues: model "${model}" is not in the chart catalog (stacks/catalog/chart-catalog.ts).`);
    }
  }
  const sizing = ollamaSizing(input.models);
  const memoryGiB = input.memoryGiB ?? sizing.memoryGiB;
  const storageGiB = input.storageGiB ?? sizing.storageGiB;
  const values: Record<string, unknown> = {
    ollama: {
      gpu: input.gpu.enabled ? { enabled: true, type: input.gpu.type, number: input.gpu.count } : { enabled: false },
      models: { pull: [...input.models] },
    },
    persistentVolume: { enabled: true, size: `${storageGiB}Gi`, storageClass: input.storageClass },
    resources: {
      requests: { cpu: String(input.cpu), memory: `${memoryGiB}Gi` },
      limits: { memory: `${memoryGiB + 2}Gi` },
    },
    // Pulling a model delays readiness; give the liveness probe room before it restarts the pod.
    livenessProbe: { enabled: true, initialDelaySeconds: 120, failureThreshold: 10 },
    extraEnv: [{ name: 'OLLAMA_KEEP_ALIVE', value: '24h' }],
  };
  if (input.gpu.enabled && input.gpu.type === 'nvidia') {
    values.runtimeClassName = NVIDIA_RUNTIME_CLASS;
  }
  return values;
}
