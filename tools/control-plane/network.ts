/**
 * Loopback-only networking helpers: free ports and health polling of the local components.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { type IncomingMessage, request as plainRequest } from 'node:http';
import { createServer } from 'node:net';

/** Asks the kernel for a free TCP port on 127.0.0.1 (listen on port 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a loopback listener'));
      });
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export interface ProbeTarget {
  readonly url: string;
  /** PEM file of the CA that signed the server's certificate (https only). */
  readonly caFile?: string;
  readonly bearerToken?: string;
}

/** One GET with a 2 s timeout; resolves to the status code and body (never rejects). */
export function probe(target: ProbeTarget): Promise<{ status: number; body: string }> {
  const parsed = new URL(target.url);
  if (parsed.hostname !== '127.0.0.1') throw new Error(`refusing to probe non-loopback URL ${target.url}`);
  const headers: Record<string, string> = target.bearerToken ? { authorization: `Bearer ${target.bearerToken}` } : {};
  return new Promise((resolve) => {
    const options = { method: 'GET', headers, timeout: 2_000 };
    const onResponse = (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    };
    const outgoing =
      parsed.protocol === 'https:'
        ? request(parsed, { ...options, ...(target.caFile ? { ca: readFileSync(target.caFile) } : {}) }, onResponse)
        : plainRequest(parsed, options, onResponse);
    outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
    outgoing.on('error', (error) => resolve({ status: 0, body: error.message }));
    outgoing.end();
  });
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Polls `check` every 250 ms until it returns true. Calls `abortReason` before each try so a
 * crashed process fails the wait at once instead of at the deadline.
 */
export async function waitUntil(
  description: string,
  check: () => Promise<boolean>,
  timeoutMilliseconds: number,
  abortReason: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMilliseconds;
  let attempts = 0;
  for (;;) {
    const reason = abortReason();
    if (reason) throw new Error(`${description}: ${reason}`);
    attempts += 1;
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${description}: not ready after ${timeoutMilliseconds / 1000}s (${attempts} attempts)`);
    }
    await sleep(250);
  }
}
