// The product API, per main/net/contract.ts: every request body and query is parsed
// with the contract's schemas, every answer is built from its types, every failure
// has the contract's error body. Business rules of the customs side live here.

import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import {
  API_PREFIX, IDEMPOTENCY_HEADER, LAYOUT_HASH_HEADER, certificateSchema, changesQuerySchema, layoutKindSchema,
  passwordLoginRequestSchema, printConfirmationSchema, printRegistrationSchema,
  type ChangesPage, type PrintConfirmation, type PrintRegistration, type PrintResponse, type SessionDto,
} from '../../main/net/contract';
import { ApiFailure, discardBody, emptyReply, errorReply, failureReply, jsonReply, readJsonBody, type Reply } from './http';
import { markRoute, type MarksStore } from './marks';
import { SandboxStore, type CertificateRow, type UserRow } from './store';

export interface ApiContext {
  store: SandboxStore;
  marks: MarksStore;
  clock: () => Date;
  counters: { idempotencyConflicts: number };
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

export function authenticate(ctx: ApiContext, req: IncomingMessage): { user: UserRow; token: string } {
  const match = /^Bearer ([\x21-\x7e]{1,512})$/.exec(req.headers.authorization ?? '');
  const token = match?.[1];
  const user = token ? ctx.store.userForToken(token, ctx.clock().getTime()) : null;
  if (!user || !token) throw new ApiFailure(401, 'UNAUTHENTICATED', 'missing, unknown or expired session token', { 'www-authenticate': 'Bearer' });
  return { user, token };
}

// ---------------------------------------------------------------------------
// Session

async function login(ctx: ApiContext, req: IncomingMessage): Promise<Reply> {
  const body = parse(passwordLoginRequestSchema, await readJsonBody(req));
  const user = ctx.store.checkPassword(body.username, body.password);
  if (!user) throw new ApiFailure(401, 'BAD_CREDENTIALS', '用户名或密码错误');
  const session = ctx.store.createSession(user.user_id, ctx.clock().getTime());
  const dto: SessionDto = {
    token: session.token,
    expiresAt: new Date(session.expiresAt).toISOString(),
    user: { userId: user.user_id, name: user.name, role: user.role, enterpriseCode: user.enterprise_code, enterpriseName: user.enterprise_name },
  };
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
  // Checked in the order the web system reports them: archived first, then layout, then "original once".
  if (row.archive_status === 'archived') throw new ApiFailure(409, 'ARCHIVED', '证书已归档，不能打印');
  if (row.layout_status !== 'received') throw new ApiFailure(409, 'LAYOUT_NOT_READY', '版式尚未接收成功，不能打印');
  const printsOriginal = body.kind === 'original' || body.kind === 'both';
  if (printsOriginal && row.print_status === 'printed') {
    throw new ApiFailure(409, 'ORIGINAL_ALREADY_PRINTED', '正本已打印，如需重新打印请提交打印异常申请');
  }
  if (store.printRow(body.printId)) throw new ApiFailure(409, 'IDEMPOTENCY_CONFLICT', `printId ${body.printId} is already registered`);
  store.insertPrint({ printId: body.printId, certificateId: row.certificate_id, userId: user.user_id, enterpriseCode: user.enterprise_code, kind: body.kind, printerName: body.printerName, nowMs: now });
  if (printsOriginal) store.touch(row.rowid, now, { print_status: 'printed' });
  const fresh = store.rowById(row.certificate_id) ?? row;
  const response: PrintResponse = { printId: body.printId, certificate: store.toDto(fresh) };
  return jsonReply(201, response);
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
  const fresh = store.rowById(print.certificate_id) ?? row;
  const response: PrintResponse = { printId, certificate: store.toDto(fresh) };
  return jsonReply(200, response);
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
  if (path === `${API_PREFIX}/session/password`) return method === 'POST' ? login(ctx, req) : methodNotAllowed(req, 'POST');
  if (path === `${API_PREFIX}/session`) return method === 'DELETE' ? logout(ctx, req) : methodNotAllowed(req, 'DELETE');
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
  const marks = await markRoute(ctx, req, url);
  if (marks) return marks;
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
