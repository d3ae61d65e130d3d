// The product API, per main/net/contract.ts: every request body and query is parsed
// with the contract's schemas, every answer is built from its types, every failure
// has the contract's error body. Sessions, certificates and prints are routed here,
// with the helpers every route shares (authentication, roles, idempotent writes); card
// sign-in, 印章管理, 印章签名授权, 代理打印授权 and the print rules have files of their own.

import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import {
  API_PREFIX, IDEMPOTENCY_HEADER, LAYOUT_HASH_HEADER, certificateSchema, changesQuerySchema, layoutKindSchema,
  passwordLoginRequestSchema, paths, printConfirmationSchema, printRegistrationSchema,
  type ChangesPage, type CurrentSessionDto, type PrintConfirmation, type PrintRegistration, type PrintResponse, type SessionDto,
} from '../../main/net/contract';
import { authorizationRoute, type AuthorizationStore } from './authorizations';
import { cardChallenge, cardLogin, type CardChallenges } from './card-login';
import type { CardRegistry } from './cards';
import { ApiFailure, discardBody, emptyReply, errorReply, failureReply, jsonReply, readJsonBody, type Reply } from './http';
import { eCertificateRoute, type ECertificateStore } from './e-certificates';
import { markRoute, type MarksStore } from './marks';
import { helpRoute, type FaqPublisher } from './help';
import { checkPrint } from './print-rules';
import { exceptionRoute, type ExceptionStore } from './exceptions';
import { proxyRoute, type ProxyStore } from './proxy';
import { SandboxStore, type CertificateRow, type Role, type UserIdentity, type UserRow } from './store';

export interface ApiContext {
  store: SandboxStore;
  marks: MarksStore;
  cards: CardRegistry;
  challenges: CardChallenges;
  authorizations: AuthorizationStore;
  proxy: ProxyStore;
  /** 打印异常申请 */
  exceptions: ExceptionStore;
  clock: () => Date;
  counters: { idempotencyConflicts: number };
  // 证书下载
  eCertificates: ECertificateStore;
  /** 常见问题及解答 (desktop) */
  help: FaqPublisher;
}

const certificateIdSchema = certificateSchema.shape.certificateId;
const printIdSchema = printRegistrationSchema.shape.printId;
// Printable ASCII without spaces: a UUID, a ULID or any opaque client token fits.
const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/);

const validation = (error: z.ZodError): ApiFailure => new ApiFailure(400, 'VALIDATION', z.prettifyError(error));

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validation(result.error);
  return result.data;
}

/** The session's user; its role is the one the session was signed in with. */
export function authenticate(ctx: ApiContext, req: IncomingMessage): { user: UserRow; token: string; expiresAt: number } {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(req.headers.authorization ?? '');
  const token = match?.[1];
  const session = token ? ctx.store.sessionForToken(token, ctx.clock().getTime()) : null;
  if (!session || !token) throw new ApiFailure(401, 'UNAUTHENTICATED', 'missing, unknown or expired session token', { 'www-authenticate': 'Bearer' });
  return { user: session.user, token, expiresAt: session.expiresAt };
}

/** For writes only the legal-person card may make (法人卡): a password or operator-card session is refused. */
export function requireLegalPersonSession(user: UserRow, what: string): void {
  if (user.role !== 'legal-person') throw new ApiFailure(403, 'FORBIDDEN', `${what}需要使用电子口岸法人卡登录`);
}

/** A GET answered from the session's user. */
export function readRoute(ctx: ApiContext, req: IncomingMessage, answer: (user: UserRow) => unknown): Reply {
  if (req.method !== 'GET') methodNotAllowed(req, 'GET');
  const { user } = authenticate(ctx, req);
  discardBody(req);
  return jsonReply(200, answer(user));
}

// ---------------------------------------------------------------------------
// Session

const sessionUser = (user: UserRow): SessionDto['user'] => ({
  userId: user.user_id, name: user.name, role: user.role, enterpriseCode: user.enterprise_code, enterpriseName: user.enterprise_name,
});

/** Signs a user in with the role their way of signing in gives them. */
export function startSession(ctx: ApiContext, user: UserIdentity, role: Role): Reply {
  const session = ctx.store.createSession(user.user_id, role, ctx.clock().getTime());
  const dto: SessionDto = { token: session.token, expiresAt: new Date(session.expiresAt).toISOString(), user: sessionUser({ ...user, role }) };
  return jsonReply(200, dto);
}

async function login(ctx: ApiContext, req: IncomingMessage): Promise<Reply> {
  const body = parse(passwordLoginRequestSchema, await readJsonBody(req));
  const user = ctx.store.checkPassword(body.username, body.password);
  if (!user) throw new ApiFailure(401, 'BAD_CREDENTIALS', '用户名或密码错误');
  // A password never carries a card's authority, whoever holds the card.
  return startSession(ctx, user, 'password');
}

function currentSession(ctx: ApiContext, req: IncomingMessage): Reply {
  const { user, expiresAt } = authenticate(ctx, req);
  discardBody(req);
  const dto: CurrentSessionDto = { expiresAt: new Date(expiresAt).toISOString(), user: sessionUser(user) };
  return jsonReply(200, dto);
}

function logout(ctx: ApiContext, req: IncomingMessage): Reply {
  const { token } = authenticate(ctx, req);
  discardBody(req);
  ctx.store.deleteSession(token);
  return emptyReply(204);
}

// ---------------------------------------------------------------------------
// Certificates

function changes(ctx: ApiContext, req: IncomingMessage, url: URL): Reply {
  const { user } = authenticate(ctx, req);
  discardBody(req);
  const query = parse(changesQuerySchema, Object.fromEntries(url.searchParams));
  // One transaction: describing received certificates may cache their layout hashes.
  const page = ctx.store.transaction((): ChangesPage => {
    const { rows, hasMore } = ctx.store.changes(user.enterprise_code, query.cursor, query.limit);
    const items = rows.map((row) => ctx.store.toDto(row));
    return { items, hasMore, nextCursor: items.at(-1)?.seq ?? query.cursor };
  });
  return jsonReply(200, page);
}

function ownedCertificate(ctx: ApiContext, user: UserRow, certificateId: string): CertificateRow {
  const row = ctx.store.rowById(certificateId);
  // Another enterprise's certificate is reported as missing, not as forbidden: its existence is not the caller's business.
  if (!row || row.owner_code !== user.enterprise_code) throw new ApiFailure(404, 'NOT_FOUND', `certificate ${certificateId} not found`);
  return row;
}

function layout(ctx: ApiContext, req: IncomingMessage, rawId: string, rawKind: string): Reply {
  const { user } = authenticate(ctx, req);
  discardBody(req);
  const id = certificateIdSchema.safeParse(rawId);
  const kind = layoutKindSchema.safeParse(rawKind);
  if (!id.success || !kind.success) throw new ApiFailure(404, 'NOT_FOUND', 'no such layout');
  const row = ownedCertificate(ctx, user, id.data);
  if (row.layout_status !== 'received') {
    throw new ApiFailure(409, 'LAYOUT_NOT_READY', `版式状态为 ${row.layout_status}，尚未接收成功`);
  }
  const file = ctx.store.transaction(() => {
    const dto = ctx.store.toDto(row);
    const served = ctx.store.layout(row, kind.data);
    const promised = dto.layouts?.[kind.data];
    // The feed's hash and the served bytes come from the same renderer; a difference is a sandbox bug.
    if (!promised || promised.sha256 !== served.sha256 || promised.size !== served.size) {
      throw new Error(`layout hash mismatch for ${row.certificate_id}/${kind.data}`);
    }
    return served;
  });
  return {
    status: 200,
    headers: {
      'content-type': 'application/pdf',
      [LAYOUT_HASH_HEADER]: file.sha256,
      'content-disposition': `inline; filename="${row.number}-${kind.data}.pdf"`,
    },
    body: file.bytes,
  };
}

// ---------------------------------------------------------------------------
// Prints: idempotent writes

export interface WriteRequest<T> {
  user: UserRow;
  body: T;
}

/**
 * Runs a write at most once per (user, Idempotency-Key): a repeat with the same body
 * gets the stored answer without applying again; the same key with another body is a
 * conflict. Expected refusals (4xx) are stored too, so a retry sees the same refusal.
 */
export async function idempotentWrite<S extends z.ZodType>(
  ctx: ApiContext,
  req: IncomingMessage,
  path: string,
  schema: S,
  apply: (write: WriteRequest<z.output<S>>) => Reply,
): Promise<Reply> {
  const { user } = authenticate(ctx, req);
  const key = idempotencyKeySchema.safeParse(req.headers[IDEMPOTENCY_HEADER]);
  if (!key.success) {
    discardBody(req);
    throw new ApiFailure(400, 'VALIDATION', `${IDEMPOTENCY_HEADER} header is required on every write (1-200 printable characters)`);
  }
  const raw = await readJsonBody(req);
  const body = parse(schema, raw);
  const method = req.method ?? 'POST';
  const requestHash = SandboxStore.requestHash(method, path, raw);
  const store = ctx.store;
  return store.transaction(() => {
    const stored = store.findIdempotent(user.user_id, key.data);
    if (stored) {
      if (stored.method === method && stored.path === path && stored.request_hash === requestHash) {
        store.countReplay(user.user_id, key.data);
        return { status: stored.status, headers: { 'content-type': 'application/json; charset=utf-8', 'idempotent-replayed': 'true' }, body: Buffer.from(stored.body) };
      }
      ctx.counters.idempotencyConflicts++;
      return errorReply(409, 'IDEMPOTENCY_CONFLICT', `${IDEMPOTENCY_HEADER} ${key.data} was already used for a different request`);
    }
    let reply: Reply;
    try {
      reply = apply({ user, body });
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      reply = failureReply(error);
    }
    store.saveIdempotent({
      userId: user.user_id, key: key.data, method, path, requestHash,
      response: { status: reply.status, body: reply.body.toString('utf8') }, nowMs: ctx.clock().getTime(),
    });
    return reply;
  });
}

function registerPrint(ctx: ApiContext, { user, body }: WriteRequest<PrintRegistration>): Reply {
  const store = ctx.store;
  const now = ctx.clock().getTime();
  const row = ownedCertificate(ctx, user, body.certificateId);
  const check = checkPrint(ctx, row, user.enterprise_code, body.kind);
  if (!check.ok) throw check.failure;
  if (store.printRow(body.printId)) throw new ApiFailure(409, 'IDEMPOTENCY_CONFLICT', `printId ${body.printId} is already registered`);
  store.insertPrint({
    printId: body.printId, certificateId: row.certificate_id, userId: user.user_id, enterpriseCode: user.enterprise_code, kind: body.kind,
    printerName: body.printerName, onBehalfOf: check.onBehalfOf?.code ?? null, nowMs: now,
  });
  if (body.kind === 'original' || body.kind === 'both') store.touch(row.rowid, now, { print_status: 'printed' });
  // A reprint of an original allowed by an approved 打印异常申请 uses the approval up.
  if (check.exceptionApplicationId) ctx.exceptions.use(check.exceptionApplicationId, body.printId);
  return jsonReply(201, printResponse(store, body.printId));
}

/** The answer to both print writes: the print, its certificate as it is now, and the principal printed for. */
function printResponse(store: SandboxStore, printId: string): PrintResponse {
  const print = store.printRow(printId);
  const row = print ? store.rowById(print.certificate_id) : null;
  if (!print || !row) throw new Error(`print ${printId} vanished`);
  return { printId, certificate: store.toDto(row), onBehalfOf: store.onBehalfOf(print) };
}

function confirmPrint(ctx: ApiContext, printId: string, { user, body }: WriteRequest<PrintConfirmation>): Reply {
  const store = ctx.store;
  const now = ctx.clock().getTime();
  const print = store.printRow(printId);
  if (!print || print.enterprise_code !== user.enterprise_code) throw new ApiFailure(404, 'NOT_FOUND', `print ${printId} not found`);
  const row = store.rowById(print.certificate_id);
  if (!row) throw new ApiFailure(404, 'NOT_FOUND', `certificate ${print.certificate_id} not found`);
  store.recordConfirmation(printId, body.answer, body.spoolerOutcome, now);
  // 是 is what archives the certificate (so the importing customs can verify it); 否 only records the failure.
  if (body.answer === 'yes' && row.archive_status !== 'archived') store.touch(row.rowid, now, { archive_status: 'archived' });
  return jsonReply(200, printResponse(store, printId));
}

// ---------------------------------------------------------------------------
// Routing

const LAYOUT_PATH = new RegExp(`^${API_PREFIX}/certificates/([^/]+)/layouts/([^/]+)$`);
const CONFIRMATION_PATH = new RegExp(`^${API_PREFIX}/prints/([^/]+)/confirmation$`);

export function methodNotAllowed(req: IncomingMessage, allowed: string): never {
  discardBody(req);
  throw new ApiFailure(405, 'NOT_FOUND', `${req.method ?? ''} is not supported here`, { allow: allowed });
}

export function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiFailure(404, 'NOT_FOUND', 'malformed path');
  }
}

async function route(ctx: ApiContext, req: IncomingMessage, url: URL): Promise<Reply> {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === paths.passwordLogin) return method === 'POST' ? login(ctx, req) : methodNotAllowed(req, 'POST');
  if (path === paths.cardChallenge) return method === 'POST' ? cardChallenge(ctx, req) : methodNotAllowed(req, 'POST');
  if (path === paths.cardLogin) return method === 'POST' ? cardLogin(ctx, req) : methodNotAllowed(req, 'POST');
  if (path === paths.session) {
    if (method === 'GET') return currentSession(ctx, req);
    return method === 'DELETE' ? logout(ctx, req) : methodNotAllowed(req, 'GET, DELETE');
  }
  if (path === `${API_PREFIX}/certificates/changes`) return method === 'GET' ? changes(ctx, req, url) : methodNotAllowed(req, 'GET');
  const layoutMatch = LAYOUT_PATH.exec(path);
  if (layoutMatch) {
    if (method !== 'GET') methodNotAllowed(req, 'GET');
    return layout(ctx, req, decode(layoutMatch[1] ?? ''), decode(layoutMatch[2] ?? ''));
  }
  if (path === `${API_PREFIX}/prints`) {
    if (method !== 'POST') methodNotAllowed(req, 'POST');
    return idempotentWrite(ctx, req, path, printRegistrationSchema, (write) => registerPrint(ctx, write));
  }
  const confirmationMatch = CONFIRMATION_PATH.exec(path);
  if (confirmationMatch) {
    if (method !== 'POST') methodNotAllowed(req, 'POST');
    const printId = printIdSchema.safeParse(decode(confirmationMatch[1] ?? ''));
    if (!printId.success) {
      discardBody(req);
      throw new ApiFailure(404, 'NOT_FOUND', 'no such print');
    }
    return idempotentWrite(ctx, req, path, printConfirmationSchema, (write) => confirmPrint(ctx, printId.data, write));
  }
  for (const subroute of [markRoute, authorizationRoute, proxyRoute, exceptionRoute, eCertificateRoute, helpRoute]) {
    const reply = await subroute(ctx, req, url);
    if (reply) return reply;
  }
  discardBody(req);
  throw new ApiFailure(404, 'NOT_FOUND', `no route for ${method} ${path}`);
}

/** Answers one API request; never throws. */
export async function handleApi(ctx: ApiContext, req: IncomingMessage, url: URL, log: (line: string) => void): Promise<Reply> {
  try {
    return await route(ctx, req, url);
  } catch (error) {
    if (error instanceof ApiFailure) return failureReply(error);
    log(`[sandbox] internal error on ${req.method ?? ''} ${url.pathname}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return errorReply(500, 'INTERNAL', 'internal sandbox error');
  }
}
