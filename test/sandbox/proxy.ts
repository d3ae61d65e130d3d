// 代理打印授权 and 委托企业列表 on the customs side. A principal (委托企业, legal-person
// session) grants an agent enterprise proxy printing, once, and may revoke it; a new
// grant after a revoke is allowed. The agent lists its principals and may print the
// certificates it declared for them while a grant is in force (print-rules.ts).

import type { IncomingMessage } from 'node:http';
import type Database from 'better-sqlite3';
import {
  API_PREFIX, enterpriseCodeSchema, markActionSchema, newProxyGrantSchema, proxyPaths,
  type MarkActionRequest, type NewProxyGrantRequest, type PrincipalDto, type PrincipalsDto, type ProxyGrantDto,
} from '../../main/net/contract';
import { chinaTime, type GenerationPlan } from './generate';
import { ApiFailure, jsonReply, type Reply } from './http';
import { decode, idempotentWrite, methodNotAllowed, readRoute, requireLegalPersonSession, type ApiContext, type WriteRequest } from './routes';
import { enterpriseDto, type EnterpriseRow, type SandboxStore, type UserRow } from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS proxy_grants (
  grant_id TEXT PRIMARY KEY, principal_code TEXT NOT NULL, agent_code TEXT NOT NULL,
  granted_at INTEGER NOT NULL, revoked_at INTEGER);
CREATE INDEX IF NOT EXISTS proxy_grants_principal ON proxy_grants(principal_code, granted_at);
CREATE INDEX IF NOT EXISTS proxy_grants_agent ON proxy_grants(agent_code, principal_code, granted_at);
`;

interface GrantRow {
  grant_id: string;
  principal_code: string;
  agent_code: string;
  granted_at: number;
  revoked_at: number | null;
}

/** When the generated principals granted their agent (the enterprise that declares their certificates). */
const SEEDED_GRANTED_AT = '2023-10-01T09:00:00+08:00';

export class ProxyStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  insert(row: GrantRow): void {
    this.db.prepare('INSERT INTO proxy_grants VALUES (@grant_id, @principal_code, @agent_code, @granted_at, @revoked_at)').run(row);
  }

  grant(grantId: string): GrantRow | undefined {
    return this.db.prepare<[string], GrantRow>('SELECT * FROM proxy_grants WHERE grant_id = ?').get(grantId);
  }

  /** The grants a principal made, newest first. */
  grantsBy(principalCode: string): GrantRow[] {
    return this.db
      .prepare<[string], GrantRow>('SELECT * FROM proxy_grants WHERE principal_code = ? ORDER BY granted_at DESC, rowid DESC')
      .all(principalCode);
  }

  inForce(principalCode: string, agentCode: string): GrantRow | undefined {
    return this.db
      .prepare<[string, string], GrantRow>('SELECT * FROM proxy_grants WHERE principal_code = ? AND agent_code = ? AND revoked_at IS NULL')
      .get(principalCode, agentCode);
  }

  revoke(grantId: string, nowMs: number): void {
    this.db.prepare('UPDATE proxy_grants SET revoked_at = ? WHERE grant_id = ?').run(nowMs, grantId);
  }

  /** Per principal that ever granted this agent, its latest grant (the one in force, if any), newest first. */
  latestGrantsTo(agentCode: string): GrantRow[] {
    return this.db
      .prepare<[string], GrantRow>(
        `SELECT g.* FROM proxy_grants g WHERE g.agent_code = ? AND g.rowid = (
           SELECT latest.rowid FROM proxy_grants latest WHERE latest.agent_code = g.agent_code AND latest.principal_code = g.principal_code
           ORDER BY latest.granted_at DESC, latest.rowid DESC LIMIT 1)
         ORDER BY g.granted_at DESC, g.principal_code`,
      )
      .all(agentCode);
  }
}

/** Seed history: every generated principal granted the enterprise that declares its certificates. */
export function seedProxyGrants(db: Database.Database, plan: GenerationPlan): void {
  const proxy = new ProxyStore(db);
  for (const applicant of plan.applicants) {
    if (applicant.code === applicant.ownerCode) continue;
    proxy.insert({
      grant_id: `g_seed_${applicant.slot}`, principal_code: applicant.code, agent_code: applicant.ownerCode,
      granted_at: Date.parse(SEEDED_GRANTED_AT), revoked_at: null,
    });
  }
}

function enterpriseOrThrow(store: SandboxStore, code: string): EnterpriseRow {
  const found = enterpriseCodeSchema.safeParse(code).success ? store.enterprise(code) : null;
  if (!found) throw new ApiFailure(404, 'NOT_FOUND', '未找到该企业,请核对代码');
  return found;
}

function grantDto(store: SandboxStore, row: GrantRow): ProxyGrantDto {
  return {
    grantId: row.grant_id,
    agent: enterpriseDto(enterpriseOrThrow(store, row.agent_code)),
    grantedAt: chinaTime(row.granted_at),
    revokedAt: row.revoked_at === null ? null : chinaTime(row.revoked_at),
  };
}

const selfPrintSince = (enterprise: EnterpriseRow): string | null =>
  enterprise.self_print_since === null ? null : chinaTime(enterprise.self_print_since);

function principals(ctx: ApiContext, user: UserRow): PrincipalsDto {
  const self = enterpriseOrThrow(ctx.store, user.enterprise_code);
  const list = ctx.proxy.latestGrantsTo(self.code).map((grant): PrincipalDto => {
    const principal = enterpriseOrThrow(ctx.store, grant.principal_code);
    return {
      enterprise: enterpriseDto(principal),
      grantId: grant.grant_id,
      grantedAt: chinaTime(grant.granted_at),
      revokedAt: grant.revoked_at === null ? null : chinaTime(grant.revoked_at),
      selfPrintSince: selfPrintSince(principal),
    };
  });
  return { self: { enterprise: enterpriseDto(self), selfPrintSince: selfPrintSince(self) }, principals: list };
}

const FORBIDDEN_WHAT = '代理打印授权';

function createGrant(ctx: ApiContext, { user, body }: WriteRequest<NewProxyGrantRequest>): Reply {
  requireLegalPersonSession(user, FORBIDDEN_WHAT);
  const agent = enterpriseOrThrow(ctx.store, body.agentCode);
  if (agent.code === user.enterprise_code) throw new ApiFailure(409, 'CONFLICT', '不能对本企业授权');
  if (ctx.proxy.inForce(user.enterprise_code, agent.code)) throw new ApiFailure(409, 'CONFLICT', '已对该企业授权代理打印,无需重复授权');
  if (ctx.proxy.grant(body.grantId)) throw new ApiFailure(409, 'CONFLICT', '授权编号已存在');
  ctx.proxy.insert({ grant_id: body.grantId, principal_code: user.enterprise_code, agent_code: agent.code, granted_at: ctx.clock().getTime(), revoked_at: null });
  return jsonReply(201, grantDto(ctx.store, ctx.proxy.grant(body.grantId)!));
}

function revokeGrant(ctx: ApiContext, grantId: string, { user }: WriteRequest<MarkActionRequest>): Reply {
  requireLegalPersonSession(user, FORBIDDEN_WHAT);
  const grant = ctx.proxy.grant(grantId);
  // Another enterprise's grant is reported as missing: its existence is not the caller's business.
  if (!grant || grant.principal_code !== user.enterprise_code) throw new ApiFailure(404, 'NOT_FOUND', '授权记录不存在');
  if (grant.revoked_at !== null) throw new ApiFailure(409, 'CONFLICT', '该授权已撤销');
  ctx.proxy.revoke(grantId, ctx.clock().getTime());
  return jsonReply(200, grantDto(ctx.store, ctx.proxy.grant(grantId)!));
}

// ---------------------------------------------------------------------------
// Routing

const ENTERPRISE_PATH = new RegExp(`^${API_PREFIX}/enterprises/([^/]+)$`);
const REVOKE_PATH = new RegExp(`^${API_PREFIX}/proxy-grants/([^/]+)/revoke$`);

/** Answers the 代理打印授权 routes, or returns null for a path that is not one of them. */
export async function proxyRoute(ctx: ApiContext, req: IncomingMessage, url: URL): Promise<Reply | null> {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === proxyPaths.principals) return readRoute(ctx, req, (user) => principals(ctx, user));
  if (path === proxyPaths.grants) {
    if (method === 'GET') return readRoute(ctx, req, (user) => ctx.proxy.grantsBy(user.enterprise_code).map((grant) => grantDto(ctx.store, grant)));
    if (method !== 'POST') methodNotAllowed(req, 'GET, POST');
    return idempotentWrite(ctx, req, path, newProxyGrantSchema, (write) => createGrant(ctx, write));
  }
  const enterprise = ENTERPRISE_PATH.exec(path);
  if (enterprise) {
    const code = decode(enterprise[1] ?? '');
    return readRoute(ctx, req, () => enterpriseDto(enterpriseOrThrow(ctx.store, code)));
  }
  const revoke = REVOKE_PATH.exec(path);
  if (revoke) {
    if (method !== 'POST') methodNotAllowed(req, 'POST');
    const grantId = decode(revoke[1] ?? '');
    return idempotentWrite(ctx, req, path, markActionSchema, (write) => revokeGrant(ctx, grantId, write));
  }
  return null;
}
