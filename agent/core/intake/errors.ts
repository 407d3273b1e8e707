/**
 * Typed errors of the agent's HTTP surface, each with a stable code and status. The server maps
 * them (and fastify's own errors) in one handler; nothing else decides status codes.
 */
export abstract class AgentHttpError extends Error {
  abstract readonly statusCode: number;
  abstract readonly code: string;
  /** Extra response headers (e.g. Retry-After). */
  readonly headers: Readonly<Record<string, string>> = {};
  /** Extra machine-readable details for the response body. */
  readonly details: readonly string[] = [];
}

export class InvalidPayloadError extends AgentHttpError {
  readonly statusCode = 400;
  readonly code = 'INVALID_PAYLOAD';
  override readonly details: readonly string[];
  constructor(problems: readonly string[]) {
    super(`the Alertmanager payload is invalid: ${problems.join('; ')}`);
    this.details = problems;
  }
}

export class UnauthorizedError extends AgentHttpError {
  readonly statusCode = 401;
  readonly code = 'UNAUTHORIZED';
  override readonly headers = { 'www-authenticate': 'Bearer realm="ai4all-sre-agent"' };
  constructor() {
    super('missing or wrong bearer token (send Authorization: Bearer <AGENT_WEBHOOK_TOKEN>)');
  }
}

export class IncidentNotFoundError extends AgentHttpError {
  readonly statusCode = 404;
  readonly code = 'INCIDENT_NOT_FOUND';
  constructor(id: string) {
    super(`no incident with id "${id}"`);
  }
}

export class IncidentStateError extends AgentHttpError {
  readonly statusCode = 409;
  readonly code = 'INCIDENT_STATE_CONFLICT';
  constructor(id: string, status: string, wanted: string) {
    super(`incident "${id}" is ${status}; ${wanted}`);
  }
}

export class QueueFullError extends AgentHttpError {
  readonly statusCode = 503;
  readonly code = 'QUEUE_FULL';
  override readonly headers: Readonly<Record<string, string>>;
  constructor(capacity: number, retryAfterSeconds: number) {
    super(`the incident queue is full (${capacity}); retry later`);
    this.headers = { 'retry-after': String(retryAfterSeconds) };
  }
}

export class InvalidQueryError extends AgentHttpError {
  readonly statusCode = 400;
  readonly code = 'INVALID_QUERY';
  override readonly details: readonly string[];
  constructor(problems: readonly string[]) {
    super(`the query is invalid: ${problems.join('; ')}`);
    this.details = problems;
  }
}
