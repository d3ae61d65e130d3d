// Benchmark: the certificate cache at the size a big agent keeps (1,000,000
// certificates by default; BENCH_ROWS to change). Reports the insert rate of sync
// pages, and the latency of every list query at the first page and deep in the list.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CertificateQuery } from '../../preload/contract';
import { openDatabase } from '../../main/db/connection';
import { searchCertificates } from '../../main/db/queries/certificates';
import { replaceEnterprises } from '../../main/db/queries/enterprises';
import { applyChangesPage } from '../../main/db/queries/sync';
import { CERTIFICATE_TYPES, type CertificateDto } from '../../main/net/contract';
import { makeCertificate } from '../fixtures/certificates';

const COUNTRIES = ['日本', '韩国', '越南', '泰国', '印度尼西亚', '澳大利亚', '新西兰', '新加坡', '智利', '秘鲁', '巴基斯坦', '瑞士'];
const APPLICANTS = Array.from({ length: 400 }, (_, index) => `委托企业${index}号进出口有限公司`);
// An agent's principals, each with its own authorization: every list row joins one of them.
const APPLICANT_CODES = APPLICANTS.map((_, index) => `91330200MA${String(index).padStart(7, '0')}X`);

function certificate(index: number): CertificateDto {
  const type = CERTIFICATE_TYPES[index % CERTIFICATE_TYPES.length]!;
  const year = 20 + (index % 5);
  const day = new Date(Date.UTC(2020 + (index % 5), 0, 1) + (index % 365) * 86_400_000).toISOString().slice(0, 10);
  return makeCertificate({
    certificateId: `c${index}`,
    seq: index + 1,
    number: `${type}${year}${String(index).padStart(9, '0')}${String(index % 10000).padStart(4, '0')}`,
    type,
    applicant: APPLICANTS[index % APPLICANTS.length]!,
    applicantCode: APPLICANT_CODES[index % APPLICANTS.length]!,
    destinationCountry: COUNTRIES[index % COUNTRIES.length]!,
    issueDate: day,
    archiveStatus: index % 3 === 0 ? 'archived' : 'unarchived',
    printStatus: index % 2 === 0 ? 'printed' : 'pending',
    layoutStatus: index % 50 === 0 ? 'sending' : 'received',
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

export async function benchCacheSearch(): Promise<void> {
  const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-'));
  const db = openDatabase(join(dir, 'cache.sqlite'));
  try {
    const pageSize = 500;
    const insertStart = performance.now();
    let slowestPageMs = 0;
    for (let start = 0; start < rows; start += pageSize) {
      const page = Array.from({ length: Math.min(pageSize, rows - start) }, (_, offset) => certificate(start + offset));
      const pageStart = performance.now();
      applyChangesPage(db, page, start + page.length);
      slowestPageMs = Math.max(slowestPageMs, performance.now() - pageStart);
    }
    const insertSeconds = (performance.now() - insertStart) / 1000;
    replaceEnterprises(
      db,
      {
        self: { enterprise: { code: '91330200MA2AAAAA0X', customsCode: null, name: '宁波示例进出口有限公司' }, selfPrintSince: '2021-01-01T00:00:00Z' },
        principals: APPLICANTS.map((name, index) => ({
          enterprise: { code: APPLICANT_CODES[index]!, customsCode: null, name },
          grantId: `g${index}`,
          grantedAt: '2020-01-01T00:00:00Z',
          revokedAt: index % 10 === 0 ? '2023-01-01T00:00:00Z' : null,
          selfPrintSince: index % 7 === 0 ? null : '2021-06-01T00:00:00Z',
        })),
      },
      new Date().toISOString(),
    );
    db.exec('ANALYZE');
    const sizeMb = statSync(join(dir, 'cache.sqlite')).size / 1024 / 1024;
    console.log(`cache: ${rows} certificates synced in ${insertSeconds.toFixed(1)} s (${Math.round(rows / insertSeconds)} rows/s), ` +
      `slowest ${pageSize}-row page commit ${slowestPageMs.toFixed(0)} ms, database ${sizeMb.toFixed(0)} MB`);

    const cases: Record<string, Partial<CertificateQuery>> = {
      'no filter': {},
      'number prefix': { number: 'E2' },
      type: { type: 'RC' },
      'applicant substring': { applicant: '委托企业12' },
      'issue date range (1 month)': { issueDateFrom: '2023-03-01', issueDateTo: '2023-03-31' },
      destination: { destinationCountry: '日本' },
      'print status': { printStatus: 'pending' },
      'archive status': { archiveStatus: 'unarchived' },
      'layout status': { layoutStatus: 'sending' },
      'combined (type + print status + year)': { type: 'E', printStatus: 'pending', issueDateFrom: '2022-01-01', issueDateTo: '2022-12-31' },
    };
    console.log('query | total | first page p50 / p95 ms | deep page (offset 90% of total) p50 ms | deep/first');
    for (const [name, filter] of Object.entries(cases)) {
      const timings: number[] = [];
      let total = 0;
      for (let run = 0; run < 7; run++) {
        const started = performance.now();
        total = searchCertificates(db, { offset: 0, limit: 200, ...filter }).total;
        timings.push(performance.now() - started);
      }
      const deep: number[] = [];
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        searchCertificates(db, { offset: Math.floor(total * 0.9), limit: 200, ...filter });
        deep.push(performance.now() - started);
      }
      timings.sort((a, b) => a - b);
      deep.sort((a, b) => a - b);
      const first = percentile(timings, 0.5);
      const deepMs = percentile(deep, 0.5);
      console.log(`${name} | ${total} | ${first.toFixed(1)} / ${percentile(timings, 0.95).toFixed(1)} | ${deepMs.toFixed(1)} | ${(deepMs / first).toFixed(1)}x`);
    }
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
