/**
 * Console sessions: the token is entered once, checked, and exchanged for a random session id held
 * in an HttpOnly, SameSite=Strict cookie; the token itself is never stored in the browser or put in
 * a URL. Each session has its own CSRF token for the approve/reject forms. Sessions live in memory
 * (bounded, expire when idle): an agent restart asks for the token again.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'ai4all_console';
/** A session idle longer than this is gone (a night's on-call shift). */
export const SESSION_IDLE_MILLISECONDS = 12 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;

export type ConsoleRole = 'approver' | 'reader';

export interface ConsoleSession {
  readonly id: string;
  readonly csrf: string;
  readonly role: ConsoleRole;
  /** The name the person gave at sign-in; recorded with every approval or rejection. */
  readonly name: string;
  lastSeen: number;
}

export class ConsoleSessions {
  private readonly sessions = new Map<string, ConsoleSession>();

  constructor(private readonly now: () => number = Date.now) {}

  create(role: ConsoleRole, name: string): ConsoleSession {
    this.expire();
    // The oldest session goes first when the bound is reached (Map keeps insertion order).
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    const session: ConsoleSession = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(32).toString('base64url'),
      role,
      name,
      lastSeen: this.now(),
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session for a cookie value, refreshed; undefined when unknown or expired. */
  get(id: string | undefined): ConsoleSession | undefined {
    if (id === undefined) return undefined;
    const session = this.sessions.get(id);
    if (!session) return undefined;
    if (this.now() - session.lastSeen > SESSION_IDLE_MILLISECONDS) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeen = this.now();
    return session;
  }

  delete(id: string | undefined): void {
    if (id !== undefined) this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private expire(): void {
    const now = this.now();
    for (const [id, session] of this.sessions) {
      if (now - session.lastSeen > SESSION_IDLE_MILLISECONDS) this.sessions.delete(id);
    }
  }
}

/** Compares two secrets in constant time (both hashed to a fixed length first). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given ?? ''), digest(expected)) && given !== undefined;
}

/** The value of one cookie in a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * The Set-Cookie value. No Path: the browser scopes the cookie to the console's own folder,
 * whatever prefix a proxy or port-forward serves it under. Secure when the request came over TLS.
 */
export function sessionCookie(value: string, options: { readonly secure: boolean; readonly maxAgeSeconds: number }) {
  return [
    `${SESSION_COOKIE}=${value}`,
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${options.maxAgeSeconds}`,
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}
