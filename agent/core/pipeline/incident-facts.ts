/** Small pure facts about an incident the workflow decides on. */
import type { Incident } from '../../domain/incident.js';
import type { Verdict } from '../diagnosis/verdict.js';

/**
 * Why the rules contest a model's write, or null: the rule engine found structured evidence that
 * changing the workload would not help (it is a victim, or its node is at fault).
 */
export function contestedBy(rules: Verdict, source: 'model' | 'rules'): string | null {
  if (source !== 'model' || rules.action.type !== 'none') return null;
  if (rules.category !== 'dependency-failure' && rules.category !== 'node-trouble') return null;
  return `the rule engine concluded ${rules.category} (${rules.action.reason}); a human must confirm the model's action`;
}

/** The incident's alert status: resolved only when the latest notification of every alert is resolved. */
export function alertStatus(incident: Incident): 'firing' | 'resolved' {
  const latest = new Map<string, 'firing' | 'resolved'>();
  for (const alert of incident.alerts) latest.set(alert.fingerprint, alert.status);
  return latest.size > 0 && [...latest.values()].every((status) => status === 'resolved') ? 'resolved' : 'firing';
}
