/**
 * The API server's validation for the objects clients may write, with its error wording
 * (422 Invalid with field causes). Runs on create, update and patch.
 */
import { matchesSelector } from './selectors.js';
import { invalid, type StatusCause } from './status.js';
import type { Deployment, Lease } from './types.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function nonNegativeInteger(value: unknown, field: string, causes: StatusCause[]): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    causes.push({ field, message: `Invalid value: ${JSON.stringify(value)}: must be an integer` });
  } else if (value < 0) {
    causes.push({ field, message: `Invalid value: ${value}: must be greater than or equal to 0` });
  }
}

function pruneEmptyMaps(metadata: { labels?: unknown; annotations?: unknown } | undefined): void {
  if (metadata === undefined) return;
  for (const key of ['labels', 'annotations'] as const) {
    const value = metadata[key];
    if (value !== null && typeof value === 'object' && Object.keys(value).length === 0) delete metadata[key];
    if (value === null) delete metadata[key];
  }
}

/**
 * Drops empty label/annotation maps, as the API server's storage does (Go `omitempty`): removing the
 * last annotation with a merge patch leaves a template equal to the one before it was added, so the
 * deployment controller finds the earlier ReplicaSet again.
 */
export function normalizeDeployment(deployment: Deployment): Deployment {
  pruneEmptyMaps(deployment.metadata);
  const template = deployment.spec?.template as Deployment['spec']['template'] | undefined;
  if (template?.metadata !== undefined) {
    pruneEmptyMaps(template.metadata);
    if (Object.keys(template.metadata).length === 0) delete template.metadata;
  }
  return deployment;
}

/** Validates a Deployment; `previous` enables the immutability checks of an update. */
export function validateDeployment(deployment: Deployment, previous?: Deployment): void {
  const causes: StatusCause[] = [];
  const name = deployment.metadata?.name ?? '';
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    causes.push({
      field: 'metadata.name',
      message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
    });
  }
  const spec = deployment.spec as Partial<Deployment['spec']> | undefined;
  if (spec === undefined || typeof spec !== 'object') {
    throw invalid('Deployment', 'apps', name, [{ field: 'spec', message: 'Required value' }]);
  }
  nonNegativeInteger(spec.replicas, 'spec.replicas', causes);
  nonNegativeInteger(spec.minReadySeconds, 'spec.minReadySeconds', causes);
  nonNegativeInteger(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', causes);
  const selector = spec.selector;
  if (
    selector === undefined ||
    (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0)
  ) {
    causes.push({ field: 'spec.selector', message: 'Required value', reason: 'FieldValueRequired' });
  } else if (!matchesSelector(selector, spec.template?.metadata?.labels)) {
    causes.push({
      field: 'spec.template.metadata.labels',
      message: `Invalid value: ${JSON.stringify(spec.template?.metadata?.labels ?? {})}: \`selector\` does not match template \`labels\``,
    });
  }
  if (
    previous !== undefined &&
    selector !== undefined &&
    JSON.stringify(selector) !== JSON.stringify(previous.spec.selector)
  ) {
    causes.push({ field: 'spec.selector', message: `Invalid value: ${JSON.stringify(selector)}: field is immutable` });
  }
  const containers = spec.template?.spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ field: 'spec.template.spec.containers', message: 'Required value', reason: 'FieldValueRequired' });
  } else {
    const seen = new Set<string>();
    containers.forEach((container, index) => {
      if (typeof container.name !== 'string' || !DNS_LABEL.test(container.name)) {
        causes.push({
          field: `spec.template.spec.containers[${index}].name`,
          message: `Invalid value: ${JSON.stringify(container.name)}: must be a DNS label`,
        });
      } else if (seen.has(container.name)) {
        causes.push({
          field: `spec.template.spec.containers[${index}].name`,
          message: `Duplicate value: "${container.name}"`,
        });
      }
      seen.add(container.name);
      if (typeof container.image !== 'string' || container.image.trim() === '') {
        causes.push({
          field: `spec.template.spec.containers[${index}].image`,
          message: 'Required value',
          reason: 'FieldValueRequired',
        });
      }
    });
  }
  const strategy = spec.strategy;
  if (strategy?.type !== undefined && strategy.type !== 'RollingUpdate' && strategy.type !== 'Recreate') {
    causes.push({
      field: 'spec.strategy.type',
      message: `Unsupported value: "${String(strategy.type)}": supported values: "Recreate", "RollingUpdate"`,
    });
  }
  if (strategy?.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
    causes.push({
      field: 'spec.strategy.rollingUpdate',
      message: "Forbidden: may not be specified when strategy `type` is 'Recreate'",
    });
  }
  if (causes.length > 0) throw invalid('Deployment', 'apps', name, causes);
}

export function validateLease(lease: Lease): void {
  const causes: StatusCause[] = [];
  const duration = lease.spec?.leaseDurationSeconds;
  if (duration !== undefined && (!Number.isInteger(duration) || duration <= 0)) {
    causes.push({ field: 'spec.leaseDurationSeconds', message: `Invalid value: ${duration}: must be greater than 0` });
  }
  nonNegativeInteger(lease.spec?.leaseTransitions, 'spec.leaseTransitions', causes);
  if (causes.length > 0) throw invalid('Lease', 'coordination.k8s.io', lease.metadata.name, causes);
}
