// 印章管理 on the customs side: card holders, declarants, seals and signatures. Only
// a legal-person card session may write, and every save carries the card's signature
// over the contract's canonical payload, verified against the card certificate the
// sandbox issued (test/sandbox/cards.ts). Seals follow the manual: 停用 before 删除.
// 默认印章 / 默认签名 are what 印章签名授权 (authorizations.ts) authorizes.

import { createHash, X509Certificate } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type Database from 'better-sqlite3';
import {
  API_PREFIX,
  markActionSchema,
  cardSigningPayload,
  markPaths,
  MARK_IMAGE_HASH_HEADER,
  newSealSchema,
  newSignatureSchema,
  type CardSignature,
  type MarkActionRequest,
  type NewSealRequest,
  type NewSignatureRequest,
  type SealDto,
  type SignatureDto,
} from '../../main/net/contract';
import { cardSignatureVerifies, parseCertificate, type CardRegistry, type SoftCard } from './cards';
import { ApiFailure, discardBody, jsonReply, type Reply } from './http';
import {
  authenticate, decode, idempotentWrite, methodNotAllowed, readRoute, requireLegalPersonSession, type ApiContext, type WriteRequest,
} from './routes';
import type { UserRow } from './store';

/** Physical limits of the manual (毫米), checked again on the server. */
const SEAL_LIMITS_MM = { round: [45, 45], oval: [55, 45], rectangular: [55, 40] } as const;
const SIGNATURE_LIMIT_MM = [35, 30] as const;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS seals (
  seal_id TEXT PRIMARY KEY, enterprise_code TEXT NOT NULL, name TEXT NOT NULL, operator_id TEXT NOT NULL,
  operator_name TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, status TEXT NOT NULL,
  shape TEXT NOT NULL, color TEXT NOT NULL, width_mm REAL NOT NULL, height_mm REAL NOT NULL,
  image BLOB NOT NULL, image_sha256 TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS signatures (
  signature_id TEXT PRIMARY KEY, enterprise_code TEXT NOT NULL, name TEXT NOT NULL, declarant_id TEXT NOT NULL,
  declarant_name TEXT NOT NULL, status TEXT NOT NULL, width_mm REAL NOT NULL, height_mm REAL NOT NULL,
  image BLOB NOT NULL, image_sha256 TEXT NOT NULL, is_default INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
`;

interface SealRow {
  seal_id: string; enterprise_code: string; name: string; operator_id: string; operator_name: string;
  valid_from: string; valid_to: string; status: 'active' | 'disabled'; shape: SealDto['shape']; color: SealDto['color'];
  width_mm: number; height_mm: number; image: Buffer; image_sha256: string; is_default: number; created_at: string;
}
interface SignatureRow {
  signature_id: string; enterprise_code: string; name: string; declarant_id: string; declarant_name: string;
  status: 'active' | 'disabled'; width_mm: number; height_mm: number; image: Buffer; image_sha256: string; is_default: number; created_at: string;
}

type MarkKind = 'seal' | 'signature';
interface MarkRows { seal: SealRow; signature: SignatureRow }

/** Seals and signatures share every state change; only their table differs. */
const TABLES = {
  seal: { table: 'seals', id: 'seal_id', missing: '印章不存在' },
  signature: { table: 'signatures', id: 'signature_id', missing: '签名不存在' },
} as const;

/** Declarants registered with an ID card, per enterprise (fixed sandbox data). */
const DECLARANTS = [
  { declarantId: 'd_zhangmin', name: '张敏', idNumberMasked: '330203********1026' },
  { declarantId: 'd_liuyang', name: '刘洋', idNumberMasked: '330206********3517' },
];

export class MarksStore {
  constructor(
    private readonly db: Database.Database,
    private readonly cards: CardRegistry,
  ) {
    db.exec(SCHEMA);
  }

  /** 印章操作员: the enterprise's legal-person and operator card holders. */
  holders(user: UserRow) {
    return this.cards.ofEnterprise(user.enterprise_code).map((card) => ({
      operatorId: card.operatorId,
      name: card.holderName,
      role: card.role,
      certificateValidFrom: card.validFrom,
      certificateValidTo: card.validTo,
    }));
  }

  declarants() {
    return DECLARANTS;
  }

  cardOf(user: UserRow): SoftCard | undefined {
    return this.cards.ofUser(user.user_id);
  }

  seals(enterpriseCode: string): SealDto[] {
    return (this.db.prepare('SELECT * FROM seals WHERE enterprise_code = ? ORDER BY created_at').all(enterpriseCode) as SealRow[]).map(sealDto);
  }

  signatures(enterpriseCode: string): SignatureDto[] {
    return (this.db.prepare('SELECT * FROM signatures WHERE enterprise_code = ? ORDER BY created_at').all(enterpriseCode) as SignatureRow[]).map(signatureDto);
  }

  mark<K extends MarkKind>(kind: K, enterpriseCode: string, markId: string): MarkRows[K] | undefined {
    const { table, id } = TABLES[kind];
    return this.db.prepare(`SELECT * FROM ${table} WHERE ${id} = ? AND enterprise_code = ?`).get(markId, enterpriseCode) as MarkRows[K] | undefined;
  }

  insertSeal(row: Omit<SealRow, 'is_default'>): void {
    this.db.prepare(`INSERT INTO seals (seal_id, enterprise_code, name, operator_id, operator_name, valid_from, valid_to, status, shape,
      color, width_mm, height_mm, image, image_sha256, created_at) VALUES (@seal_id, @enterprise_code, @name, @operator_id,
      @operator_name, @valid_from, @valid_to, @status, @shape, @color, @width_mm, @height_mm, @image, @image_sha256, @created_at)`).run(row);
  }

  insertSignature(row: Omit<SignatureRow, 'is_default'>): void {
    this.db.prepare(`INSERT INTO signatures (signature_id, enterprise_code, name, declarant_id, declarant_name, status, width_mm,
      height_mm, image, image_sha256, created_at) VALUES (@signature_id, @enterprise_code, @name, @declarant_id, @declarant_name,
      @status, @width_mm, @height_mm, @image, @image_sha256, @created_at)`).run(row);
  }

  /** A disabled mark cannot be authorized, so it stops being the default too. */
  disable(kind: MarkKind, markId: string): void {
    const { table, id } = TABLES[kind];
    this.db.prepare(`UPDATE ${table} SET status = 'disabled', is_default = 0 WHERE ${id} = ?`).run(markId);
  }

  delete(kind: MarkKind, markId: string): void {
    const { table, id } = TABLES[kind];
    this.db.prepare(`DELETE FROM ${table} WHERE ${id} = ?`).run(markId);
  }

  /** Makes this mark the enterprise's only default of its kind. */
  setDefault(kind: MarkKind, enterpriseCode: string, markId: string): void {
    const { table, id } = TABLES[kind];
    this.db.prepare(`UPDATE ${table} SET is_default = (${id} = ?) WHERE enterprise_code = ?`).run(markId, enterpriseCode);
  }

  /** The active default seal and signature, what 授权 authorizes. */
  defaults(enterpriseCode: string): { seal: SealRow | undefined; signature: SignatureRow | undefined } {
    const find = <K extends MarkKind>(kind: K): MarkRows[K] | undefined =>
      this.db
        .prepare(`SELECT * FROM ${TABLES[kind].table} WHERE enterprise_code = ? AND is_default = 1 AND status = 'active'`)
        .get(enterpriseCode) as MarkRows[K] | undefined;
    return { seal: find('seal'), signature: find('signature') };
  }
}

function sealDto(row: SealRow): SealDto {
  return {
    sealId: row.seal_id, name: row.name, operatorId: row.operator_id, operatorName: row.operator_name,
    validFrom: row.valid_from, validTo: row.valid_to, status: row.status, shape: row.shape, color: row.color,
    widthMm: row.width_mm, heightMm: row.height_mm, imageSha256: row.image_sha256, isDefault: row.is_default === 1, createdAt: row.created_at,
  };
}

function signatureDto(row: SignatureRow): SignatureDto {
  return {
    signatureId: row.signature_id, name: row.name, declarantId: row.declarant_id, declarantName: row.declarant_name,
    status: row.status, widthMm: row.width_mm, heightMm: row.height_mm, imageSha256: row.image_sha256,
    isDefault: row.is_default === 1, createdAt: row.created_at,
  };
}

function markDto(kind: MarkKind, row: SealRow | SignatureRow): SealDto | SignatureDto {
  return kind === 'seal' ? sealDto(row as SealRow) : signatureDto(row as SignatureRow);
}

// ---------------------------------------------------------------------------
// Rules

const FORBIDDEN_WHAT = '印章、签名的制作和修改';

/** A legal-person card session, and the card it was signed in with (saves are signed by it). */
function requireLegalPerson(ctx: ApiContext, user: UserRow): SoftCard {
  requireLegalPersonSession(user, FORBIDDEN_WHAT);
  const card = ctx.marks.cardOf(user);
  if (!card) throw new ApiFailure(403, 'FORBIDDEN', `${FORBIDDEN_WHAT}需要使用电子口岸法人卡登录`);
  return card;
}

/** The signature must come from this user's card and cover exactly this payload. */
function verifySigned(card: SoftCard, signature: CardSignature, payload: Uint8Array): void {
  const presented = parseCertificate(signature.certificatePem);
  if (!presented || presented.fingerprint256 !== new X509Certificate(card.certificatePem).fingerprint256) {
    throw new ApiFailure(403, 'BAD_SIGNATURE', '签名证书不是本企业法人卡的证书');
  }
  if (!cardSignatureVerifies(signature, payload, presented)) throw new ApiFailure(403, 'BAD_SIGNATURE', '法人卡签名校验失败');
}

function pngBytes(base64: string): { bytes: Buffer; sha256: string } {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 8 || !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new ApiFailure(400, 'VALIDATION', '图片不是 PNG');
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

function within(widthMm: number, heightMm: number, [maxLong, maxShort]: readonly [number, number]): boolean {
  return Math.max(widthMm, heightMm) <= maxLong + 0.5 && Math.min(widthMm, heightMm) <= maxShort + 0.5;
}

function createSeal(ctx: ApiContext, { user, body }: WriteRequest<NewSealRequest>): Reply {
  const card = requireLegalPerson(ctx, user);
  const holder = ctx.marks.holders(user).find((candidate) => candidate.operatorId === body.operatorId);
  if (!holder) throw new ApiFailure(400, 'VALIDATION', '印章操作员不是本企业的卡证书持有人');
  if (body.validFrom > body.validTo || body.validFrom < holder.certificateValidFrom || body.validTo > holder.certificateValidTo) {
    throw new ApiFailure(400, 'VALIDATION', '印章有效期必须在印章操作员卡证书有效期内');
  }
  if (!within(body.widthMm, body.heightMm, SEAL_LIMITS_MM[body.shape])) throw new ApiFailure(400, 'VALIDATION', '印章尺寸超出规格');
  const image = pngBytes(body.imagePng);
  verifySigned(card, body.signature, cardSigningPayload('create-seal', {
    sealId: body.sealId, name: body.name, operatorId: body.operatorId, validFrom: body.validFrom, validTo: body.validTo,
    shape: body.shape, color: body.color, widthMm: body.widthMm, heightMm: body.heightMm, imageSha256: image.sha256,
  }));
  if (ctx.marks.mark('seal', user.enterprise_code, body.sealId)) throw new ApiFailure(409, 'CONFLICT', '印章编号已存在');
  ctx.marks.insertSeal({
    seal_id: body.sealId, enterprise_code: user.enterprise_code, name: body.name, operator_id: holder.operatorId,
    operator_name: holder.name, valid_from: body.validFrom, valid_to: body.validTo, status: 'active', shape: body.shape,
    color: body.color, width_mm: body.widthMm, height_mm: body.heightMm, image: image.bytes, image_sha256: image.sha256,
    created_at: ctx.clock().toISOString(),
  });
  return jsonReply(201, sealDto(ctx.marks.mark('seal', user.enterprise_code, body.sealId)!));
}

function createSignature(ctx: ApiContext, { user, body }: WriteRequest<NewSignatureRequest>): Reply {
  const card = requireLegalPerson(ctx, user);
  const declarant = ctx.marks.declarants().find((candidate) => candidate.declarantId === body.declarantId);
  if (!declarant) throw new ApiFailure(400, 'VALIDATION', '申报员不存在,请先新增无卡操作员');
  if (!within(body.widthMm, body.heightMm, SIGNATURE_LIMIT_MM)) throw new ApiFailure(400, 'VALIDATION', '签名尺寸超出规格');
  const image = pngBytes(body.imagePng);
  verifySigned(card, body.signature, cardSigningPayload('create-signature', {
    signatureId: body.signatureId, name: body.name, declarantId: body.declarantId, widthMm: body.widthMm,
    heightMm: body.heightMm, imageSha256: image.sha256,
  }));
  if (ctx.marks.mark('signature', user.enterprise_code, body.signatureId)) throw new ApiFailure(409, 'CONFLICT', '签名编号已存在');
  ctx.marks.insertSignature({
    signature_id: body.signatureId, enterprise_code: user.enterprise_code, name: body.name, declarant_id: declarant.declarantId,
    declarant_name: declarant.name, status: 'active', width_mm: body.widthMm, height_mm: body.heightMm, image: image.bytes,
    image_sha256: image.sha256, created_at: ctx.clock().toISOString(),
  });
  return jsonReply(201, signatureDto(ctx.marks.mark('signature', user.enterprise_code, body.signatureId)!));
}

type MarkAction = 'disable' | 'delete' | 'default';

function changeMark(ctx: ApiContext, kind: MarkKind, markId: string, action: MarkAction, { user }: WriteRequest<MarkActionRequest>): Reply {
  requireLegalPerson(ctx, user);
  const row = ctx.marks.mark(kind, user.enterprise_code, markId);
  if (!row) throw new ApiFailure(404, 'NOT_FOUND', TABLES[kind].missing);
  const fresh = (): Reply => jsonReply(200, markDto(kind, ctx.marks.mark(kind, user.enterprise_code, markId)!));
  switch (action) {
    case 'disable':
      if (row.status !== 'active') throw new ApiFailure(409, 'CONFLICT', '已停用');
      ctx.marks.disable(kind, markId);
      return fresh();
    case 'default':
      if (row.status !== 'active') throw new ApiFailure(409, 'CONFLICT', kind === 'seal' ? '只能将启用的印章设为默认印章' : '只能将启用的签名设为默认签名');
      ctx.marks.setDefault(kind, user.enterprise_code, markId);
      return fresh();
    case 'delete':
      // The manual's order: 停用 first, then 删除.
      if (row.status !== 'disabled') throw new ApiFailure(409, 'CONFLICT', '请先停用再删除');
      ctx.marks.delete(kind, markId);
      return jsonReply(200, { deleted: markId });
  }
}

function image(ctx: ApiContext, user: UserRow, kind: MarkKind, markId: string): Reply {
  const row = ctx.marks.mark(kind, user.enterprise_code, markId);
  if (!row) throw new ApiFailure(404, 'NOT_FOUND', 'no such image');
  return { status: 200, headers: { 'content-type': 'image/png', [MARK_IMAGE_HASH_HEADER]: row.image_sha256 }, body: row.image };
}

// ---------------------------------------------------------------------------
// Routing

const MARK_PATH = new RegExp(`^${API_PREFIX}/(seals|signatures)/([^/]+)/(disable|delete|default|image)$`);

/** Answers the 印章管理 routes, or returns null for a path that is not one of them. */
export async function markRoute(ctx: ApiContext, req: IncomingMessage, url: URL): Promise<Reply | null> {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === markPaths.cardHolders) return readRoute(ctx, req, (user) => ctx.marks.holders(user));
  if (path === markPaths.declarants) return readRoute(ctx, req, () => ctx.marks.declarants());
  if (path === markPaths.seals && method === 'GET') return readRoute(ctx, req, (user) => ctx.marks.seals(user.enterprise_code));
  if (path === markPaths.signatures && method === 'GET') return readRoute(ctx, req, (user) => ctx.marks.signatures(user.enterprise_code));
  if (path === markPaths.seals) {
    if (method !== 'POST') methodNotAllowed(req, 'GET, POST');
    return idempotentWrite(ctx, req, path, newSealSchema, (write) => createSeal(ctx, write));
  }
  if (path === markPaths.signatures) {
    if (method !== 'POST') methodNotAllowed(req, 'GET, POST');
    return idempotentWrite(ctx, req, path, newSignatureSchema, (write) => createSignature(ctx, write));
  }
  const match = MARK_PATH.exec(path);
  if (!match) return null;
  const kind: MarkKind = match[1] === 'seals' ? 'seal' : 'signature';
  const markId = decode(match[2] ?? '');
  const action = match[3] as MarkAction | 'image';
  if (action === 'image') {
    if (method !== 'GET') methodNotAllowed(req, 'GET');
    const { user } = authenticate(ctx, req);
    discardBody(req);
    return image(ctx, user, kind, markId);
  }
  if (method !== 'POST') methodNotAllowed(req, 'POST');
  return idempotentWrite(ctx, req, path, markActionSchema, (write) => changeMark(ctx, kind, markId, action, write));
}
