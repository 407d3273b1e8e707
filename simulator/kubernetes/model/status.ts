/**
 * Kubernetes `Status` errors (metav1.Status), thrown by the store and mapped once by the HTTP layer.
 * Messages follow the API server's wording so clients that parse them behave as against a real cluster.
 */

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'Forbidden'
  | 'Unauthorized'
  | 'InternalError'
  | 'UnsupportedMediaType'
  | 'Timeout';

export interface StatusCause {
  readonly reason?: string;
  readonly message: string;
  readonly field?: string;
}

/** The wire shape of a metav1.Status failure. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: StatusReason;
  details?: { name?: string; group?: string; kind?: string; causes?: StatusCause[] };
  code: number;
}

/** A typed API error carrying the HTTP code and the Status body the server answers with. */
export class KubernetesStatusError extends Error {
  readonly code: number;
  readonly reason: StatusReason;
  readonly details: StatusBody['details'];

  constructor(code: number, reason: StatusReason, message: string, details?: StatusBody['details']) {
    super(message);
    this.name = 'KubernetesStatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): StatusBody {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details === undefined ? {} : { details: this.details }),
      code: this.code,
    };
  }
}

/** `<resource>.<group>` as the API server prints it (`deployments.apps`, `pods`). */
export function qualifiedResource(resource: string, group: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

export function notFound(resource: string, group: string, name: string): KubernetesStatusError {
  return new KubernetesStatusError(404, 'NotFound', `${qualifiedResource(resource, group)} "${name}" not found`, {
    name,
    group,
    kind: resource,
  });
}

export function alreadyExists(resource: string, group: string, name: string): KubernetesStatusError {
  return new KubernetesStatusError(
    409,
    'AlreadyExists',
    `${qualifiedResource(resource, group)} "${name}" already exists`,
    { name, group, kind: resource },
  );
}

export function conflict(resource: string, group: string, name: string): KubernetesStatusError {
  return new KubernetesStatusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResource(resource, group)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    { name, group, kind: resource },
  );
}

export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): KubernetesStatusError {
  const summary = causes.map((cause) => `${cause.field ?? ''}: ${cause.message}`).join(', ');
  return new KubernetesStatusError(422, 'Invalid', `${kind}.${group || 'core'} "${name}" is invalid: ${summary}`, {
    name,
    group,
    kind,
    causes: causes.map((cause) => ({ reason: cause.reason ?? 'FieldValueInvalid', ...cause })),
  });
}

export function badRequest(message: string): KubernetesStatusError {
  return new KubernetesStatusError(400, 'BadRequest', message);
}

export function internalError(message: string): KubernetesStatusError {
  return new KubernetesStatusError(500, 'InternalError', `Internal error occurred: ${message}`);
}
