/**
 * Prop validation shared by every construct: each check throws a {@link PropValidationError}
 * whose message names the construct, the prop, the offending value and the fix.
 */
import { isSystemNamespace } from '../../catalog/action-catalog.js';

/** A construct was given a prop it cannot synthesize correctly. */
export class PropValidationError extends Error {
  readonly code = 'INVALID_PROP';
  constructor(
    readonly construct: string,
    readonly prop: string,
    readonly value: unknown,
    readonly fix: string,
  ) {
    super(`${construct}: prop "${prop}" has invalid value ${JSON.stringify(value)}: ${fix}`);
    this.name = 'PropValidationError';
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A namespace or Service name: RFC 1123 label, at most 63 characters. */
export function requireDnsLabel(construct: string, prop: string, value: string): string {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new PropValidationError(
      construct,
      prop,
      value,
      'use lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters',
    );
  }
  return value;
}

/** An object name: RFC 1123 subdomain, at most 253 characters. */
export function requireDnsSubdomain(construct: string, prop: string, value: string): string {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new PropValidationError(
      construct,
      prop,
      value,
      'use lower-case letters, digits, "-" and ".", starting and ending with a letter or digit, at most 253 characters',
    );
  }
  return value;
}

/** A namespace the agent may act in: a valid name that is not a system namespace. */
export function requireWorkloadNamespace(construct: string, prop: string, value: string): string {
  requireDnsLabel(construct, prop, value);
  if (isSystemNamespace(value)) {
    throw new PropValidationError(
      construct,
      prop,
      value,
      'it is a system namespace (see SYSTEM_NAMESPACES) the agent must never act in; allowlist only application namespaces',
    );
  }
  return value;
}

/** An integer within inclusive bounds. */
export function requireInteger(construct: string, prop: string, value: number, minimum: number, maximum: number) {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    throw new PropValidationError(construct, prop, value, `use an integer from ${minimum} to ${maximum}`);
  }
  return value;
}

/** A container image pinned to a tag or digest other than `latest`. */
export function requirePinnedImage(construct: string, prop: string, value: string): string {
  const withoutDigest = value.split('@')[0] ?? '';
  const lastSegment = withoutDigest.split('/').at(-1) ?? '';
  const tag = lastSegment.includes(':') ? lastSegment.split(':').at(-1) : undefined;
  const hasDigest = value.includes('@sha256:');
  if (value.trim() !== value || value.length === 0 || (!hasDigest && (tag === undefined || tag === 'latest'))) {
    throw new PropValidationError(
      construct,
      prop,
      value,
      'pin the image to an explicit version tag or sha256 digest (never `latest` or no tag), e.g. registry/app:1.2.3',
    );
  }
  return value;
}

/** A non-empty list without duplicates. */
export function requireUniqueNonEmpty<T>(construct: string, prop: string, values: readonly T[]): readonly T[] {
  if (values.length === 0) {
    throw new PropValidationError(construct, prop, values, 'pass at least one entry');
  }
  const duplicates = values.filter((value, index) => values.indexOf(value) !== index);
  if (duplicates.length > 0) {
    throw new PropValidationError(construct, prop, values, `remove the duplicates ${JSON.stringify(duplicates)}`);
  }
  return values;
}
