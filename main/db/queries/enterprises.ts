// The enterprises whose authorizations decide what may be self-printed: the signed-in
// enterprise ('self') and the principals that granted it proxy printing, as the
// server last said. Replaced whole, in one transaction, whenever the server is asked.

import type { PrincipalView } from '../../../preload/contract';
import type { EnterpriseDto, PrincipalsDto } from '../../net/contract';
import type { Db } from '../connection';
import { listNeutral } from './list-version';
import { getMeta, setMeta } from './meta';

const SYNCED_AT_KEY = 'enterprises.syncedAt';

interface EnterpriseRecord {
  code: string;
  customs_code: string | null;
  name: string;
  self_print_since: string | null;
  granted_at: string | null;
  revoked_at: string | null;
}

export function replaceEnterprises(db: Db, list: PrincipalsDto, now: string): void {
  const insert = db.prepare(
    `INSERT INTO enterprises (code, customs_code, name, relation, self_print_since, self_print_since_ms, granted_at, revoked_at)
     VALUES (@code, @customsCode, @name, @relation, @selfPrintSince, @selfPrintSinceMs, @grantedAt, @revokedAt)
     ON CONFLICT (code) DO NOTHING`,
  );
  const row = (enterprise: EnterpriseDto, relation: 'self' | 'principal', selfPrintSince: string | null, grant: { grantedAt: string; revokedAt: string | null } | null) => ({
    code: enterprise.code,
    customsCode: enterprise.customsCode,
    name: enterprise.name,
    relation,
    selfPrintSince,
    selfPrintSinceMs: selfPrintSince === null ? null : Date.parse(selfPrintSince),
    grantedAt: grant?.grantedAt ?? null,
    revokedAt: grant?.revokedAt ?? null,
  });
  // The list's filters never read enterprises (its rows join them afresh for every block),
  // so replacing them, which every sync does, keeps the list's memo.
  listNeutral(db, () => db.transaction(() => {
    db.prepare('DELETE FROM enterprises').run();
    // The enterprise itself first: a principal listed with its own code changes nothing.
    insert.run(row(list.self.enterprise, 'self', list.self.selfPrintSince, null));
    for (const principal of currentGrants(list.principals)) insert.run(row(principal.enterprise, 'principal', principal.selfPrintSince, principal));
    setMeta(db, SYNCED_AT_KEY, now);
  })());
}

/**
 * One entry per principal: a principal that granted, revoked and granted again is
 * listed once per grant, and the grant in force (else the latest) is the one that counts.
 */
function currentGrants(principals: PrincipalsDto['principals']): PrincipalsDto['principals'] {
  const byCode = new Map<string, PrincipalsDto['principals'][number]>();
  for (const principal of principals) {
    const known = byCode.get(principal.enterprise.code);
    const better =
      !known ||
      (known.revokedAt !== null && principal.revokedAt === null) ||
      ((known.revokedAt === null) === (principal.revokedAt === null) && Date.parse(principal.grantedAt) > Date.parse(known.grantedAt));
    if (better) byCode.set(principal.enterprise.code, principal);
  }
  return [...byCode.values()];
}

/** Whether the server has told the authorizations at least once. */
export function authorizationsKnown(db: Db): boolean {
  return getMeta(db, SYNCED_AT_KEY) !== null;
}

/** The enterprise's own self-print date as last cached; undefined when the authorizations were never synced. */
export function cachedSelfPrintSince(db: Db): string | null | undefined {
  const row = db.prepare(`SELECT self_print_since FROM enterprises WHERE relation = 'self'`).get() as { self_print_since: string | null } | undefined;
  return row === undefined ? undefined : row.self_print_since;
}

/** 委托企业列表 as the cache has it, for offline review. */
export function cachedPrincipals(db: Db): PrincipalView[] {
  const records = db
    .prepare(`SELECT code, customs_code, name, self_print_since, granted_at, revoked_at FROM enterprises WHERE relation = 'principal' ORDER BY name`)
    .all() as EnterpriseRecord[];
  return records.map((record) => ({
    enterprise: { code: record.code, customsCode: record.customs_code, name: record.name },
    grantedAt: record.granted_at ?? '',
    revokedAt: record.revoked_at,
    selfPrintSince: record.self_print_since,
  }));
}
