/**
 * A minimal JSON HTTP server on 127.0.0.1 (random port) shared by the fake Ollama, Prometheus and
 * Loki servers: one handler, request bodies read with a limit, sockets destroyed on close so a test
 * never hangs on a held-open connection.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../kubernetes/http/listen-loopback.js';

export interface LoopbackRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** Raw body text ('' when none). */
  readonly body: string;
}

export type LoopbackHandler = (request: LoopbackRequest, response: ServerResponse) => void | Promise<void>;

export interface LoopbackServer {
  readonly url: string;
  close(): Promise<void>;
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

export const sleep = (milliseconds: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, milliseconds).unref());

export async function startLoopbackServer(
  name: string,
  handler: LoopbackHandler,
  bodyLimitBytes = 8 * 1024 * 1024,
): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > bodyLimitBytes) {
        sendJson(response, 413, { error: `${name}: request body over ${bodyLimitBytes} bytes` });
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://loopback');
      const body = Buffer.concat(chunks).toString('utf8');
      const query = new URLSearchParams(url.searchParams);
      // Prometheus and Loki accept the same parameters as a form body on POST.
      if (
        request.method === 'POST' &&
        (request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')
      ) {
        for (const [key, value] of new URLSearchParams(body)) query.set(key, value);
      }
      Promise.resolve(
        handler(
          {
            method: (request.method ?? 'GET').toUpperCase(),
            path: url.pathname,
            query,
            headers: request.headers,
            body,
          },
          response,
        ),
      ).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: `${name}: ${(error as Error).message}` });
        else response.destroy();
      });
    });
  });
  const listening = await listenOnLoopback(server, name);
  return { url: listening.url, close: () => listening.close() };
}
