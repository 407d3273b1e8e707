/**
 * The agent's HTTP surface (fastify): the Alertmanager webhook, health/readiness, Prometheus
 * metrics and the incidents API. Bodies are parsed with zod here; every error, typed or fastify's
 * own, is mapped to a status and a JSON body in one handler.
 */
import Fastify, { LogController, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AGENT_HTTP } from '../../catalog/agent-contract.js';
import type { AgentMetrics } from '../adapters/metrics/agent-metrics.js';
import type { AlertLedger } from '../adapters/disk/alert-ledger.js';
import type { IncidentStore } from '../adapters/disk/incident-store.js';
import type { AlertIntake } from '../core/intake/alert-intake.js';
import { AlertmanagerPayloadSchema, describeIssues } from '../core/intake/alertmanager-payload.js';
import { accessFor } from './access.js';
import { encodeCursor, parseListQuery } from './incidents-routes.js';
import { summarize } from './incident-summary.js';
import { parseReviewBody } from './review-body.js';
import {
  AgentHttpError,
  IncidentNotFoundError,
  InvalidPayloadError,
  UnauthorizedError,
} from '../core/intake/errors.js';
import type { IncidentScheduler } from '../core/intake/incident-scheduler.js';

/** Alertmanager bodies are small; 1 MiB leaves room for large groups and refuses abuse. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface Readiness {
  readonly ready: boolean;
  readonly reasons: readonly string[];
  /** Not blocking readiness, but a human should know (e.g. journal records lost at start). */
  readonly warnings?: readonly string[];
}

export interface HttpDependencies {
  readonly intake: AlertIntake;
  readonly scheduler: IncidentScheduler;
  readonly store: IncidentStore;
  readonly ledger: AlertLedger;
  readonly metrics: AgentMetrics;
  /** The webhook token grants everything; the read token grants reads; none at all = open (dev flag). */
  readonly webhookToken: string | undefined;
  readonly readToken?: string | undefined;
  readonly readiness: () => Readiness;
  readonly logger: Logger;
}

export function buildHttpServer(dependencies: HttpDependencies) {
  const app = Fastify({
    loggerInstance: dependencies.logger,
    // Per-request access logs would dominate an alert storm; every decision is logged and journaled instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
  });
  const access = accessFor({ webhookToken: dependencies.webhookToken, readToken: dependencies.readToken });
  // A 401 is counted here, by route, and never reaches the alert ledger: unauthenticated traffic
  // must not be able to rotate real alert records out.
  const guard =
    (allowed: (header: string | undefined) => boolean, route: 'webhook' | 'approval' | 'read') =>
    (request: FastifyRequest, _reply: FastifyReply, done: (error?: Error) => void) => {
      if (allowed(request.headers.authorization)) return done();
      dependencies.metrics.unauthorizedRequests.inc({ route });
      done(new UnauthorizedError());
    };
  const requireToken = guard(access.write, 'webhook');
  const requireApprover = guard(access.write, 'approval');
  const requireReader = guard(access.read, 'read');

  app.setErrorHandler((error: FastifyError | AgentHttpError | Error, request, reply) => {
    const mapped = mapError(error);
    if (request.routeOptions.url === AGENT_HTTP.webhookPath && !(error instanceof UnauthorizedError)) {
      // Rejected before intake could read any alert (bad JSON, schema, size) from an authenticated
      // caller: still counted and recorded.
      if (!(error instanceof AgentHttpError && error.code === 'QUEUE_FULL')) {
        dependencies.metrics.alertsReceived.inc({ status: 'unknown', disposition: 'rejected' });
        dependencies.ledger.record({
          at: new Date().toISOString(),
          fingerprint: '',
          alertname: '',
          status: 'unknown',
          disposition: 'rejected',
          reason: `${mapped.statusCode} ${mapped.body.error}: ${mapped.body.message}`,
        });
      }
    }
    // Client errors and backpressure are expected (and counted); only internal errors are logged loudly.
    const level = mapped.body.error === 'INTERNAL' ? 'error' : 'debug';
    request.log[level]({ err: error, statusCode: mapped.statusCode, url: request.url }, 'request-failed');
    void reply.status(mapped.statusCode).headers(mapped.headers).send(mapped.body);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'NOT_FOUND', message: `no route ${request.method} ${request.url}` });
  });

  app.get(AGENT_HTTP.healthPath, () => ({ status: 'ok' }));
  app.get(AGENT_HTTP.readyPath, (_request, reply) => {
    const readiness = dependencies.readiness();
    void reply.status(readiness.ready ? 200 : 503).send({
      ready: readiness.ready,
      reasons: readiness.reasons,
      ...(readiness.warnings && readiness.warnings.length > 0 ? { warnings: readiness.warnings } : {}),
    });
  });
  app.get(AGENT_HTTP.metricsPath, async (_request, reply) => {
    void reply.header('content-type', dependencies.metrics.registry.contentType);
    return dependencies.metrics.registry.metrics();
  });

  app.post(AGENT_HTTP.webhookPath, { onRequest: requireToken }, async (request) => {
    const parsed = AlertmanagerPayloadSchema.safeParse(request.body);
    if (!parsed.success) throw new InvalidPayloadError(describeIssues(parsed.error));
    const outcomes = await dependencies.intake.receive(parsed.data);
    request.log.debug({ alerts: outcomes.length, groupKey: parsed.data.groupKey }, 'webhook-received');
    return { received: outcomes.length, alerts: outcomes };
  });

  app.get(AGENT_HTTP.incidentsPath, { onRequest: requireReader }, (request) => {
    const query = parseListQuery(request.query);
    const page = dependencies.store.page(query);
    const last = page.items.at(-1);
    return {
      items: page.items.map((incident) => summarize(dependencies.scheduler.view(incident))),
      nextCursor: page.more && last ? encodeCursor(last) : null,
    };
  });
  app.get<{ Params: { id: string } }>(`${AGENT_HTTP.incidentsPath}/:id`, { onRequest: requireReader }, (request) => {
    const incident = dependencies.store.get(request.params.id);
    if (!incident) throw new IncidentNotFoundError(request.params.id);
    return dependencies.scheduler.view(incident);
  });
  app.post<{ Params: { id: string } }>(
    `${AGENT_HTTP.incidentsPath}/:id/approve`,
    { onRequest: requireApprover },
    (request, reply) => {
      const review = parseReviewBody(request.body);
      const incident = dependencies.scheduler.approve(request.params.id, review);
      request.log.info({ incidentId: incident.id, by: review?.by }, 'incident-approved');
      void reply.status(202).send(incident);
    },
  );
  app.post<{ Params: { id: string } }>(
    `${AGENT_HTTP.incidentsPath}/:id/reject`,
    { onRequest: requireApprover },
    (request, reply) => {
      const review = parseReviewBody(request.body);
      const incident = dependencies.scheduler.reject(request.params.id, review);
      request.log.info({ incidentId: incident.id, by: review?.by }, 'incident-rejected');
      void reply.status(202).send(incident);
    },
  );
  return app;
}

interface MappedError {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly error: string; readonly message: string; readonly details?: readonly string[] };
}

/** The one place an error becomes an HTTP answer. Unknown errors never leak their message. */
export function mapError(error: unknown): MappedError {
  if (error instanceof AgentHttpError) {
    return {
      statusCode: error.statusCode,
      headers: error.headers,
      body: {
        error: error.code,
        message: error.message,
        ...(error.details.length > 0 ? { details: error.details } : {}),
      },
    };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    const messages: Record<string, string> = {
      FST_ERR_CTP_BODY_TOO_LARGE: `the request body is larger than ${BODY_LIMIT_BYTES} bytes`,
      FST_ERR_CTP_INVALID_MEDIA_TYPE: 'send the body as application/json',
      FST_ERR_CTP_EMPTY_JSON_BODY: 'the request body is empty; send the Alertmanager JSON payload',
    };
    const code = fastifyError.code ?? 'BAD_REQUEST';
    return {
      statusCode: fastifyError.statusCode,
      headers: {},
      body: { error: code, message: messages[code] ?? fastifyError.message ?? 'bad request' },
    };
  }
  return { statusCode: 500, headers: {}, body: { error: 'INTERNAL', message: 'internal error; see the agent log' } };
}
export type AgentHttpServer = ReturnType<typeof buildHttpServer>;
