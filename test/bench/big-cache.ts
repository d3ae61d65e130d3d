// The 1,000,000-certificate cache (BENCH_ROWS) that the benchmarks of the app at the design
// size open, built once per suite run: run.ts makes a folder, names it to every benchmark in
// BENCH_BIG_CACHE and removes it at the end, so main-rss and list-ui (and any later one)
// share one build instead of each writing a million rows. Without the variable (a benchmark
// run on its own) the cache is built into a folder of its own and removed on release().
//
// Built with the real write path, sync pages of 500 through applyChangesPage, for the demo
// enterprise and its principals (the sandbox's applicants, so the list's authorization join
// finds them). The sync cursor is left past everything the sandbox serves, so the app's
// sync after sign-in brings nothing new; every printable certificate's layouts are on disk
// and recorded, as years of prefetching leave them, so that sync does not try to download
// layouts the sandbox has never heard of.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../main/db/connection';
import { recordLayout } from '../../main/db/queries/layouts';
import { applyChangesPage } from '../../main/db/queries/sync';
import type { CertificateDto } from '../../main/net/contract';
import { buildApplicants, DEMO_ENTERPRISE } from '../sandbox/generate';
import { PDFDocument } from 'pdf-lib';
import { A4, describeLayout } from '../sandbox/layout-pdf';
import { startSandbox } from '../sandbox/server';
import { AppPage } from '../support/app-page';
import { startBrowserMode, type BrowserModeApp } from '../support/browser-mode';
import { launchChromium } from '../support/chromium';
import { benchCertificate } from './cache-write';

export const BIG_CACHE_VARIABLE = 'BENCH_BIG_CACHE';
/** The sandbox seed whose applicants the cache's certificates carry; a sandbox opened on the cache uses it too. */
export const BIG_CACHE_SEED = 7;
const PAGE = 500;
const READY = 'ready.json';

export interface BigCache {
  /** Holds cache.sqlite and layouts/, as a profile folder does. */
  dir: string;
  rows: number;
  /** How long this process spent building it (0 when an earlier benchmark of the run built it). */
  buildSeconds: number;
  release(): void;
}

/** The shared cache of `rows` certificates (in `shared`, else a folder of its own), built now if no earlier benchmark of the run built it. */
export async function bigCache(rows: number, shared = process.env[BIG_CACHE_VARIABLE]): Promise<BigCache> {
  const root = shared ?? mkdtempSync(join(tmpdir(), 'co-bench-big-cache-'));
  const dir = join(root, String(rows));
  const release = () => {
    if (!shared) rmSync(root, { recursive: true, force: true });
  };
  if (existsSync(join(dir, READY))) return { dir, rows, buildSeconds: 0, release };
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  await build(dir, rows);
  const buildSeconds = (performance.now() - started) / 1000;
  // Written last: a build that was interrupted is never taken for a whole one.
  writeFileSync(join(dir, READY), JSON.stringify({ rows, buildSeconds }));
  console.log(`[bench] built the ${rows.toLocaleString('en-US')}-certificate cache in ${buildSeconds.toFixed(0)} s`);
  return { dir, rows, buildSeconds, release };
}

async function build(dir: string, rows: number): Promise<void> {
  const layoutsDir = join(dir, 'layouts');
  mkdirSync(layoutsDir, { recursive: true });
  const applicants = buildApplicants(BIG_CACHE_SEED).filter((applicant) => applicant.ownerCode === DEMO_ENTERPRISE.code);
  // One layout pair for all: content-addressed files, so every record points at the same two.
  const original = describeLayout(await layoutPdf('ORIGINAL'));
  const copy = describeLayout(await layoutPdf('COPY'));
  for (const layout of [original, copy]) writeFileSync(join(layoutsDir, `${layout.sha256}.pdf`), layout.bytes);
  const layouts: CertificateDto['layouts'] = { original: { sha256: original.sha256, size: original.size }, copy: { sha256: copy.sha256, size: copy.size } };

  const db = openDatabase(join(dir, 'cache.sqlite'));
  try {
    const record = db.transaction((page: readonly CertificateDto[]) => {
      for (const certificate of page) {
        if (certificate.layoutStatus !== 'received' || certificate.printStatus !== 'pending' || certificate.archiveStatus !== 'unarchived') continue;
        for (const [kind, layout] of [['original', original], ['copy', copy]] as const) {
          recordLayout(db, { certificateId: certificate.certificateId, kind, sha256: layout.sha256, size: layout.size, fileName: `${layout.sha256}.pdf` });
        }
      }
    });
    for (let start = 0; start < rows; start += PAGE) {
      const page = Array.from({ length: Math.min(PAGE, rows - start) }, (_, offset) => {
        const certificate = benchCertificate(start + offset, rows);
        const applicant = applicants[(start + offset) % applicants.length]!;
        return {
          ...certificate,
          applicant: applicant.nameCn,
          applicantCode: applicant.code,
          layouts: certificate.layoutStatus === 'received' ? layouts : null,
        };
      });
      // The sandbox's feed never reaches this cursor: the app's sync finds nothing new.
      applyChangesPage(db, page, 1_000_000_000 + start + page.length);
      record(page);
    }
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
}

async function layoutPdf(title: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([...A4]).drawText(title, { x: 72, y: 760 });
  doc.addPage([...A4]);
  return Buffer.from(await doc.save());
}

/**
 * Makes `dataDir` an app data folder whose profile for the demo enterprise on `serverUrl`
 * is the big cache (a link, so nothing is copied). The folder name is app-core's
 * profileDir(): a short hash of the server's origin, then the enterprise code; a benchmark
 * that opens the app checks that the list it shows has the cache's total, so a change of
 * that naming fails the benchmark instead of measuring an empty cache.
 */
export function linkProfile(dataDir: string, serverUrl: string, cache: BigCache): void {
  const serverKey = createHash('sha256').update(new URL(serverUrl).origin).digest('hex').slice(0, 12);
  mkdirSync(join(dataDir, 'profiles'), { recursive: true });
  symlinkSync(cache.dir, join(dataDir, 'profiles', `${serverKey}-${DEMO_ENTERPRISE.code}`), 'dir');
}

export interface AppOnCache {
  app: BrowserModeApp;
  page: AppPage;
  stop(): Promise<void>;
}

/**
 * The built app in browser mode (its own process, as a developer starts it) on a data folder
 * whose demo profile is the big cache, a sandbox over HTTPS to sign in to, and Chromium on
 * the app's page (not yet signed in).
 */
export async function openAppOnCache(cache: BigCache): Promise<AppOnCache> {
  const root = mkdtempSync(join(tmpdir(), 'co-bench-app-'));
  const sandbox = await startSandbox({ dataDir: join(root, 'sandbox'), seed: BIG_CACHE_SEED, certificateCount: 200, tickIntervalMs: 0 });
  const dataDir = join(root, 'app');
  linkProfile(dataDir, sandbox.url, cache);
  const app = await startBrowserMode({ serverUrl: sandbox.url, caCertPath: sandbox.caCertPath, dataDir, cardServiceUrl: sandbox.cardService.url });
  const browser = await launchChromium();
  const page = new AppPage(await browser.context.newPage());
  await page.open(app.url);
  return {
    app,
    page,
    async stop() {
      await browser.close();
      await app.stop();
      await sandbox.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
