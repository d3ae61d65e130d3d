// Control of the sandbox, NOT part of the product API: the same operations in-process
// (the `control` object tests use) and over HTTPS under /__sandbox/ for other
// processes (e2e runs, the UI in development), guarded by a random control token.

import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { CERTIFICATE_TYPES, archiveStatusSchema, layoutStatusSchema, printStatusSchema, type CertificateDto, type ECertificateScopeDto } from '../../main/net/contract';
import { receiptFaultsSchema, type AuthorizationStore, type ReceiptFaults, type ReceiptFaultsInput } from './authorizations';
import { eCertificateFaultsSchema, eCertificateScopeInputSchema, type ECertificateStore } from './e-certificates';
import type { EportControl } from './eport-control';
import { exceptionSettingsSchema, type ExceptionSettings, type ExceptionSettingsInput, type ExceptionStore } from './exceptions';
import { faultSettingsSchema, type FaultCounts, type FaultInjector, type FaultSettings, type FaultSettingsInput } from './faults';
import { APPLICANT_SLOTS, DEMO_ENTERPRISE } from './generate';
import { ApiFailure, discardBody, errorReply, failureReply, jsonReply, readJsonBody, type Reply } from './http';
import { SANDBOX_USERS, insertCertificates, type CertificateSeed, type SandboxUser } from './populate';
import { checkPrint } from './print-rules';
import type { ProxyStore } from './proxy';
import { certificateContentSchema, type PrintRecord, type SandboxStore } from './store';
import type { ExceptionApplicationDto } from '../../main/net/contract';

export const CONTROL_PREFIX = '/__sandbox';
export const CONTROL_TOKEN_HEADER = 'x-sandbox-control-token';

export interface SandboxStats {
  /** Product API requests received since start (control requests are not counted). */
  requests: number;
  /** Faults injected since start. */
  faultsInjected: FaultCounts;
  /** Same key, different request, since start. */
  idempotencyConflicts: number;
  /** Prints registered (applied, not replayed) in this data dir. */
  printsRegistered: number;
  /** Print registrations answered from the idempotency store instead of being applied. */
  printRegistrationReplays: number;
  /** Per printId: confirmations applied, and repeats answered from the idempotency store. */
  confirmations: Record<string, { applied: number; replayed: number }>;
  /** 打印异常申请: exception prints reported and counted (each once). */
  exceptionPrintsReported: number;
}

export interface SandboxInfo {
  dataDir: string;
  seed: number;
  /** Certificates generated at creation. */
  generatedCount: number;
  /** All certificates, including inserted ones. */
  totalCount: number;
  /** How long generating the certificates took when this data dir was created, or null if it was reused. */
  generationMs: number | null;
}

export interface SandboxControl {
  readonly users: readonly SandboxUser[];
  info(): SandboxInfo;
  /** Replaces every fault setting (omitted ones are off) and restarts the seeded fault sequence. */
  setFaults(faults: FaultSettingsInput): FaultSettings;
  getFaults(): FaultSettings;
  clearFaults(): void;
  /** Applies the layout transitions and authorization receipts due by the sandbox clock; returns how many changed (certificates + receipts). */
  tick(): number;
  /** Moves every pending layout to 'received' now; returns how many certificates changed. */
  advanceLayouts(): number;
  /** Every pending authorization receipt arrives now (at the sandbox clock, or its due time if that passed); returns how many. */
  deliverReceipts(): number;
  /** Replaces the receipt fault settings (omitted ones take their defaults: failureRate 1/8, failNext null). */
  setReceiptFaults(faults: ReceiptFaultsInput): ReceiptFaults;
  getReceiptFaults(): ReceiptFaults;
  /**
   * Rewrites when an enterprise's first authorization came into force (an ISO time with
   * offset), or null for "never authorized", so a test can start from either history.
   */
  setSelfPrintSince(enterpriseCode: string, at: string | null): void;
  /** The e-port control stand-in (the same object as sandbox.cardService). */
  readonly card: EportControl;
  stats(): SandboxStats;
  getCertificate(certificateId: string): CertificateDto | null;
  getPrint(printId: string): PrintRecord | null;
  /**
   * The newest certificate the enterprise (default: the demo one) may print now, as an
   * original and a copy: layout received, unarchived, original pending, and the
   * self-print rules pass (proxy grant in force, applicant authorized, approved after it).
   */
  findPrintable(options?: { enterpriseCode?: string }): CertificateDto | null;
  listPrintable(limit: number, options?: { enterpriseCode?: string }): CertificateDto[];
  insertCertificates(seeds: readonly CertificateSeed[]): CertificateDto[];
  // 打印异常申请 ------------------------------------------------------------
  /** Decides every pending application now: as drawn, or all approved / all rejected. Returns how many. */
  decideExceptions(outcome?: 'approve' | 'reject'): number;
  /** Replaces the decision settings (omitted ones take their defaults: approveRate 0.8, forceNext null). */
  setExceptionSettings(settings: ExceptionSettingsInput): ExceptionSettings;
  getExceptionSettings(): ExceptionSettings;
  getExceptionApplication(applicationId: string): ExceptionApplicationDto | null;
  // 证书下载
  /** A new announcement: the destinations whose RCEP certificates have an e-version. */
  setECertificateDestinations(destinations: readonly string[]): ECertificateScopeDto;
  getECertificateScope(): ECertificateScopeDto;
  /** The next `corruptNext` e-versions are served with a flipped byte under the true hash header. */
  setECertificateFaults(faults: { corruptNext: number }): { corruptNext: number };
  /** E-versions served (and not refused) since start. */
  eCertificatesServed(): number;
}

export interface ControlDeps {
  store: SandboxStore;
  proxy: ProxyStore;
  authorizations: AuthorizationStore;
  exceptions: ExceptionStore;
  card: EportControl;
  faults: FaultInjector;
  clock: () => Date;
  counters: { requests: number; idempotencyConflicts: number };
  dataDir: string;
  generationMs: number | null;
  eCertificates: ECertificateStore;
}

export function createControl(deps: ControlDeps): SandboxControl {
  const { store, faults, clock, authorizations, exceptions } = deps;
  const dto = (certificateId: string): CertificateDto | null => {
    const row = store.rowById(certificateId);
    return row ? store.transaction(() => store.toDto(row)) : null;
  };
  const listPrintable = (limit: number, options?: { enterpriseCode?: string }): CertificateDto[] =>
    store.transaction(() => {
      const enterpriseCode = options?.enterpriseCode ?? DEMO_ENTERPRISE.code;
      const found: CertificateDto[] = [];
      for (const row of store.printCandidates(enterpriseCode)) {
        if (found.length >= limit) break;
        if (checkPrint(deps, row, enterpriseCode, 'both').ok) found.push(store.toDto(row));
      }
      return found;
    });
  return {
    users: SANDBOX_USERS,
    info: () => ({
      dataDir: deps.dataDir,
      seed: store.plan.seed,
      generatedCount: store.plan.count,
      totalCount: store.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM certificates').get()?.n ?? 0,
      generationMs: deps.generationMs,
    }),
    setFaults: (settings) => faults.set(settings),
    getFaults: () => faults.get(),
    clearFaults: () => {
      faults.set({});
    },
    tick: () => {
      const now = clock().getTime();
      return store.applyDueLayouts(now) + authorizations.applyDue(now) + exceptions.applyDue(now);
    },
    advanceLayouts: () => store.applyDueLayouts(clock().getTime(), true),
    deliverReceipts: () => authorizations.applyDue(clock().getTime(), true),
    setReceiptFaults: (settings) => authorizations.setFaults(settings),
    getReceiptFaults: () => authorizations.getFaults(),
    setSelfPrintSince: (enterpriseCode, at) => {
      const since = at === null ? null : Date.parse(at);
      if (Number.isNaN(since)) throw new ApiFailure(400, 'VALIDATION', `not a time: ${at ?? ''}`);
      if (!store.setSelfPrintSince(enterpriseCode, since)) throw new ApiFailure(404, 'NOT_FOUND', `no enterprise ${enterpriseCode}`);
    },
    card: deps.card,
    stats: () => ({
      requests: deps.counters.requests,
      faultsInjected: { ...faults.counts },
      idempotencyConflicts: deps.counters.idempotencyConflicts,
      ...store.printStats(),
      exceptionPrintsReported: exceptions.reportedCount(),
    }),
    getCertificate: dto,
    getPrint: (printId) => store.printRecord(printId),
    findPrintable: (options) => listPrintable(1, options)[0] ?? null,
    listPrintable,
    insertCertificates: (seeds) => {
      const rowids = insertCertificates(store, seeds, clock().getTime());
      return store.transaction(() =>
        rowids.map((rowid) => {
          const row = store.db.prepare<[number], { certificate_id: string }>('SELECT certificate_id FROM certificates WHERE rowid = ?').get(rowid);
          const result = row ? dto(row.certificate_id) : null;
          if (!result) throw new Error(`inserted certificate ${rowid} vanished`);
          return result;
        }),
      );
    },
    decideExceptions: (outcome) => exceptions.applyDue(clock().getTime(), true, outcome),
    setExceptionSettings: (settings) => exceptions.setSettings(settings),
    getExceptionSettings: () => exceptions.getSettings(),
    getExceptionApplication: (applicationId) => {
      const row = exceptions.row(applicationId);
      return row ? store.transaction(() => exceptions.dto(row)) : null;
    },
    setECertificateDestinations: (destinations) => deps.eCertificates.setDestinations(destinations),
    getECertificateScope: () => deps.eCertificates.scope(),
    setECertificateFaults: (faults) => deps.eCertificates.setFaults(faults),
    eCertificatesServed: () => deps.eCertificates.served,
  };
}

// ---------------------------------------------------------------------------
// HTTPS control endpoints

const certificateSeedSchema = z
  .object({
    enterpriseCode: z.string().regex(/^[0-9A-Z]{18}$/).optional(),
    applicantSlot: z.number().int().min(0).max(APPLICANT_SLOTS - 1).optional(),
    applicantCode: z.string().regex(/^[0-9A-Z]{18}$/).optional(),
    type: z.enum(CERTIFICATE_TYPES).optional(),
    layoutStatus: layoutStatusSchema.optional(),
    archiveStatus: archiveStatusSchema.optional(),
    printStatus: printStatusSchema.optional(),
    exceptionPrintCount: z.number().int().min(0).max(100).optional(),
    sendingAfterMs: z.number().int().min(0).optional(),
    receivedAfterMs: z.number().int().min(0).optional(),
    content: certificateContentSchema.omit({ number: true, type: true }).partial().optional(),
  })
  .strict();
const insertRequestSchema = z.object({ certificates: z.array(certificateSeedSchema).min(1).max(10_000) }).strict();
const selfPrintSinceRequestSchema = z.object({ at: z.iso.datetime({ offset: true }).nullable() }).strict();
const cardRequestSchema = z.object({ userId: z.string().min(1).max(64).nullable() }).strict();
const unlockRequestSchema = z.object({ userId: z.string().min(1).max(64) }).strict();
const unresponsiveRequestSchema = z.object({ unresponsive: z.boolean() }).strict();
const decideExceptionsSchema = z.object({ outcome: z.enum(['approve', 'reject']).optional() }).strict();
const printableQuerySchema = z.object({
  enterpriseCode: z.string().regex(/^[0-9A-Z]{18}$/).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1),
});

function tokenMatches(expected: string, given: string | string[] | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiFailure(400, 'VALIDATION', z.prettifyError(result.error));
  return result.data;
}

async function routeControl(control: SandboxControl, req: IncomingMessage, url: URL): Promise<Reply> {
  const path = url.pathname.slice(CONTROL_PREFIX.length);
  const method = req.method ?? 'GET';
  const notFound = (): never => {
    discardBody(req);
    throw new ApiFailure(404, 'NOT_FOUND', `no control route for ${method} ${url.pathname}`);
  };
  if (path === '/info' && method === 'GET') return jsonReply(200, control.info());
  if (path === '/stats' && method === 'GET') return jsonReply(200, control.stats());
  if (path === '/faults' && method === 'GET') return jsonReply(200, control.getFaults());
  if (path === '/faults' && method === 'PUT') return jsonReply(200, control.setFaults(parse(faultSettingsSchema, await readJsonBody(req))));
  if (path === '/tick' && method === 'POST') return jsonReply(200, { changed: control.tick() });
  if (path === '/advance-layouts' && method === 'POST') return jsonReply(200, { changed: control.advanceLayouts() });
  if (path === '/receipts/deliver' && method === 'POST') return jsonReply(200, { delivered: control.deliverReceipts() });
  if (path === '/receipt-faults' && method === 'GET') return jsonReply(200, control.getReceiptFaults());
  if (path === '/receipt-faults' && method === 'PUT') return jsonReply(200, control.setReceiptFaults(parse(receiptFaultsSchema, await readJsonBody(req))));
  if (path === '/exceptions/decide' && method === 'POST') {
    return jsonReply(200, { decided: control.decideExceptions(parse(decideExceptionsSchema, await readJsonBody(req)).outcome) });
  }
  if (path === '/exception-settings' && method === 'GET') return jsonReply(200, control.getExceptionSettings());
  if (path === '/exception-settings' && method === 'PUT') {
    return jsonReply(200, control.setExceptionSettings(parse(exceptionSettingsSchema, await readJsonBody(req))));
  }
  const exception = /^\/exceptions\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (exception?.[1] && method === 'GET') {
    const found = control.getExceptionApplication(exception[1]);
    return found ? jsonReply(200, found) : notFound();
  }
  const selfPrint = /^\/enterprises\/([0-9A-Z]{18})\/self-print-since$/.exec(path);
  if (selfPrint?.[1] && method === 'PUT') {
    control.setSelfPrintSince(selfPrint[1], parse(selfPrintSinceRequestSchema, await readJsonBody(req)).at);
    return jsonReply(200, { enterpriseCode: selfPrint[1] });
  }
  if (path.startsWith('/card')) return cardRoute(control.card, req, path, method, notFound);
  if (path === '/printable' && method === 'GET') {
    const query = parse(printableQuerySchema, Object.fromEntries(url.searchParams));
    const options = query.enterpriseCode ? { enterpriseCode: query.enterpriseCode } : {};
    return jsonReply(200, { items: control.listPrintable(query.limit, options) });
  }
  if (path === '/certificates' && method === 'POST') {
    const body = parse(insertRequestSchema, await readJsonBody(req));
    return jsonReply(201, { items: control.insertCertificates(body.certificates) });
  }
  const certificate = /^\/certificates\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (certificate?.[1] && method === 'GET') {
    const found = control.getCertificate(certificate[1]);
    return found ? jsonReply(200, found) : notFound();
  }
  // 证书下载
  if (path === '/e-certificates/scope' && method === 'GET') return jsonReply(200, control.getECertificateScope());
  if (path === '/e-certificates/scope' && method === 'PUT') {
    return jsonReply(200, control.setECertificateDestinations(parse(eCertificateScopeInputSchema, await readJsonBody(req)).destinations));
  }
  if (path === '/e-certificates/faults' && method === 'PUT') return jsonReply(200, control.setECertificateFaults(parse(eCertificateFaultsSchema, await readJsonBody(req))));
  const print = /^\/prints\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (print?.[1] && method === 'GET') {
    const found = control.getPrint(print[1]);
    return found ? jsonReply(200, found) : notFound();
  }
  return notFound();
}

const cardState = (card: EportControl) => ({ url: card.url, inserted: card.inserted(), unresponsive: card.isUnresponsive(), cards: card.cards() });

/** The e-port control stand-in: which card is in the reader, unlocking, a hung service. */
async function cardRoute(card: EportControl, req: IncomingMessage, path: string, method: string, notFound: () => never): Promise<Reply> {
  const knownCard = (userId: string): string => {
    if (!card.cards().some((entry) => entry.userId === userId)) throw new ApiFailure(404, 'NOT_FOUND', `user ${userId} has no e-port card`);
    return userId;
  };
  if (path === '/card' && method === 'GET') return jsonReply(200, cardState(card));
  if (path === '/card' && method === 'PUT') {
    const { userId } = parse(cardRequestSchema, await readJsonBody(req));
    if (userId === null) card.remove();
    else card.insert(knownCard(userId));
    return jsonReply(200, cardState(card));
  }
  if (path === '/card/unlock' && method === 'POST') {
    card.unlock(knownCard(parse(unlockRequestSchema, await readJsonBody(req)).userId));
    return jsonReply(200, cardState(card));
  }
  if (path === '/card/unresponsive' && method === 'PUT') {
    card.setUnresponsive(parse(unresponsiveRequestSchema, await readJsonBody(req)).unresponsive);
    return jsonReply(200, cardState(card));
  }
  return notFound();
}

export async function handleControl(control: SandboxControl, token: string, req: IncomingMessage, url: URL, log: (line: string) => void): Promise<Reply> {
  if (!tokenMatches(token, req.headers[CONTROL_TOKEN_HEADER])) {
    discardBody(req);
    return errorReply(401, 'UNAUTHENTICATED', `control requests need the ${CONTROL_TOKEN_HEADER} header printed by the sandbox`);
  }
  try {
    return await routeControl(control, req, url);
  } catch (error) {
    if (error instanceof ApiFailure) return failureReply(error);
    const message = error instanceof Error ? error.message : String(error);
    log(`[sandbox] control error on ${req.method ?? ''} ${url.pathname}: ${message}`);
    // Control callers are developers and tests: say what failed.
    return errorReply(500, 'INTERNAL', message);
  }
}
