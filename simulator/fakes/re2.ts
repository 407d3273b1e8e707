/**
 * Prometheus and Loki use Go's RE2 syntax; JavaScript RegExp rejects its leading flag groups such
 * as `(?i)`. This turns a leading `(?flags)` group into RegExp flags and caches compiled patterns.
 */

const cache = new Map<string, RegExp>();

/** Compiles an RE2 pattern; `anchored` wraps it in ^(?:…)$ as PromQL label matchers are. */
export function re2(pattern: string, anchored: boolean): RegExp {
  const key = `${anchored ? 'a' : 'u'}:${pattern}`;
  let compiled = cache.get(key);
  if (compiled === undefined) {
    const flagGroup = /^\(\?([imsU]+)\)/.exec(pattern);
    const body = flagGroup === null ? pattern : pattern.slice(flagGroup[0].length);
    const flags = [...new Set((flagGroup?.[1] ?? '').replace('U', '').split(''))].join('');
    try {
      compiled = new RegExp(anchored ? `^(?:${body})$` : body, flags);
    } catch (error) {
      throw new Error(`invalid regular expression "${pattern}": ${(error as Error).message}`, { cause: error });
    }
    cache.set(key, compiled);
  }
  return compiled;
}
