// The sandbox server: a real HTTPS server on loopback that implements the API contract
// (main/net/contract.ts) with its own SQLite store and generated data, and stands in for
// the customs server in tests, benchmarks and development. See README.md.

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { CONTROL_PREFIX, createControl, handleControl, type SandboxControl } from './control';
import { FaultInjector } from './faults';
import { discardBody, errorReply, type Reply } from './http';
import { createLayoutRenderer, type LayoutRenderer } from './layout-pdf';
import { populate } from './populate';
import { handleApi, type ApiContext } from './routes';
import { SandboxStore } from './store';
import { SANDBOX_USERS } from './populate';
import { ensureSoftCard, type SoftCard } from './cards';
import { MarksStore } from './marks';
import { ensureTls } from './tls';

export type { SandboxControl, SandboxStats, SandboxInfo } from './control';
export type { FaultSettings, FaultSettingsInput } from './faults';
export type { CertificateSeed, SandboxUser } from './populate';
export type { PrintRecord } from './store';
export { SANDBOX_USERS } from './populate';
export { DEMO_ENTERPRISE, OTHER_ENTERPRISE } from './generate';
export { CONTROL_TOKEN_HEADER } from './control';
export { SOFT_CARD_PIN } from './cards';

export interface SandboxOptions {
  dataDir: string;
  /** Data seed; same seed and count → same certificates. Default 1 for a new data dir; a different seed rebuilds it. */
  seed?: number;
  /** Certificates generated for a new data dir (default 2000); a different count rebuilds it. */
  certificateCount?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  /** The customs side's clock (sessions, layout transitions, timestamps). TLS validity uses real time. */
  clock?: () => Date;
  /** How often the customs side applies due layout transitions; 0 disables the ticker (call control.tick()). Default 1000. */
  tickIntervalMs?: number;
  /** Fixed control token; random by default. */
  controlToken?: string;
  log?: (line: string) => void;
}

export interface Sandbox {
  /** The soft cards (PKCS#12, PIN SOFT_CARD_PIN) of the legal-person users, by user id. */
  softCards: ReadonlyMap<string, SoftCard>;
  /** https://127.0.0.1:PORT */
  url: string;
  caCertPath: string;
  caCertPem: string;
  /** Sent as the x-sandbox-control-token header to /__sandbox/ endpoints. */
  controlToken: string;
  control: SandboxControl;
  stop(): Promise<void>;
}

// Templates are the same for every sandbox in a process; build them once.
let rendererPromise: Promise<LayoutRenderer> | null = null;
const layoutRenderer = (): Promise<LayoutRenderer> => (rendererPromise ??= createLayoutRenderer());

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
  res.end(reply.body);
}

/** Announces the whole body, sends half of it, then cuts the connection. */
function sendTruncated(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
  const half = reply.body.subarray(0, Math.floor(reply.body.length / 2));
  res.write(half, () => res.socket?.destroy());
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const dataDir = resolve(options.dataDir);
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const tls = ensureTls(dataDir, new Date());
  const renderer = await layoutRenderer();

  let generationMs: number | null = null;
  let db = SandboxStore.openExisting(dataDir, { seed: options.seed, count: options.certificateCount });
  if (!db) {
    db = SandboxStore.createEmpty(dataDir);
    const seed = options.seed ?? 1;
    const count = options.certificateCount ?? 2000;
    generationMs = populate(db, { seed, count, nowMs: clock().getTime() });
    log(`[sandbox] generated ${count} certificates (seed ${seed}) in ${Math.round(generationMs)} ms`);
  }
  const store = new SandboxStore(db, renderer);
  const faults = new FaultInjector(store.plan.seed);
  const counters = { requests: 0, idempotencyConflicts: 0 };
  const control = createControl({ store, faults, clock, counters, dataDir, generationMs });
  const controlToken = options.controlToken ?? randomBytes(32).toString('hex');
  // Every legal-person user has a soft card; its PKCS#12 file is what the client signs with.
  const cards = new Map(
    SANDBOX_USERS.filter((user) => user.role === 'legal-person').map((user) => [
      user.userId,
      ensureSoftCard(dataDir, { certPem: tls.caCertPem, keyPem: tls.caKeyPem }, { userId: user.userId, name: user.name, enterpriseCode: user.enterprise.code }),
    ]),
  );
  const marks = new MarksStore(db, cards);
  const api: ApiContext = { store, marks, clock, counters };
  let stopped = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    if (url.pathname === CONTROL_PREFIX || url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
      send(res, await handleControl(control, controlToken, req, url, log));
      return;
    }
    counters.requests++;
    const decision = faults.decide();
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (stopped) {
      res.socket?.destroy();
      return;
    }
    if (decision.fault === 'error') {
      discardBody(req);
      send(res, errorReply(500, 'INTERNAL', 'injected fault (sandbox errorRate/failNext)'));
      return;
    }
    const reply = await handleApi(api, req, url, log);
    if (decision.fault === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (decision.fault === 'truncate') {
      sendTruncated(res, reply);
      return;
    }
    send(res, reply);
  };

  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2' }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`[sandbox] unhandled: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, errorReply(500, 'INTERNAL', 'internal sandbox error'));
      else res.socket?.destroy();
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const tickInterval = options.tickIntervalMs ?? 1000;
  const ticker =
    tickInterval > 0
      ? setInterval(() => {
          try {
            control.tick();
          } catch (error) {
            log(`[sandbox] tick failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        }, tickInterval)
      : null;
  ticker?.unref();

  return {
    url: `https://127.0.0.1:${port}`,
    caCertPath: tls.caCertPath,
    caCertPem: tls.caCertPem,
    softCards: cards,
    controlToken,
    control,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (ticker) clearInterval(ticker);
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      store.close();
    },
  };
}
