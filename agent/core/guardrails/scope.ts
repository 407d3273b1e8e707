/**
 * Whether a namespace is one the agent may act in: never a system namespace, only the allowlist.
 * The pipeline asks before it gathers evidence or calls a model (an incident outside the scope
 * stops there); `evaluate` asks again before any write (defence in depth).
 */
import { isSystemNamespace } from '../../../catalog/action-catalog.js';
import type { DecisionReason } from '../../domain/decision.js';
import { GUARDRAIL_REASONS as R } from './reason-codes.js';

/** The reasons `namespace` is out of scope; empty when the agent may act there. */
export function scopeReasons(namespace: string, allowlist: readonly string[]): DecisionReason[] {
  if (isSystemNamespace(namespace)) {
    return [{ code: R.systemNamespace, message: `${namespace} is a system namespace; the agent never acts there` }];
  }
  if (!allowlist.includes(namespace)) {
    return [{ code: R.namespaceNotAllowlisted, message: `${namespace} is not in the allowlist` }];
  }
  return [];
}
