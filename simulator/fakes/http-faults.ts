/**
 * Scripted faults shared by the fake Prometheus and Loki servers: the next N requests answer an
 * error in the server's own envelope, arrive late, never arrive, or are not JSON.
 */
import type { ServerResponse } from 'node:http';
import { sendJson, sendText, sleep } from './loopback-server.js';

export type ObservabilityFault =
  | { readonly type: 'error'; readonly status: number; readonly message?: string }
  | { readonly type: 'delay'; readonly milliseconds: number }
  | { readonly type: 'hang' }
  | { readonly type: 'garbage-body' };

export class FaultQueue {
  private readonly queue: { fault: ObservabilityFault; remaining: number }[] = [];

  push(fault: ObservabilityFault, times = 1): void {
    if (!(Number.isInteger(times) && times > 0))
      throw new Error(`failNext times must be a positive integer, got ${times}`);
    if (fault.type === 'error' && !(fault.status >= 400 && fault.status <= 599)) {
      throw new Error(`error fault status must be 4xx or 5xx, got ${fault.status}`);
    }
    this.queue.push({ fault, remaining: times });
  }

  /**
   * Applies the next fault, if any. Returns true when the response was handled (or deliberately
   * never will be); false when the request should be answered normally (after a delay).
   */
  async apply(response: ServerResponse): Promise<boolean> {
    const next = this.queue[0];
    if (next === undefined) return false;
    next.remaining -= 1;
    if (next.remaining <= 0) this.queue.shift();
    const { fault } = next;
    switch (fault.type) {
      case 'delay':
        await sleep(fault.milliseconds);
        return false;
      case 'hang':
        return true;
      case 'garbage-body':
        sendText(response, 200, '<html><head><title>502 Bad Gateway</title></head></html>', 'application/json');
        return true;
      case 'error':
        sendJson(response, fault.status, {
          status: 'error',
          errorType: fault.status === 503 ? 'unavailable' : fault.status >= 500 ? 'internal' : 'bad_data',
          error: fault.message ?? 'injected fault: server error',
        });
        return true;
    }
  }
}
