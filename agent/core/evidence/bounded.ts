/** Runs one evidence read with a deadline; never throws (the failure becomes a gap). */

export type Bounded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

export async function bounded<T>(milliseconds: number, read: (signal: AbortSignal) => Promise<T>): Promise<Bounded<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error(`timed out after ${milliseconds} ms`));
      resolve({ ok: false, reason: `timed out after ${milliseconds} ms` });
    }, milliseconds);
  });
  try {
    return await Promise.race([
      read(controller.signal).then(
        (value): Bounded<T> => ({ ok: true, value }),
        (error: unknown): Bounded<T> => ({ ok: false, reason: error instanceof Error ? error.message : String(error) }),
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Cuts text to at most `limit` characters, keeping the end (the newest log lines). */
export function keepTail(text: string, limit: number): string {
  return text.length <= limit ? text : `…${text.slice(text.length - limit + 1)}`;
}
