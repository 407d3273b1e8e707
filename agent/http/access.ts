/**
 * Who may do what over HTTP. The webhook token grants everything (alerts, approve/reject, reads);
 * the optional read token grants reading incidents only. With no token at all (only possible with
 * AGENT_INSECURE_NO_AUTH=true, a development flag) every endpoint is open.
 */
import { bearerCheck, type BearerCheck } from './bearer-auth.js';

export interface AccessTokens {
  readonly webhookToken: string | undefined;
  readonly readToken: string | undefined;
}

export interface Access {
  /** May send alerts and approve or reject. */
  readonly write: BearerCheck;
  /** May list and read incidents. */
  readonly read: BearerCheck;
}

export function accessFor(tokens: AccessTokens): Access {
  const write = bearerCheck(tokens.webhookToken);
  if (tokens.webhookToken === undefined) return { write, read: write };
  const readOnly = tokens.readToken === undefined ? () => false : bearerCheck(tokens.readToken);
  return { write, read: (header) => write(header) || readOnly(header) };
}
