/**
 * The optional body of `POST /api/incidents/:id/approve|reject`: `{"by": "<name>", "comment": "<why>"}`.
 * When sent, the incident and its post-mortem record who decided and why (as the console does);
 * without a body the call works as before and records no reviewer.
 */
import { z } from 'zod';
import { AgentHttpError } from '../core/intake/errors.js';
import type { ReviewInput } from '../core/intake/incident-scheduler.js';

const ReviewBodySchema = z.strictObject({
  by: z.string().trim().min(1, 'name who decides').max(80),
  comment: z.string().trim().min(1, 'say why').max(1000),
});

export class InvalidReviewError extends AgentHttpError {
  readonly statusCode = 400;
  readonly code = 'INVALID_REVIEW';
  override readonly details: readonly string[];
  constructor(problems: readonly string[]) {
    super(`the review is invalid (send {"by": "<name>", "comment": "<why>"} or no body): ${problems.join('; ')}`);
    this.details = problems;
  }
}

export function parseReviewBody(body: unknown): ReviewInput | undefined {
  if (body === undefined || body === null) return undefined;
  const parsed = ReviewBodySchema.safeParse(body);
  if (!parsed.success)
    throw new InvalidReviewError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`),
    );
  return { ...parsed.data, via: 'api' };
}
