/**
 * Is a model there to reason with? Asks Ollama's `/api/version` and `/api/tags` (bounded), so the
 * demo and eval use a local model when one is serving and the rule engine otherwise.
 */
export interface OllamaProbe {
  readonly found: boolean;
  readonly model: string;
  /** Why no model is used, when none is. */
  readonly reason?: string;
}

export async function probeOllama(host: string, model: string, timeoutMilliseconds = 1_500): Promise<OllamaProbe> {
  const base = host.replace(/\/+$/, '');
  try {
    const version = await fetch(`${base}/api/version`, { signal: AbortSignal.timeout(timeoutMilliseconds) });
    if (!version.ok) return { found: false, model, reason: `Ollama at ${base} answered ${version.status}` };
    const tags = await fetch(`${base}/api/tags`, { signal: AbortSignal.timeout(timeoutMilliseconds) });
    const body = (await tags.json()) as { models?: { name?: string; model?: string }[] };
    const names = (body.models ?? [])
      .flatMap((item) => [item.name, item.model])
      .filter((name): name is string => !!name);
    if (!names.includes(model)) {
      return {
        found: false,
        model,
        reason: `Ollama at ${base} has no ${model} (ollama pull ${model}); has ${names.join(', ') || 'no models'}`,
      };
    }
    return { found: true, model };
  } catch (error) {
    return {
      found: false,
      model,
      reason: `Ollama not reachable at ${base} (${error instanceof Error ? error.message : String(error)})`,
    };
  }
}
