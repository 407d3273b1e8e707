/**
 * The kwok Stage objects the local cluster runs: kwok's own stages for node initialisation, node
 * heartbeat (with Leases), pod readiness, Job pod completion and pod deletion, read from the copy
 * build.sh puts next to the binary, plus one stage of ours that keeps chosen pods unready.
 *
 * A pod whose template carries NEVER_READY_ANNOTATION runs but never passes readiness (it
 * looks like a crash-looping container). That is how tests make a rollout that never completes;
 * removing the annotation from the template (e.g. by a rollback) makes the next pods Ready again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

/** Pod annotation (set in a Deployment's pod template) that keeps kwok from making the pod Ready. */
export const NEVER_READY_ANNOTATION = 'ai4all-sre.io/simulate-never-ready';

/** kwok's stage files, relative to `<bin>/kwok-stages`. */
export const KWOK_STAGE_FILES = [
  'node/fast/node-initialize.yaml',
  'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'pod/fast/pod-ready.yaml',
  'pod/fast/pod-complete.yaml',
  'pod/fast/pod-delete.yaml',
] as const;

interface StageDocument {
  kind?: unknown;
  metadata?: { name?: unknown };
  spec?: { selector?: { matchExpressions?: unknown[] } };
}

const neverReadyKey = `.metadata.annotations["${NEVER_READY_ANNOTATION}"]`;

/** Our stage: a never-ready pod is Running with its containers crash-looping. */
export function neverReadyStage(): Record<string, unknown> {
  const statusTemplate = [
    '{{ $now := Now }}',
    'conditions:',
    '- type: Initialized',
    '  status: "True"',
    '  lastTransitionTime: {{ $now | Quote }}',
    '- type: Ready',
    '  status: "False"',
    '  reason: ContainersNotReady',
    '  lastTransitionTime: {{ $now | Quote }}',
    '- type: ContainersReady',
    '  status: "False"',
    '  reason: ContainersNotReady',
    '  lastTransitionTime: {{ $now | Quote }}',
    'containerStatuses:',
    '{{ range .spec.containers }}',
    '- name: {{ .name | Quote }}',
    '  image: {{ .image | Quote }}',
    '  ready: false',
    '  started: false',
    '  restartCount: 4',
    '  state:',
    '    waiting:',
    '      reason: CrashLoopBackOff',
    '      message: "simulated: the container exits during start-up"',
    '{{ end }}',
    '{{ with PodIPsWith .spec.nodeName false .metadata.uid .metadata.name .metadata.namespace }}',
    'podIP: {{ index . 0 | Quote }}',
    '{{ end }}',
    'phase: Running',
    'startTime: {{ $now | Quote }}',
  ].join('\n');
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Stage',
    metadata: { name: 'ai4all-pod-never-ready' },
    spec: {
      resourceRef: { apiGroup: 'v1', kind: 'Pod' },
      selector: {
        matchExpressions: [
          { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' },
          { key: '.status.phase', operator: 'In', values: ['Pending'] },
          { key: neverReadyKey, operator: 'Exists' },
        ],
      },
      next: { statusTemplate },
    },
  };
}

/** Adds "not marked never-ready" to kwok's pod-ready selector; leaves every other stage as is. */
export function excludeNeverReadyPods(stage: StageDocument): StageDocument {
  if (stage.metadata?.name !== 'pod-ready') return stage;
  const expressions = stage.spec?.selector?.matchExpressions;
  if (!Array.isArray(expressions)) {
    throw new Error('kwok stage pod-ready has no spec.selector.matchExpressions; the kwok stage format changed');
  }
  return {
    ...stage,
    spec: {
      ...stage.spec,
      selector: { matchExpressions: [...expressions, { key: neverReadyKey, operator: 'DoesNotExist' }] },
    },
  };
}

/** Reads kwok's stage files from `stagesDirectory` and returns the multi-document config. */
export async function kwokConfigYaml(stagesDirectory: string): Promise<string> {
  const stages: unknown[] = [];
  for (const file of KWOK_STAGE_FILES) {
    const path = join(stagesDirectory, file);
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      throw new Error(`kwok stage file ${path} is missing (run \`npm run cluster:build\`): ${String(error)}`);
    });
    for (const document of parseAllDocuments(text)) {
      const stage = document.toJS() as StageDocument | null;
      if (stage?.kind !== 'Stage') throw new Error(`${path} does not hold a kwok Stage`);
      stages.push(excludeNeverReadyPods(stage));
    }
  }
  stages.push(neverReadyStage());
  return stages.map((stage) => stringify(stage)).join('---\n');
}
