// The sandbox server: a real HTTPS server on loopback that implements the API contract
// (main/net/contract.ts) with its own SQLite store and generated data, and stands in for
// the customs server in tests, benchmarks and development. See README.md.

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { AuthorizationStore } from './authorizations';
import { CardChallenges } from './card-login';
import { CardRegistry, ensureSoftCard, type SoftCard } from './cards';
import { CONTROL_PREFIX, createControl, handleControl, type SandboxControl } from './control';
import { startEportControl, type EportControl } from './eport-control';
import { ExceptionStore } from './exceptions';
import { ECertificateStore } from './e-certificates';
import { FaultInjector } from './faults';
import { FaqPublisher } from './help';
import { discardBody, errorReply, type Reply } from './http';
import { createLayoutRenderer, type LayoutRenderer } from './layout-pdf';
import { MarksStore } from './marks';
import { SANDBOX_USERS, populate } from './populate';
import { ProxyStore } from './proxy';
import { handleApi, type ApiContext } from './routes';
import { SandboxStore } from './store';
import { ensureTls, type TlsMaterial } from './tls';

export type { SandboxControl, SandboxStats, SandboxInfo } from './control';
export type { EportControl, CardState } from './eport-control';
export type { FaultSettings, FaultSettingsInput } from './faults';
export type { ReceiptFaults, ReceiptFaultsInput } from './authorizations';
export type { ExceptionSettings, ExceptionSettingsInput } from './exceptions';
export { EXCEPTION_OPTIONS, EXCEPTION_REFUSALS } from './exceptions';
export type { CertificateSeed, SandboxUser } from './populate';
export type { CardRole, SoftCard } from './cards';
export type { PrintRecord } from './store';
export { SANDBOX_USERS, describeUsers } from './populate';
export { AGENT_ENTERPRISE, DEMO_ENTERPRISE, OTHER_ENTERPRISE, SEEDED_SELF_PRINT_SINCE } from './generate';
export { CONTROL_TOKEN_HEADER } from './control';
export { SOFT_CARD_PIN } from './cards';
export { SANDBOX_FAQ } from './help';
export { CARD_CHALLENGE_TTL_MS, CARD_LOGIN_REFUSALS } from './card-login';
export { EPORT_ERRORS, PIN_TRIES } from './eport-control';
export { SELF_PRINT_REFUSALS } from './print-rules';
export { DEFAULT_E_CERTIFICATE_DESTINATIONS, E_CERTIFICATE_REFUSALS } from './e-certificates';

export interface SandboxOptions {
  dataDir: string;
  /** Data seed; same seed and count → same certificates. Default 1 for a new data dir; a different seed rebuilds it. */
  seed?: number;
  /** Certificates generated for a new data dir (default 2000); a different count rebuilds it. */
  certificateCount?: number;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Port of the e-port control stand-in (ws://127.0.0.1:PORT); 0 (default) picks a free one. */
  cardServicePort?: number;
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
  /**
   * The soft cards (PKCS#12, PIN SOFT_CARD_PIN, certificate beside it as <userId>.pem) of
   * every user with a card, by user id; legal-person cards come first.
   */
  softCards: ReadonlyMap<string, SoftCard>;
  /** The stand-in for the e-port control's local signing service, with the legal user's card inserted at start. */
  cardService: EportControl;
  /** https://127.0.0.1:PORT */
  url: string;
  caCertPath: string;
  caCertPem: string;
  /** Sent as the x-sandbox-control-token header to /__sandbox/ endpoints. */
  controlToken: string;
  control: SandboxControl;
  /** 常见问题及解答: the edition GET /help/faq serves (desktop). */
  help: FaqPublisher;
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

/**
 * Every user with a card gets a soft card; its PKCS#12 file is what the client (through
 * the e-port stand-in, or directly) signs with. Legal-person cards first, so the first
 * card is the one that may make seals.
 */
function softCards(dataDir: string, tls: TlsMaterial): Map<string, SoftCard> {
  const holders = SANDBOX_USERS.flatMap((user) => (user.card ? [{ user, role: user.card }] : [])).sort(
    (a, b) => Number(a.role !== 'legal-person') - Number(b.role !== 'legal-person'),
  );
  const ca = { certPem: tls.caCertPem, keyPem: tls.caKeyPem };
  return new Map(
    holders.map(({ user, role }) => [
      user.userId,
      ensureSoftCard(dataDir, ca, { userId: user.userId, name: user.name, enterpriseCode: user.enterprise.code, role }),
    ]),
  );
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
  const cards = softCards(dataDir, tls);
  const registry = new CardRegistry(cards, tls.caCertPem);
  const proxy = new ProxyStore(db);
  const authorizations = new AuthorizationStore(store, store.plan.seed);
  const exceptions = new ExceptionStore(store, store.plan.seed);
  const legalUser = SANDBOX_USERS.find((user) => user.card === 'legal-person');
  const cardService = await startEportControl({ cards, insertedUserId: legalUser?.userId ?? null, port: options.cardServicePort ?? 0, log });
  const faults = new FaultInjector(store.plan.seed);
  const counters = { requests: 0, idempotencyConflicts: 0 };
  const eCertificates = new ECertificateStore(clock);
  const control = createControl({ store, proxy, authorizations, exceptions, card: cardService, faults, clock, counters, dataDir, generationMs, eCertificates });
  const controlToken = options.controlToken ?? randomBytes(32).toString('hex');
  const marks = new MarksStore(db, registry);
  const help = new FaqPublisher();
  const api: ApiContext = { store, marks, cards: registry, challenges: new CardChallenges(), authorizations, proxy, exceptions, clock, counters, eCertificates, help };
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
    server.once('error', (error) => {
      void cardService.close();
      reject(error);
    });
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
    cardService,
    controlToken,
    control,
    help,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (ticker) clearInterval(ticker);
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await Promise.all([closed, cardService.close()]);
      store.close();
    },
  };
}
