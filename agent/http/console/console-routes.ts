/**
 * The approval console under `/console`: server-rendered HTML (docs/adr/0012), same port as the
 * API. Sign in once with the token (exchanged for an HttpOnly, SameSite=Strict session cookie);
 * approve/reject need the session's CSRF token and a comment, and are refused cross-site. Pages
 * link relatively, so the console works behind `kubectl port-forward` or an ingress path.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AgentHttpServer } from '../http-server.js';
import { accessFor } from '../access.js';
import { AgentHttpError, IncidentNotFoundError } from '../../core/intake/errors.js';
import type { Incident } from '../../domain/incident.js';
import { CONSOLE_CSS, CONSOLE_JS } from './console-assets.js';
import { listPage, type ConsoleDependencies } from './console-model.js';
import {
  ConsoleSessions,
  SESSION_COOKIE,
  SESSION_IDLE_MILLISECONDS,
  readCookie,
  sameSecret,
  sessionCookie,
  type ConsoleSession,
} from './console-session.js';
import { recordedChanges } from './views/change-diff.js';
import { incidentBody, incidentLive, type ChangeView, type ReviewFormState } from './views/incident-view.js';
import { listBody, listLive } from './views/list-view.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { loginBody, type LoginProblem } from './views/login-view.js';
import { escapeHtml, page } from './views/page.js';

export const CONSOLE_PREFIX = '/console';
const FORM_BODY_LIMIT = 16 * 1024;
const COMMENT_MAX = 1000;
const NAME_MAX = 80;
/** How long the page waits for the live Deployment before showing the incident's own record. */
const PREVIEW_TIMEOUT_MILLISECONDS = 2000;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

type Form = Readonly<Record<string, string>>;

/** Registers the console on the agent's server. */
export function registerConsole(app: AgentHttpServer, dependencies: ConsoleDependencies): void {
  const sessions = new ConsoleSessions();
  const throttle = new SignInThrottle();
  const access = accessFor({ webhookToken: dependencies.webhookToken, readToken: dependencies.readToken });
  const enabled = dependencies.webhookToken !== undefined;
  const now = () => dependencies.now?.() ?? new Date();

  app.get(CONSOLE_PREFIX, (_request, reply) => reply.redirect('console/', 303));
  void app.register(
    (console, _options, done) => {
      console.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
        (_request, body, parsed) => parsed(null, Object.fromEntries(new URLSearchParams(String(body)))),
      );
      console.addHook('onSend', (_request, reply, payload, next) => {
        void reply.headers(SECURITY_HEADERS);
        next(null, payload);
      });
      console.setErrorHandler((error, request, reply) => {
        const status = error instanceof AgentHttpError ? error.statusCode : 500;
        const message = error instanceof AgentHttpError ? error.message : 'internal error; see the agent log';
        if (status >= 500) request.log.error({ err: error, url: request.url }, 'console-failed');
        const root = rootOf(request);
        const session = sessionOf(request);
        void reply
          .status(status)
          .type('text/html; charset=utf-8')
          .send(
            page({
              title: 'Error',
              root,
              mode: dependencies.mode,
              user: session ? userOf(session) : null,
              body: `<h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1><div class="error" role="alert">${escapeHtml(message)}</div><p><a href="${root}">Back to the incidents</a></p>`,
            }),
          );
      });

      const sessionOf = (request: FastifyRequest) => sessions.get(readCookie(request.headers.cookie, SESSION_COOKIE));
      const html = (reply: FastifyReply, status: number, body: string) =>
        reply.status(status).type('text/html; charset=utf-8').send(body);
      const loginPage = (reply: FastifyReply, status: number, problem: LoginProblem, name = '') =>
        html(
          reply,
          status,
          page({ title: 'Sign in', root: './', mode: dependencies.mode, user: null, body: loginBody(problem, name) }),
        );

      /** The signed-in session, or an answer already sent (sign-in page, or 401 for a fragment). */
      const requireSession = (request: FastifyRequest, reply: FastifyReply): ConsoleSession | undefined => {
        const session = enabled ? sessionOf(request) : undefined;
        if (session) return session;
        if (request.headers['x-console-fragment'] !== undefined || request.method !== 'GET') {
          void html(reply, 401, '<p>Sign in again.</p>');
        } else {
          void reply.redirect(
            `${rootOf(request)}login${request.headers.cookie?.includes(SESSION_COOKIE) ? '?expired=1' : ''}`,
            303,
          );
        }
        return undefined;
      };

      /** Same-site form posts only: the CSRF token of this session, and no cross-site fetch metadata. */
      const checkForm = (request: FastifyRequest, session: ConsoleSession, form: Form): boolean => {
        const site = request.headers['sec-fetch-site'];
        if (site === 'cross-site' || site === 'same-site') return false;
        return sameSecret(form['csrf'], session.csrf);
      };

      console.get('/assets/console.css', (_request, reply) => reply.type('text/css; charset=utf-8').send(CONSOLE_CSS));
      console.get('/assets/console.js', (_request, reply) =>
        reply.type('text/javascript; charset=utf-8').send(CONSOLE_JS),
      );

      console.get<{ Querystring: { expired?: string } }>('/login', (request, reply) => {
        if (!enabled) return loginPage(reply, 403, 'disabled');
        return loginPage(reply, 200, request.query.expired ? 'expired' : null);
      });
      console.post<{ Body: Form }>('/login', (request, reply) => {
        if (!enabled) return loginPage(reply, 403, 'disabled');
        const form = request.body ?? {};
        const name = (form['name'] ?? '').trim().slice(0, NAME_MAX);
        const wait = throttle.retryAfterSeconds(request.ip);
        if (wait > 0) {
          request.log.warn({ route: 'console-login', client: request.ip }, 'console-sign-in-throttled');
          void reply.header('retry-after', String(wait));
          return loginPage(reply, 429, 'throttled', name);
        }
        const header = `Bearer ${form['token'] ?? ''}`;
        const role = access.write(header) ? 'approver' : access.read(header) ? 'reader' : null;
        if (role === null) {
          throttle.failed(request.ip);
          request.log.info({ route: 'console-login' }, 'console-sign-in-refused');
          return loginPage(reply, 401, 'wrong-token', name);
        }
        throttle.succeeded(request.ip);
        if (name === '') return loginPage(reply, 400, 'missing-name');
        const session = sessions.create(role, name);
        request.log.info({ role, name }, 'console-signed-in');
        void reply.header(
          'set-cookie',
          sessionCookie(session.id, { secure: isTls(request), maxAgeSeconds: SESSION_IDLE_MILLISECONDS / 1000 }),
        );
        return reply.redirect('./', 303);
      });
      console.post<{ Body: Form }>('/logout', (request, reply) => {
        const session = sessionOf(request);
        if (session && checkForm(request, session, request.body ?? {})) sessions.delete(session.id);
        void reply.header('set-cookie', sessionCookie('', { secure: isTls(request), maxAgeSeconds: 0 }));
        return reply.redirect('login', 303);
      });

      console.get<{ Querystring: { status?: string; severity?: string; cursor?: string; fragment?: string } }>(
        '/',
        // Only `/console/`: `/console` redirects there, so relative links resolve inside the console.
        { prefixTrailingSlash: 'slash' },
        (request, reply) => {
          const session = requireSession(request, reply);
          if (!session) return reply;
          const { status, severity, cursor } = request.query;
          const list = listPage(dependencies, {
            ...(status ? { status } : {}),
            ...(severity ? { severity } : {}),
            ...(cursor ? { cursor } : {}),
          });
          if (request.query.fragment) return html(reply, 200, listLive(list, now()));
          const fragment = new URLSearchParams({
            ...(status ? { status } : {}),
            ...(severity ? { severity } : {}),
            ...(cursor ? { cursor } : {}),
            fragment: '1',
          });
          return html(
            reply,
            200,
            page({
              title: 'Incidents',
              root: './',
              mode: dependencies.mode,
              user: userOf(session),
              body: listBody(list, now(), `./?${fragment.toString()}`, cursor === undefined),
            }),
          );
        },
      );

      const incidentOf = (id: string): Incident => {
        const stored = dependencies.store.get(id);
        if (!stored) throw new IncidentNotFoundError(id);
        return dependencies.scheduler.view(stored);
      };
      const changeOf = async (incident: Incident): Promise<ChangeView> => {
        const recorded: ChangeView = {
          changes: recordedChanges(incident.action, incident.undo, incident.execution),
          source: 'recorded',
        };
        // Once the agent wrote, the incident's own record (undo + planned write) is the truth.
        if (!dependencies.previewChange || incident.undo || incident.execution) return recorded;
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), PREVIEW_TIMEOUT_MILLISECONDS);
        });
        try {
          const live = await Promise.race([dependencies.previewChange(incident), timeout]);
          return live ? { changes: live, source: 'live' } : recorded;
        } catch {
          return recorded;
        } finally {
          clearTimeout(timer);
        }
      };
      const incidentPage = async (
        reply: FastifyReply,
        status: number,
        incident: Incident,
        session: ConsoleSession,
        extra: Partial<ReviewFormState> = {},
      ) =>
        html(
          reply,
          status,
          page({
            title: `Incident ${incident.id}`,
            root: '../',
            mode: dependencies.mode,
            user: userOf(session),
            body: incidentBody(
              incident,
              await changeOf(incident),
              now(),
              `${encodeURIComponent(incident.id)}?fragment=1`,
              { role: session.role, csrf: session.csrf, name: session.name, ...extra },
            ),
          }),
        );

      console.get<{ Params: { id: string }; Querystring: { fragment?: string; done?: string } }>(
        '/incidents/:id',
        async (request, reply) => {
          const session = requireSession(request, reply);
          if (!session) return reply;
          const incident = incidentOf(request.params.id);
          if (request.query.fragment) return html(reply, 200, incidentLive(incident, await changeOf(incident), now()));
          const done = request.query.done;
          return incidentPage(reply, 200, incident, session, {
            ...(done === 'approved' ? { notice: 'Approved: the agent is acting on it now.' } : {}),
            ...(done === 'rejected' ? { notice: 'Rejected: nothing will be changed.' } : {}),
          });
        },
      );

      console.post<{ Params: { id: string }; Body: Form }>('/incidents/:id/review', async (request, reply) => {
        const session = requireSession(request, reply);
        if (!session) return reply;
        const form = request.body ?? {};
        if (!checkForm(request, session, form)) {
          request.log.warn({ incidentId: request.params.id }, 'console-review-refused-csrf');
          return html(reply, 403, '<p>Refused: this form did not come from your console session. Reload the page.</p>');
        }
        const incident = incidentOf(request.params.id);
        if (session.role !== 'approver') {
          return incidentPage(reply, 403, incident, session, { error: 'Your token is read-only.' });
        }
        const verdict = form['verdict'];
        const comment = (form['comment'] ?? '').trim();
        if (verdict !== 'approve' && verdict !== 'reject') {
          return incidentPage(reply, 400, incident, session, { error: 'Choose approve or reject.', comment });
        }
        if (comment === '' || comment.length > COMMENT_MAX) {
          return incidentPage(reply, 400, incident, session, {
            error: `A comment is required (at most ${COMMENT_MAX} characters): say why you ${verdict} it.`,
            comment: comment.slice(0, COMMENT_MAX),
          });
        }
        const review = { by: session.name, comment, via: 'console' as const };
        try {
          if (verdict === 'approve') dependencies.scheduler.approve(incident.id, review);
          else dependencies.scheduler.reject(incident.id, review);
        } catch (error) {
          if (error instanceof AgentHttpError && error.statusCode === 409)
            return incidentPage(reply, 409, incidentOf(incident.id), session, { error: error.message });
          throw error;
        }
        const done = verdict === 'approve' ? 'approved' : 'rejected';
        request.log.info({ incidentId: incident.id, verdict: done, by: session.name }, `console-incident-${done}`);
        return reply.redirect(`../${encodeURIComponent(incident.id)}?done=${done}`, 303);
      });
      done();
    },
    { prefix: CONSOLE_PREFIX },
  );
}

function userOf(session: ConsoleSession) {
  return { name: session.name, role: session.role, csrf: session.csrf };
}

/** Relative path from the request's page to the console root (`./` or `../`). */
function rootOf(request: FastifyRequest): string {
  const path = (request.url.split('?')[0] ?? '').slice(CONSOLE_PREFIX.length);
  const depth = Math.max(0, path.split('/').length - 2);
  return depth === 0 ? './' : '../'.repeat(depth);
}

function isTls(request: FastifyRequest): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}
