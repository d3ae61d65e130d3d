// 印章签名授权 on the customs side. The legal-person session authorizes the enterprise's
// default seal and signature; the customs side answers LATER with one receipt (回执)
// for each, applied on the sandbox clock by the ticker (control.tick()). Outcomes are
// drawn from a PRNG seeded by (sandbox seed, authorizationId), so a run is repeatable;
// sometimes one receipt fails. Once both receipts of an authorization are received,
// the enterprise's selfPrintSince is set, unless an earlier authorization set it.

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import {
  authorizationPaths, newAuthorizationSchema,
  type AuthorizationDto, type AuthorizationStateDto, type NewAuthorizationRequest, type ReceiptDto,
} from '../../main/net/contract';
import { DEMO_ENTERPRISE, OTHER_ENTERPRISE, SEEDED_SELF_PRINT_SINCE, chinaTime } from './generate';
import { ApiFailure, jsonReply, type Reply } from './http';
import { Rng, streamSeed } from './prng';
import { idempotentWrite, methodNotAllowed, readRoute, requireLegalPersonSession, type ApiContext, type WriteRequest } from './routes';
import type { SandboxStore, UserRow } from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS authorizations (
  authorization_id TEXT PRIMARY KEY, enterprise_code TEXT NOT NULL, submitted_at INTEGER NOT NULL,
  seal_id TEXT NOT NULL, seal_name TEXT NOT NULL, signature_id TEXT NOT NULL, signature_name TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS authorizations_enterprise ON authorizations(enterprise_code, submitted_at);
-- One receipt per kind. The outcome is decided at submission and shown when it is due.
CREATE TABLE IF NOT EXISTS receipts (
  authorization_id TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, message TEXT NOT NULL, at INTEGER,
  due INTEGER NOT NULL, outcome TEXT NOT NULL, outcome_message TEXT NOT NULL,
  PRIMARY KEY (authorization_id, kind));
CREATE INDEX IF NOT EXISTS receipts_pending ON receipts(due) WHERE status = 'pending';
`;

type ReceiptKind = 'seal' | 'signature';
type Outcome = 'received' | 'failed';

interface AuthorizationRow {
  authorization_id: string; enterprise_code: string; submitted_at: number;
  seal_id: string; seal_name: string; signature_id: string; signature_name: string;
}
interface ReceiptRow {
  authorization_id: string; kind: ReceiptKind; status: ReceiptDto['status']; message: string; at: number | null;
  due: number; outcome: Outcome; outcome_message: string;
}

const PENDING_MESSAGE = '处理中';
const RECEIVED_MESSAGE = '接收成功';
const FAILURE_MESSAGES: Record<ReceiptKind, readonly string[]> = {
  seal: ['印章图片与企业备案信息不一致,请重新制作印章后授权', '印章图片不清晰或不完整,请重新扫描制作印章后授权'],
  signature: ['申报员签名未通过审核,请重新制作签名后授权', '申报员备案信息已失效,请更新申报员信息后重新授权'],
};
/** Seconds from submission until each receipt arrives. */
const RECEIPT_DELAY_S: Record<ReceiptKind, readonly [number, number]> = { seal: [20, 60], signature: [30, 90] };

export const receiptFaultsSchema = z
  .object({
    /** Share of authorizations one of whose receipts fails (seeded). */
    failureRate: z.number().min(0).max(1).default(1 / 8),
    /** Forces the next authorization's seal or signature receipt to fail; then back to null. */
    failNext: z.enum(['seal', 'signature']).nullable().default(null),
  })
  .strict();
export type ReceiptFaults = z.output<typeof receiptFaultsSchema>;
export type ReceiptFaultsInput = z.input<typeof receiptFaultsSchema>;

/** The customs side writes times to the second; a receipt's time is what selfPrintSince becomes. */
const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

export class AuthorizationStore {
  private faults: ReceiptFaults = receiptFaultsSchema.parse({});

  constructor(
    private readonly store: SandboxStore,
    private readonly seed: number,
  ) {
    store.db.exec(SCHEMA);
  }

  /** Replaces every setting (omitted ones take their defaults). */
  setFaults(input: ReceiptFaultsInput): ReceiptFaults {
    this.faults = receiptFaultsSchema.parse(input);
    return this.getFaults();
  }

  getFaults(): ReceiptFaults {
    return { ...this.faults };
  }

  exists(authorizationId: string): boolean {
    return this.row(authorizationId) !== undefined;
  }

  /** Records an authorization with both receipts pending, their outcomes and due times already drawn. */
  submit(entry: { authorizationId: string; enterpriseCode: string; seal: { id: string; name: string }; signature: { id: string; name: string }; nowMs: number }): AuthorizationDto {
    const rng = new Rng(streamSeed(this.seed, createHash('sha256').update(entry.authorizationId).digest().readUInt32BE(0), 0xa7));
    const failing = this.drawFailure(rng);
    insertAuthorization(this.store.db, {
      authorization_id: entry.authorizationId, enterprise_code: entry.enterpriseCode, submitted_at: entry.nowMs,
      seal_id: entry.seal.id, seal_name: entry.seal.name, signature_id: entry.signature.id, signature_name: entry.signature.name,
    });
    for (const kind of ['seal', 'signature'] as const) {
      const [min, max] = RECEIPT_DELAY_S[kind];
      const due = entry.nowMs + rng.int(min, max) * 1000;
      const fails = failing === kind;
      insertReceipt(this.store.db, {
        authorization_id: entry.authorizationId, kind, status: 'pending', message: PENDING_MESSAGE, at: null, due,
        outcome: fails ? 'failed' : 'received', outcome_message: fails ? rng.pick(FAILURE_MESSAGES[kind]) : RECEIVED_MESSAGE,
      });
    }
    return this.dto(this.row(entry.authorizationId)!);
  }

  private drawFailure(rng: Rng): ReceiptKind | null {
    const forced = this.faults.failNext;
    if (forced) {
      this.faults.failNext = null;
      return forced;
    }
    const roll = rng.next();
    const which: ReceiptKind = rng.chance(0.5) ? 'seal' : 'signature';
    return roll < this.faults.failureRate ? which : null;
  }

  state(enterpriseCode: string): AuthorizationStateDto {
    const latest = this.store.db
      .prepare<[string], AuthorizationRow>('SELECT * FROM authorizations WHERE enterprise_code = ? ORDER BY submitted_at DESC, rowid DESC LIMIT 1')
      .get(enterpriseCode);
    const since = this.store.enterprise(enterpriseCode)?.self_print_since ?? null;
    return { latest: latest ? this.dto(latest) : null, selfPrintSince: since === null ? null : chinaTime(since) };
  }

  /**
   * Shows the receipts that are due by `nowMs` (or, with `all`, every pending one, as
   * arriving now) and starts self-print for enterprises whose authorization is now in
   * force. Returns how many receipts arrived.
   */
  applyDue(nowMs: number, all = false): number {
    return this.store.transaction(() => {
      const due = this.store.db
        .prepare<[number], ReceiptRow>("SELECT * FROM receipts WHERE status = 'pending' AND due <= ? ORDER BY due, authorization_id, kind")
        .all(all ? Number.MAX_SAFE_INTEGER : nowMs);
      const update = this.store.db.prepare('UPDATE receipts SET status = outcome, message = outcome_message, at = ? WHERE authorization_id = ? AND kind = ?');
      for (const receipt of due) update.run(wholeSecond(Math.min(receipt.due, nowMs)), receipt.authorization_id, receipt.kind);
      for (const authorizationId of new Set(due.map((receipt) => receipt.authorization_id))) this.startSelfPrintIfInForce(authorizationId);
      return due.length;
    });
  }

  private startSelfPrintIfInForce(authorizationId: string): void {
    const receipts = this.receipts(authorizationId);
    const row = this.row(authorizationId);
    if (!row || receipts.length !== 2 || !receipts.every((receipt) => receipt.status === 'received')) return;
    this.store.startSelfPrint(row.enterprise_code, Math.max(...receipts.map((receipt) => receipt.at ?? 0)));
  }

  private row(authorizationId: string): AuthorizationRow | undefined {
    return this.store.db.prepare<[string], AuthorizationRow>('SELECT * FROM authorizations WHERE authorization_id = ?').get(authorizationId);
  }

  private receipts(authorizationId: string): ReceiptRow[] {
    return this.store.db.prepare<[string], ReceiptRow>('SELECT * FROM receipts WHERE authorization_id = ?').all(authorizationId);
  }

  private dto(row: AuthorizationRow): AuthorizationDto {
    const receipts = new Map(this.receipts(row.authorization_id).map((receipt) => [receipt.kind, receipt]));
    const receipt = (kind: ReceiptKind): ReceiptDto => {
      const found = receipts.get(kind);
      if (!found) throw new Error(`authorization ${row.authorization_id} has no ${kind} receipt`);
      return { status: found.status, message: found.message, at: found.at === null ? null : chinaTime(found.at) };
    };
    return {
      authorizationId: row.authorization_id,
      submittedAt: chinaTime(row.submitted_at),
      seal: { sealId: row.seal_id, name: row.seal_name },
      signature: { signatureId: row.signature_id, name: row.signature_name },
      sealReceipt: receipt('seal'),
      signatureReceipt: receipt('signature'),
    };
  }
}

function insertAuthorization(db: Database.Database, row: AuthorizationRow): void {
  db.prepare(
    `INSERT INTO authorizations VALUES (@authorization_id, @enterprise_code, @submitted_at, @seal_id, @seal_name, @signature_id, @signature_name)`,
  ).run(row);
}

function insertReceipt(db: Database.Database, row: ReceiptRow): void {
  db.prepare(
    `INSERT INTO receipts VALUES (@authorization_id, @kind, @status, @message, @at, @due, @outcome, @outcome_message)`,
  ).run(row);
}

/** The latest authorization of the sandbox's own enterprises, in force since SEEDED_SELF_PRINT_SINCE. */
const SEEDED_AUTHORIZATIONS = [
  { enterprise: DEMO_ENTERPRISE, authorizationId: 'auth_seed_demo', seal: { id: 'seal_seed_demo', name: '王建国 法人章' }, signature: { id: 'sig_seed_demo', name: '张敏' } },
  { enterprise: OTHER_ENTERPRISE, authorizationId: 'auth_seed_other', seal: { id: 'seal_seed_other', name: '陈静 原产地证专用章' }, signature: { id: 'sig_seed_other', name: '陈静' } },
];

/** Seed history: the sandbox's own enterprises authorized once, and both receipts arrived at their selfPrintSince. */
export function seedAuthorizationHistory(db: Database.Database): void {
  db.exec(SCHEMA);
  for (const seeded of SEEDED_AUTHORIZATIONS) {
    const receivedAt = Date.parse(SEEDED_SELF_PRINT_SINCE.get(seeded.enterprise.code) ?? '');
    if (Number.isNaN(receivedAt)) throw new Error(`no seeded selfPrintSince for ${seeded.enterprise.code}`);
    insertAuthorization(db, {
      authorization_id: seeded.authorizationId, enterprise_code: seeded.enterprise.code, submitted_at: receivedAt - 90_000,
      seal_id: seeded.seal.id, seal_name: seeded.seal.name, signature_id: seeded.signature.id, signature_name: seeded.signature.name,
    });
    for (const kind of ['seal', 'signature'] as const) {
      insertReceipt(db, {
        authorization_id: seeded.authorizationId, kind, status: 'received', message: RECEIVED_MESSAGE, at: receivedAt, due: receivedAt,
        outcome: 'received', outcome_message: RECEIVED_MESSAGE,
      });
    }
  }
}

// ---------------------------------------------------------------------------
// Routes

function authorize(ctx: ApiContext, { user, body }: WriteRequest<NewAuthorizationRequest>): Reply {
  requireLegalPersonSession(user, '印章签名授权');
  const { seal, signature } = ctx.marks.defaults(user.enterprise_code);
  if (!seal || !signature) throw new ApiFailure(409, 'CONFLICT', '请先设置默认印章和默认签名');
  if (ctx.authorizations.exists(body.authorizationId)) throw new ApiFailure(409, 'CONFLICT', '授权编号已存在');
  const dto = ctx.authorizations.submit({
    authorizationId: body.authorizationId, enterpriseCode: user.enterprise_code, nowMs: ctx.clock().getTime(),
    seal: { id: seal.seal_id, name: seal.name }, signature: { id: signature.signature_id, name: signature.name },
  });
  return jsonReply(201, dto);
}

/** Answers the 印章签名授权 routes, or returns null for a path that is not one of them. */
export async function authorizationRoute(ctx: ApiContext, req: IncomingMessage, url: URL): Promise<Reply | null> {
  const path = url.pathname;
  if (path === authorizationPaths.state) {
    return readRoute(ctx, req, (user: UserRow) => ctx.authorizations.state(user.enterprise_code));
  }
  if (path === authorizationPaths.authorizations) {
    if (req.method !== 'POST') methodNotAllowed(req, 'POST');
    return idempotentWrite(ctx, req, path, newAuthorizationSchema, (write) => authorize(ctx, write));
  }
  return null;
}
