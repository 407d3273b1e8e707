/** Maps client-node failures to the port's typed ClusterError, once, with the operation and object. */
import { ApiException } from '@kubernetes/client-node';
import { ClusterError, type ClusterErrorCode } from '../../ports/cluster.js';

function codeForStatus(status: number): ClusterErrorCode {
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 504 || status === 408) return 'timeout';
  if (status >= 500 || status === 429) return 'unavailable';
  return 'invalid';
}

function statusMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      const parsed = JSON.parse(body) as { message?: unknown };
      return typeof parsed.message === 'string' ? parsed.message : body.slice(0, 300);
    } catch {
      return body.slice(0, 300);
    }
  }
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string') {
    return (body as { message: string }).message;
  }
  return undefined;
}

export function toClusterError(error: unknown, operation: string, subject: string): ClusterError {
  if (error instanceof ClusterError) return error;
  if (error instanceof ApiException) {
    const status = (error as ApiException<unknown>).code;
    return new ClusterError(
      codeForStatus(status),
      operation,
      subject,
      `HTTP ${status}: ${statusMessage((error as ApiException<unknown>).body) ?? 'no message'}`,
      status,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ClusterError('unavailable', operation, subject, message, undefined, { cause: error });
}
