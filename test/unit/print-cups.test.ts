// The CUPS backend against a REAL CUPS with simulated IPP Everywhere printers
// (test/support/cups.ts): what the spooler says, and what reached the printer.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPrinterForOriginal, waitForJobEnd, type PrintJobRequest, type SpoolerJobState } from '../../main/print/backend';
import { CupsBackend } from '../../main/print/cups';
import { PrintError } from '../../main/print/errors';
import { CommandError, execFileRunner, type CommandRunner } from '../../main/print/run';
import { printerJobs, readSpooledJobs, runCupsCommand, startCups, waitForSpooledJob, type CupsSim } from '../support/cups';

const FAIL_MARKER = '[printer-fails]';

let duplexColor: CupsSim;
let simplexColor: CupsSim;
let duplexMono: CupsSim;
let workDir: string;
let certificatePdf: string;
let backend: CupsBackend;
const timings: Record<string, number> = {};

async function twoPageA4(path: string): Promise<void> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const label of ['CERTIFICATE OF ORIGIN - front', 'CERTIFICATE OF ORIGIN - back']) {
    const page = pdf.addPage([595.28, 841.89]);
    page.drawRectangle({ x: 40, y: 40, width: 515, height: 760, borderColor: rgb(0, 0.4, 0.2), borderWidth: 2 });
    page.drawText(label, { x: 60, y: 760, size: 18, font, color: rgb(0.7, 0, 0) });
  }
  await writeFile(path, await pdf.save());
}

function job(overrides: Partial<PrintJobRequest>): PrintJobRequest {
  return { printer: duplexColor.printerName, filePath: certificatePdf, title: 'CO test', duplex: true, color: true, copies: 1, ...overrides };
}

const follow = { pollMs: 100, timeoutMs: 30_000 };

async function expectPrintError(promise: Promise<unknown>, code: PrintError['code']): Promise<PrintError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PrintError);
  expect((error as PrintError).code).toBe(code);
  return error as PrintError;
}

beforeAll(async () => {
  let t = Date.now();
  duplexColor = await startCups({ name: 'CoTestDuplexColor', duplex: true, color: true, failJobsNamed: FAIL_MARKER });
  timings.firstStartMs = Date.now() - t;
  t = Date.now();
  simplexColor = await startCups({ name: 'CoTestSimplexColor', duplex: false, color: true });
  timings.nextStartMs = Date.now() - t;
  duplexMono = await startCups({ name: 'CoTestDuplexMono', duplex: true, color: false });
  workDir = await mkdtemp(join(tmpdir(), 'co-print-test-'));
  certificatePdf = join(workDir, 'certificate.pdf');
  await twoPageA4(certificatePdf);
  backend = new CupsBackend();
});

afterAll(async () => {
  await backend?.dispose();
  // Any order: the daemons are reference counted.
  await duplexColor?.stop();
  await simplexColor?.stop();
  await duplexMono?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
  console.info('[print-cups timings]', timings);
});

describe('CUPS backend with a real spooler', () => {
  it('lists the simulated printers and marks the default', async () => {
    expect((await runCupsCommand('lpadmin', ['-d', simplexColor.printerName])).code).toBe(0);
    const printers = await backend.listPrinters();
    const ours = printers.filter((p) => p.name.startsWith('CoTest'));
    expect(ours).toEqual(
      expect.arrayContaining([
        { name: duplexColor.printerName, isDefault: false },
        { name: simplexColor.printerName, isDefault: true },
        { name: duplexMono.printerName, isDefault: false },
      ]),
    );
    expect(printers.filter((p) => p.isDefault)).toHaveLength(1);
  });

  it('reads A4, colour and duplex of a duplex colour printer: fit for originals', async () => {
    const caps = await backend.capabilities(duplexColor.printerName);
    expect(caps).toEqual({ a4: true, color: true, duplex: true });
    expect(checkPrinterForOriginal(caps)).toEqual([]);
  });

  it('says why a simplex printer and a monochrome printer cannot print originals', async () => {
    const simplex = await backend.capabilities(simplexColor.printerName);
    expect(simplex).toEqual({ a4: true, color: true, duplex: false });
    expect(checkPrinterForOriginal(simplex)).toEqual(['打印机不支持自动双面打印']);

    const mono = await backend.capabilities(duplexMono.printerName);
    expect(mono).toEqual({ a4: true, color: false, duplex: true });
    expect(checkPrinterForOriginal(mono)).toEqual(['打印机不支持彩色打印']);
  });

  it('prints a two-page A4 certificate two-sided in colour: the printer gets 2 pages, two-sided-long-edge', async () => {
    const title = 'CO 2026-000123 正本';
    const t = Date.now();
    const jobId = await backend.submit(job({ title }));
    expect(jobId).toMatch(/^\d+$/);
    const seen: SpoolerJobState[] = [];
    const end = await waitForJobEnd(backend, duplexColor.printerName, jobId, { ...follow, onState: (s) => seen.push(s) });
    timings.jobToCompletedMs = Date.now() - t;
    expect(end).toBe('completed');
    expect(seen.at(-1)).toBe('completed');
    expect(await backend.jobState(duplexColor.printerName, jobId)).toBe('completed');

    const printed = await waitForSpooledJob(duplexColor.spoolDir, title);
    expect(printed.pages).toBe(2);
    expect(printed.pageSize).toMatch(/\(A4\)/);
    expect(printed.sides).toBe('two-sided-long-edge');
    expect(printed.printColorMode).toBe('color');
    expect(printed.copies).toBe(1);
    // A4 reached the printer as the media size (hundredths of millimetres).
    expect(printed.ipp.IPP_MEDIA_COL).toMatch(/x-dimension=21000 y-dimension=29700/);

    // The printer's own job list agrees.
    const atPrinter = (await printerJobs(duplexColor)).find((j) => j.name === title);
    expect(atPrinter).toMatchObject({ state: 'completed', sides: 'two-sided-long-edge', printColorMode: 'color' });
  });

  it('prints one-sided, monochrome, with copies when asked', async () => {
    const title = 'CO copy one-sided';
    const jobId = await backend.submit(job({ printer: simplexColor.printerName, title, duplex: false, color: false, copies: 2 }));
    expect(await waitForJobEnd(backend, simplexColor.printerName, jobId, follow)).toBe('completed');
    const printed = await waitForSpooledJob(simplexColor.spoolDir, title);
    expect(printed).toMatchObject({ pages: 2, sides: 'one-sided', printColorMode: 'monochrome', copies: 2 });
  });

  it('reports a job on a stopped queue as stopped, and canceled once canceled; nothing reaches the printer', async () => {
    const name = duplexColor.printerName;
    expect((await runCupsCommand('cupsdisable', [name])).code).toBe(0);
    try {
      const title = 'CO held by a stopped queue';
      const jobId = await backend.submit(job({ title }));
      expect(await backend.jobState(name, jobId)).toBe('stopped');
      expect(await waitForJobEnd(backend, name, jobId, { ...follow, stoppedAfterMs: 300 })).toBe('stopped');

      expect((await runCupsCommand('cancel', [`${name}-${jobId}`])).code).toBe(0);
      expect(await waitForJobEnd(backend, name, jobId, follow)).toBe('canceled');
      expect((await readSpooledJobs(duplexColor.spoolDir)).map((j) => j.jobName)).not.toContain(title);
    } finally {
      await runCupsCommand('cupsenable', [name]);
    }
  });

  it('reports a job the printer fails as canceled (CUPS: "canceled at printer")', async () => {
    const jobId = await backend.submit(job({ title: `CO ${FAIL_MARKER}` }));
    expect(await waitForJobEnd(backend, duplexColor.printerName, jobId, follow)).toBe('canceled');
  });

  it('reports a job whose printer does not answer as aborted (error policy abort-job)', async () => {
    const unreachable = await startCups({ name: 'CoTestUnreachable', duplex: true, color: true });
    try {
      // Point the queue at a port nobody listens on; contimeout=1 makes CUPS's ipp
      // backend give up after a second instead of retrying for days.
      const deadUri = unreachable.printerUri.replace(`:${unreachable.port}/`, ':9/');
      const changed = await runCupsCommand('lpadmin', ['-p', unreachable.printerName, '-v', `${deadUri}?contimeout=1`, '-o', 'printer-error-policy=abort-job']);
      expect(changed.code).toBe(0);
      const jobId = await backend.submit(job({ printer: unreachable.printerName, title: 'CO to a dead printer' }));
      expect(await waitForJobEnd(backend, unreachable.printerName, jobId, follow)).toBe('aborted');
    } finally {
      await unreachable.stop();
    }
  });

  it('reports a job whose document CUPS cannot process as stopped', async () => {
    const damaged = join(workDir, 'damaged.pdf');
    await writeFile(damaged, Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 0x41)]));
    const jobId = await backend.submit(job({ filePath: damaged, title: 'CO damaged file' }));
    expect(await waitForJobEnd(backend, duplexColor.printerName, jobId, { ...follow, stoppedAfterMs: 0 })).toBe('stopped');
    await runCupsCommand('cancel', [`${duplexColor.printerName}-${jobId}`]);
    expect(await waitForJobEnd(backend, duplexColor.printerName, jobId, follow)).toBe('canceled');
  });

  it('refuses with PRINT_FAILED when the queue does not accept jobs', async () => {
    const name = simplexColor.printerName;
    expect((await runCupsCommand('cupsreject', [name])).code).toBe(0);
    try {
      const error = await expectPrintError(backend.submit(job({ printer: name })), 'PRINT_FAILED');
      expect(error.message).toContain('暂停接收');
    } finally {
      await runCupsCommand('cupsaccept', [name]);
    }
  });

  it('answers PRINTER_NOT_FOUND for a printer CUPS does not know', async () => {
    await expectPrintError(backend.capabilities('CoTestNoSuchPrinter'), 'PRINTER_NOT_FOUND');
    await expectPrintError(backend.submit(job({ printer: 'CoTestNoSuchPrinter' })), 'PRINTER_NOT_FOUND');
  });

  it('rejects hostile printer names without running anything', async () => {
    const calls: string[] = [];
    const spy: CommandRunner = async (file, args, options) => {
      calls.push([file, ...args].join(' '));
      return execFileRunner(file, args, options);
    };
    const guarded = new CupsBackend({ runner: spy });
    const hostile = ['-d evil', '--help', 'x; rm -rf /', '$(reboot)', '`id`', 'a b', '../../etc/passwd', 'name\nnext', '', 'x'.repeat(128), 'p"q', 'ipp://host/x'];
    for (const name of hostile) {
      await expectPrintError(guarded.capabilities(name), 'PRINTER_NOT_FOUND');
      await expectPrintError(guarded.submit(job({ printer: name })), 'PRINTER_NOT_FOUND');
      await expectPrintError(guarded.jobState(name, '1'), 'PRINTER_NOT_FOUND');
    }
    expect(calls).toEqual([]);
    await guarded.dispose();
  });

  it('rejects bad requests and job ids before running anything', async () => {
    const calls: string[] = [];
    const guarded = new CupsBackend({
      runner: async (file, args, options) => {
        calls.push(file);
        return execFileRunner(file, args, options);
      },
    });
    await expectPrintError(guarded.submit(job({ copies: 0 })), 'PRINT_FAILED');
    await expectPrintError(guarded.submit(job({ copies: 1.5 })), 'PRINT_FAILED');
    await expectPrintError(guarded.submit(job({ filePath: '' })), 'PRINT_FAILED');
    await expectPrintError(guarded.jobState(duplexColor.printerName, '12; cancel -a'), 'PRINT_FAILED');
    expect(calls).toEqual([]);
    await guarded.dispose();
  });
});

describe('CUPS backend without ipptool (Debian without cups-ipp-utils)', () => {
  const noIpptool: CommandRunner = async (file, args, options) => {
    if (file === 'ipptool') throw new CommandError('not-installed', file, 'ipptool is not installed');
    return execFileRunner(file, args, options);
  };

  it('reads the same capabilities from the PPD options (lpoptions)', async () => {
    const fallback = new CupsBackend({ runner: noIpptool });
    expect(await fallback.capabilities(duplexColor.printerName)).toEqual({ a4: true, color: true, duplex: true });
    expect(await fallback.capabilities(simplexColor.printerName)).toEqual({ a4: true, color: true, duplex: false });
    expect(await fallback.capabilities(duplexMono.printerName)).toEqual({ a4: true, color: false, duplex: true });
    await expectPrintError(fallback.capabilities('CoTestNoSuchPrinter'), 'PRINTER_NOT_FOUND');
    await fallback.dispose();
  });

  it('follows a job with lpstat, which cannot tell how a finished job ended', async () => {
    const fallback = new CupsBackend({ runner: noIpptool });
    const name = duplexColor.printerName;
    expect((await runCupsCommand('cupsdisable', [name])).code).toBe(0);
    let jobId: string;
    try {
      jobId = await fallback.submit(job({ title: 'CO followed by lpstat' }));
      expect(await fallback.jobState(name, jobId)).toBe('stopped');
    } finally {
      await runCupsCommand('cupsenable', [name]);
    }
    await waitForSpooledJob(duplexColor.spoolDir, 'CO followed by lpstat');
    // Finished, but lpstat lists completed, canceled and aborted jobs alike: 'unknown', not a guess.
    expect(await waitForJobEnd(fallback, name, jobId, { ...follow, unknownAfterPolls: 2 })).toBe('unknown');
    await fallback.dispose();
  });
});
