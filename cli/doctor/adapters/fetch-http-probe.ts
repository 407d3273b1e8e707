/** {@link HttpProbe} with fetch: GET, read the status, cancel the body (repository indexes are large). */
import type { HttpProbe } from '../ports.js';

/** The HTTP probe. */
export const fetchHttpProbe: HttpProbe = {
  async status(url, timeoutMs) {
    const response = await fetch(url, { method: 'GET', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status;
  },
};
