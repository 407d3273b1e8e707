/**
 * Bearer token check for the webhook and the approval endpoints. Both sides are hashed to a fixed
 * length before `timingSafeEqual`, so the comparison time reveals neither the token nor its length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export type BearerCheck = (authorizationHeader: string | undefined) => boolean;

/** Returns a checker; with no token configured every request passes (documented, logged at start). */
export function bearerCheck(token: string | undefined): BearerCheck {
  if (token === undefined) return () => true;
  const expected = createHash('sha256').update(token, 'utf8').digest();
  return (header) => {
    if (typeof header !== 'string') return false;
    const match = /^Bearer[ ]+(.+)$/i.exec(header.trim());
    const given = createHash('sha256')
      .update(match?.[1] ?? '', 'utf8')
      .digest();
    // Always compare, even for a malformed header, so timing does not tell the two apart.
    return timingSafeEqual(given, expected) && match !== null;
  };
}
