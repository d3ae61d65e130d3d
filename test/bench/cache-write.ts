// Benchmark: what a sync page costs as the cache grows. Fills a cache with BENCH_ROWS
// certificates (1,000,000 by default) in sync pages of 500, compares the insert rate of
// its last pages with pages into an empty cache, times an incremental sync that brings
// nothing new and reports the database size.

import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../main/db/connection';
import { applyChangesPage, getSyncCursor } from '../../main/db/queries/sync';
import { CERTIFICATE_TYPES, type CertificateDto } from '../../main/net/contract';
import { makeCertificate } from '../fixtures/certificates';
import type { BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

const COUNTRIES = ['日本', '韩国', '越南', '泰国', '印度尼西亚', '澳大利亚', '新西兰', '新加坡', '智利', '秘鲁', '巴基斯坦', '瑞士'];
const APPLICANTS = Array.from({ length: 400 }, (_, index) => `委托企业${index}号进出口有限公司`);
const APPLICANT_CODES = APPLICANTS.map((_, index) => `91330200MA${String(index).padStart(7, '0')}X`);
const PAGE = 500;
/** Rows timed at each end: enough pages for a stable median. */
const SAMPLE = 20_000;

/** Days of history the rows are spread over, oldest first (as a first sync sends them). */
const HISTORY_DAYS = 5 * 365;

/**
 * Like the sandbox's records in the order a sync sends them: a random-keyed certificate
 * id (co_ + 8 hex digits), issue dates that grow with the change sequence (a day of
 * jitter), a few hundred applicants. `rows` is the size of the whole history.
 */
export function benchCertificate(index: number, rows: number): CertificateDto {
  const type = CERTIFICATE_TYPES[index % CERTIFICATE_TYPES.length]!;
  const hash = createHash('sha1').update(String(index)).digest();
  // BENCH_ORDER=cycling: issue dates cycle through the years row by row, as in cache-search.ts
  // (the worst case: every index that ends in issue date is then written at random places).
  const dayIndex =
    process.env.BENCH_ORDER === 'cycling'
      ? (index % 5) * 365 + (index % 365)
      : Math.min(HISTORY_DAYS, Math.floor((index / rows) * HISTORY_DAYS) + (hash[4]! % 2));
  const issued = new Date(Date.UTC(2020, 0, 1) + dayIndex * 86_400_000);
  const day = issued.toISOString().slice(0, 10);
  const hex = hash.toString('hex').slice(0, 8);
  return makeCertificate({
    certificateId: `co_${hex}${index.toString(36).padStart(5, '0')}`,
    seq: index + 1,
    number: `${type}${day.slice(2, 4)}${hash.toString('hex').slice(8, 12).toUpperCase()}${index.toString(36).toUpperCase().padStart(5, '0')}${String(index % 10000).padStart(4, '0')}`,
    type,
    applicant: APPLICANTS[index % APPLICANTS.length]!,
    applicantCode: APPLICANT_CODES[index % APPLICANTS.length]!,
    destinationCountry: COUNTRIES[index % COUNTRIES.length]!,
    issueDate: day,
    approvedAt: `${day}T02:00:00.000Z`,
    archiveStatus: index % 3 === 0 ? 'archived' : 'unarchived',
    printStatus: index % 2 === 0 ? 'printed' : 'pending',
    layoutStatus: index % 50 === 0 ? 'sending' : 'received',
  });
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Rows per second of each page in [from, to). */
function insertRange(db: Db, rows: number, from: number, to: number, pageRates?: number[]): void {
  for (let start = from; start < to; start += PAGE) {
    const page = Array.from({ length: Math.min(PAGE, to - start) }, (_, offset) => benchCertificate(start + offset, rows));
    const started = performance.now();
    applyChangesPage(db, page, start + page.length, { countNewlyPrintable: true });
    pageRates?.push(page.length / ((performance.now() - started) / 1000));
  }
}

export interface CacheWriteFigures {
  rows: number;
  emptyRate: number;
  fullRate: number;
  ratio: number;
  noChangeMs: number;
  sizeMb: number;
}

/** Seconds one sync page takes (with the new-printable count, as the sync service asks). */
function timePage(db: Db, rows: number, start: number): number {
  const page = Array.from({ length: PAGE }, (_, offset) => benchCertificate(start + offset, rows));
  const started = performance.now();
  applyChangesPage(db, page, start + page.length, { countNewlyPrintable: true });
  return (performance.now() - started) / 1000;
}

export async function benchCacheWrite(harness: BenchHarness, sizes: BenchSizes): Promise<CacheWriteFigures> {
  const rows = sizes.rows;
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-write-'));
  const path = join(dir, 'cache.sqlite');
  const db = openDatabase(path);
  const empty = openDatabase(join(dir, 'empty.sqlite'));
  try {
    const sample = Math.max(PAGE, Math.min(SAMPLE, Math.floor(rows / 10 / PAGE) * PAGE));
    const filled = rows - sample;
    const logEvery = Math.max(PAGE, Math.floor(rows / 10 / PAGE) * PAGE);
    const fillStarted = performance.now();
    for (let start = 0; start < filled; start += logEvery) {
      const block: number[] = [];
      insertRange(db, rows, start, Math.min(start + logEvery, filled), block);
      console.log(`  ${start} cached: ${Math.round(median(block))} rows/s`);
    }
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    // The machine is shared: a page into an empty cache and a page into the full one take
    // turns, so both rates see the same load and their ratio means something.
    const emptyRates: number[] = [];
    const fullRates: number[] = [];
    for (let offset = 0; offset < sample; offset += PAGE) {
      emptyRates.push(PAGE / timePage(empty, rows, offset));
      fullRates.push(PAGE / timePage(db, rows, filled + offset));
    }
    const emptyRate = median(emptyRates);
    const fullRate = median(fullRates);
    // Incremental sync with nothing new: an empty page at the same cursor, as the sync service applies it.
    const noChange: number[] = [];
    for (let run = 0; run < 7; run++) {
      const started = performance.now();
      applyChangesPage(db, [], getSyncCursor(db), { countNewlyPrintable: true });
      noChange.push(performance.now() - started);
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeMb = statSync(path).size / 1024 / 1024;
    const figures = { rows, emptyRate, fullRate, ratio: fullRate / emptyRate, noChangeMs: median(noChange), sizeMb };
    console.log(`cache write: ${rows} certificates, filled in ${fillSeconds.toFixed(0)} s`);
    harness.record({ name: 'sync page insert rate, empty cache', value: emptyRate, unit: 'rows/s' });
    harness.record({ name: `sync page insert rate, ${filled} cached`, value: fullRate, unit: 'rows/s' });
    harness.record({ name: 'insert rate full / empty (pages in turns)', value: figures.ratio, unit: '×', min: 0.5 });
    harness.record({ name: 'incremental sync, nothing new', value: figures.noChangeMs, unit: 'ms', max: 200 });
    harness.record({ name: 'cache size per certificate', value: (sizeMb * 1024 * 1024) / rows, unit: 'B', max: 1200 });
    return figures;
  } finally {
    db.close();
    empty.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
