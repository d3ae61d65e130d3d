// Browser mode's loopback bridge: serves the built renderer and carries the same
// IPC calls and events over HTTP, for development and the e2e tests (the Electron
// binary cannot run on these machines). Never part of the packaged app.
//
// Only this machine can reach it (127.0.0.1), and every call must present the
// random token handed out in the start URL's fragment; the Host header is checked
// so a DNS-rebound page cannot use it either.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeFrame, encodeFrame, FRAME_CONTENT_TYPE, frameLength, fromWire, toWire } from '../../renderer/src/lib/wire';
import type { EventName, Events } from '../../preload/contract';
import type { Dispatch } from '../ipc/dispatch';
import { MAX_SCAN_BYTES } from '../ipc/schemas';
import type { Logger } from '../log/logger';
import { createBundleHandler } from '../static/bundle-handler';

// The renderer sends binary frames: the largest accepted scan plus room for the JSON beside it.
const MAX_FRAME_BODY = MAX_SCAN_BYTES + 1024 * 1024;
// Plain JSON (base64 for bytes) is still understood, as before binary frames.
const MAX_JSON_BODY = Math.ceil(MAX_SCAN_BYTES * 1.4);

export interface BridgeServer {
  /** The page to open, with the token in its fragment. */
  url: string;
  origin: string;
  /** Must be set before the first call is served (the app core needs the origin to exist first). */
  setDispatch(dispatch: Dispatch): void;
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  close(): Promise<void>;
}

export async function startBridgeServer(options: {
  rendererDir: string;
  port?: number;
  /**
   * 64 hex digits to use instead of a random token, so that a page outlives a restart of
   * this process on the same port (the e2e test of the renderer's reconnect does that).
   */
  token?: string;
  log: Logger;
}): Promise<BridgeServer> {
  const token = options.token !== undefined && /^[0-9a-f]{64}$/.test(options.token) ? options.token : randomBytes(32).toString('hex');
  const listeners = new Set<ServerResponse>();
  let dispatch: Dispatch | null = null;
  let origin = '';
  let serveBundle: (request: Request) => Promise<Response> = async () => new Response(null, { status: 503 });

  const server: Server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      options.log.error('bridge request failed', error);
      if (!response.headersSent) response.writeHead(500).end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers.host !== new URL(origin).host) return void response.writeHead(421).end();
    const url = new URL(request.url ?? '/', origin);
    if (request.method === 'POST' && url.pathname.startsWith('/ipc/')) {
      if (!tokenMatches(request.headers['x-bridge-token'])) return void response.writeHead(403).end();
      const binary = request.headers['content-type'] === FRAME_CONTENT_TYPE;
      const body = await readBody(request, binary ? MAX_FRAME_BODY : MAX_JSON_BODY);
      if (body === null || !dispatch) return void response.writeHead(body === null ? 413 : 503).end();
      let args: unknown;
      try {
        args = binary ? decodeFrame(body) : fromWire(body.toString('utf8'));
      } catch {
        args = undefined; // dispatch answers INVALID_ARGUMENT
      }
      const channel = decodeURIComponent(url.pathname.slice('/ipc/'.length));
      const result = await dispatch(channel, args, { url: origin, isMainFrame: true });
      if (!binary) {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        response.end(toWire(result));
        return;
      }
      const chunks = encodeFrame(result);
      response.writeHead(200, { 'content-type': FRAME_CONTENT_TYPE, 'content-length': frameLength(chunks), 'cache-control': 'no-store' });
      for (const chunk of chunks) response.write(chunk);
      response.end();
      return;
    }
    if (request.method === 'GET' && url.pathname === '/events') {
      if (!tokenMatches(url.searchParams.get('token') ?? undefined)) return void response.writeHead(403).end();
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      // retry: the browser reconnects after half a second (its default is seconds) when this process restarts.
      response.write('retry: 500\n: connected\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      return;
    }
    if (request.method === 'GET') return serveStatic(request, response);
    response.writeHead(405).end();
  }

  async function serveStatic(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const served = await serveBundle(new Request(new URL(request.url ?? '/', origin)));
    response.writeHead(served.status, Object.fromEntries(served.headers));
    response.end(Buffer.from(await served.arrayBuffer()));
  }

  function tokenMatches(presented: string | string[] | undefined): boolean {
    if (typeof presented !== 'string' || presented.length !== token.length) return false;
    return timingSafeEqual(Buffer.from(presented), Buffer.from(token));
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  serveBundle = createBundleHandler(options.rendererDir, origin);

  return {
    url: `${origin}/#token=${token}`,
    origin,
    setDispatch(value) {
      dispatch = value;
    },
    emit(event, payload) {
      const frame = `data: ${toWire({ event, payload })}\n\n`;
      for (const listener of listeners) listener.write(frame);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const listener of listeners) listener.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(request.headers['content-length']);
  if (Number.isSafeInteger(declared) && declared >= 0) {
    if (declared > limit) return null;
    // Filled chunk by chunk as they arrive: one concat of a 90 MB scan at the end held the
    // event loop for hundreds of milliseconds. The HTTP parser delivers exactly this many bytes.
    const body = Buffer.allocUnsafeSlow(declared);
    let filled = 0;
    for await (const chunk of request) {
      const buffer = chunk as Buffer;
      if (filled + buffer.length > declared) return null;
      buffer.copy(body, filled);
      filled += buffer.length;
    }
    return filled === declared ? body : null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks, size);
}
