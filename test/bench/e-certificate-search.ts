// Benchmark: the 证书下载 list over a big agent's cache (1,000,000 certificates by
// default; BENCH_ROWS to change), RC and BR about 1 in 10 as in a Ningbo exporter's mix.
// Reports the first page and a deep page for each condition, with the partial index
// (certificates_e_version) against the planner's own choice without it.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../main/db/connection';
import { searchECertificates, type ECertificateListQuery } from '../../main/db/queries/e-certificates';
import { applyChangesPage } from '../../main/db/queries/sync';
import type { CertificateDto } from '../../main/net/contract';
import { makeCertificate } from '../fixtures/certificates';

const SCOPE = ['日本', '新加坡', '新西兰', '澳大利亚', '韩国'];
const RCEP = [...SCOPE, '越南', '泰国', '马来西亚', '印度尼西亚', '菲律宾', '缅甸', '柬埔寨', '老挝', '文莱'];
const OTHER_TYPES = ['C', 'E', 'K', 'A', 'N', 'X', 'P'] as const;

function certificate(index: number): CertificateDto {
  const type = index % 10 === 0 ? 'RC' : index % 97 === 0 ? 'BR' : OTHER_TYPES[index % OTHER_TYPES.length]!;
  const day = new Date(Date.UTC(2020 + (index % 5), 0, 1) + (index % 365) * 86_400_000).toISOString().slice(0, 10);
  return makeCertificate({
    certificateId: `c${index}`,
    seq: index + 1,
    number: `${type}${20 + (index % 5)}${String(index).padStart(9, '0')}${String(index % 10000).padStart(4, '0')}`,
    type,
    destinationCountry: RCEP[index % RCEP.length]!,
    issueDate: day,
  });
}

function median(run: () => void, times: number): number {
  const timings: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    run();
    timings.push(performance.now() - started);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(timings.length / 2)] ?? NaN;
}

/** The list's page query as SQLite would plan it without the partial index (run with the index dropped). */
function plainPage(db: Db, query: ECertificateListQuery): void {
  const where = ["c.type IN ('RC', 'BR')", `c.destination_country IN (${query.destinations.map(() => '?').join(', ')})`];
  const params: (string | number)[] = [...query.destinations];
  if (query.type) {
    where.push('c.type = ?');
    params.push(query.type);
  }
  db.prepare(`SELECT count(*) FROM certificates c WHERE ${where.join(' AND ')}`).get(...params);
  db.prepare(`SELECT c.certificate_id FROM certificates c WHERE ${where.join(' AND ')} ORDER BY c.issue_date DESC, c.number DESC LIMIT ? OFFSET ?`).all(
    ...params,
    query.limit,
    query.offset,
  );
}

export async function benchECertificateSearch(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-e-'));
  const db = openDatabase(join(dir, 'cache.sqlite'));
  try {
    for (let start = 0; start < rows; start += 1000) {
      applyChangesPage(db, Array.from({ length: Math.min(1000, rows - start) }, (_, offset) => certificate(start + offset)), start + 1000);
    }
    db.exec('ANALYZE');
    const cases: Record<string, Partial<ECertificateListQuery>> = {
      'no filter': {},
      'type BR': { type: 'BR' },
      destination: { destinationCountry: '新西兰' },
      'number prefix': { number: 'RC20' },
      'issue date range (1 month)': { issueDateFrom: '2023-03-01', issueDateTo: '2023-03-31' },
    };
    console.log(`e-certificate list over ${rows} cached certificates`);
    console.log('query | total | first page p50 ms | deep page (90%) p50 ms');
    for (const [name, filter] of Object.entries(cases)) {
      const query: ECertificateListQuery = { offset: 0, limit: 20, destinations: SCOPE, ...filter };
      const total = searchECertificates(db, query).total;
      const first = median(() => searchECertificates(db, query), 7);
      const deep = median(() => searchECertificates(db, { ...query, offset: Math.floor(total * 0.9) }), 3);
      console.log(`${name} | ${total} | ${first.toFixed(1)} | ${deep.toFixed(1)}`);
    }
    // The same first page as the planner serves it without certificates_e_version.
    const plain = { offset: 0, limit: 20, destinations: SCOPE };
    const withIndex = median(() => searchECertificates(db, plain), 7);
    db.exec('DROP INDEX certificates_e_version');
    const withoutIndex = median(() => plainPage(db, plain), 5);
    console.log(`first page, no filter: ${withIndex.toFixed(1)} ms with the partial index, ${withoutIndex.toFixed(1)} ms without it (${(withoutIndex / withIndex).toFixed(1)}x)`);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: `npx tsx test/bench/e-certificate-search.ts`.
if (require.main === module) void benchECertificateSearch();
