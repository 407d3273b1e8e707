/** Labels every object of the agent carries (recommended app.kubernetes.io labels). */
export function agentLabels(name: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': 'agent',
    'app.kubernetes.io/part-of': 'ai4all-sre',
  };
}

/** The subset used as the pod selector (stable across upgrades). */
export function agentSelectorLabels(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'agent' };
}
