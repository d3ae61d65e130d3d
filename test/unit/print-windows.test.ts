// The Windows backend cannot run here (no Windows spooler). Its parsing and its logic
// run on outputs in the shapes PowerShell 5.1 produces: our own scripts' JSON and a raw
// `Get-PrintJob | ConvertTo-Json`. They are written from Microsoft's documentation of
// MSFT_PrintJob / Win32_Printer, not captured on a Windows machine.

import { describe, expect, it } from 'vitest';
import type { PrintOptions } from 'pdf-to-printer';
import { PrintError } from '../../main/print/errors';
import type { CommandRunner, RunOptions } from '../../main/print/run';
import {
  encodePowerShell,
  findSubmittedJob,
  isValidWindowsPrinterName,
  JOB_STATUS,
  jobStateFromWindowsStatus,
  parseJobStatus,
  parseWindowsCapabilities,
  parseWindowsJobs,
  UNTRACKED_JOB_ID,
  WindowsBackend,
  type PdfToPrinterApi,
  type WindowsJob,
} from '../../main/print/windows';

const RAW_GET_PRINTJOB_ONE = `{
    "ComputerName":  null,
    "Datatype":  "RAW",
    "DocumentName":  "C:\\\\Users\\\\clerk\\\\AppData\\\\Local\\\\Temp\\\\co\\\\CO2026000123.pdf",
    "Id":  17,
    "JobStatus":  8208,
    "JobTime":  0,
    "PagesPrinted":  1,
    "Position":  1,
    "PrinterName":  "HP Color LaserJet MFP M479fdw",
    "Priority":  1,
    "Size":  183320,
    "SubmittedTime":  "\\/Date(1764330000000)\\/",
    "TotalPages":  2,
    "UserName":  "clerk",
    "PSComputerName":  null
}`;

const OUR_JOBS = '\uFEFF{"printerFound":true,"jobs":[{"Id":3,"DocumentName":"报关单.pdf","JobStatus":"Normal","TotalPages":1,"PagesPrinted":0},{"Id":4,"DocumentName":"CO2026000123.pdf","JobStatus":"Printing, Retained","TotalPages":2,"PagesPrinted":1}]}\r\n';

describe('Windows output parsers', () => {
  it('reads our job listing (BOM, Chinese names, enum text) and a raw Get-PrintJob object', () => {
    expect(parseWindowsJobs(OUR_JOBS)).toEqual([
      { id: 3, documentName: '报关单.pdf', status: 0, totalPages: 1, pagesPrinted: 0 },
      { id: 4, documentName: 'CO2026000123.pdf', status: JOB_STATUS.Printing | JOB_STATUS.Retained, totalPages: 2, pagesPrinted: 1 },
    ]);
    expect(parseWindowsJobs(RAW_GET_PRINTJOB_ONE)).toEqual([
      { id: 17, documentName: 'C:\\Users\\clerk\\AppData\\Local\\Temp\\co\\CO2026000123.pdf', status: 8208, totalPages: 2, pagesPrinted: 1 },
    ]);
    expect(parseWindowsJobs(`[${RAW_GET_PRINTJOB_ONE},${RAW_GET_PRINTJOB_ONE.replace('"Id":  17', '"Id":  18')}]`)?.map((j) => j.id)).toEqual([17, 18]);
    // An empty queue: ConvertTo-Json of nothing prints nothing.
    expect(parseWindowsJobs('')).toEqual([]);
    expect(parseWindowsJobs('{"printerFound":true,"jobs":[]}')).toEqual([]);
    expect(parseWindowsJobs('{"printerFound":false}')).toBeUndefined();
  });

  it('refuses output it does not understand', () => {
    for (const output of ['not json', '{"Id":"seventeen"}', '{"printerFound":"yes"}']) {
      expect(() => parseWindowsJobs(output)).toThrow(PrintError);
    }
  });

  it('maps JobStatus flags, given as numbers or as enum text, to spooler states', () => {
    expect(parseJobStatus('Printing, Retained')).toBe(0x2010);
    expect(parseJobStatus('8208')).toBe(8208);
    expect(parseJobStatus(null)).toBe(0);
    const cases: [number, string][] = [
      [JOB_STATUS.Normal, 'pending'],
      [JOB_STATUS.Spooling, 'processing'],
      [JOB_STATUS.Printing | JOB_STATUS.Retained, 'processing'],
      [JOB_STATUS.Paused, 'held'],
      [JOB_STATUS.Error | JOB_STATUS.Printing, 'stopped'],
      [JOB_STATUS.PaperOut | JOB_STATUS.Printing, 'stopped'],
      [JOB_STATUS.Offline, 'stopped'],
      [JOB_STATUS.Printed | JOB_STATUS.Retained, 'completed'],
      [JOB_STATUS.Complete, 'completed'],
      [JOB_STATUS.Deleting | JOB_STATUS.Printing, 'canceled'],
      [JOB_STATUS.Deleted, 'canceled'],
    ];
    expect(cases.map(([status]) => jobStateFromWindowsStatus(status))).toEqual(cases.map(([, state]) => state));
  });

  it('reads capabilities from Win32_Printer, with the configuration as extra evidence', () => {
    expect(
      parseWindowsCapabilities(
        '{"printerFound":true,"name":"HP Color LaserJet MFP M479fdw","capabilities":[4,2,3,5],"capabilityDescriptions":["Copies","Color","Duplex","Collate"],"paperNames":["Letter","Legal","A4","A5"],"duplexingMode":"OneSided","color":true}',
      ),
    ).toEqual({ a4: true, color: true, duplex: true });
    expect(
      parseWindowsCapabilities(
        '{"printerFound":true,"name":"Brother HL-L2350DW","capabilities":[4,5],"capabilityDescriptions":["Copies","Collate"],"paperNames":["A4 210 x 297 mm","Letter"],"duplexingMode":"TwoSidedLongEdge","color":false}',
      ),
    ).toEqual({ a4: true, color: false, duplex: true });
    expect(
      parseWindowsCapabilities('{"printerFound":true,"name":"Receipt","capabilities":[],"capabilityDescriptions":[],"paperNames":["80mm x 297mm","A4 Small"],"duplexingMode":null,"color":null}'),
    ).toEqual({ a4: false, color: false, duplex: false });
    expect(parseWindowsCapabilities('{"printerFound":false}')).toBeUndefined();
  });

  it('finds the job submit() created: new, and named like ours', () => {
    const j = (id: number, documentName: string): WindowsJob => ({ id, documentName, status: 0, totalPages: 2, pagesPrinted: 0 });
    const before = [j(3, 'other.docx')];
    expect(findSubmittedJob(before, [j(3, 'other.docx'), j(5, 'Excel report'), j(6, 'C:\\tmp\\CO123.pdf')], ['CO 123', 'CO123.pdf'])?.id).toBe(6);
    expect(findSubmittedJob(before, [j(3, 'other.docx'), j(7, 'Microsoft Word - x')], ['CO123.pdf'])?.id).toBe(7);
    expect(findSubmittedJob(before, [j(3, 'other.docx'), j(7, 'a'), j(8, 'b')], ['CO123.pdf'])).toBeUndefined();
    expect(findSubmittedJob(before, before, ['CO123.pdf'])).toBeUndefined();
  });

  it('accepts Windows printer names with spaces, brackets and UNC paths', () => {
    for (const name of ['HP Color LaserJet MFP M479fdw (网络)', '\\\\printsrv\\二楼彩色', 'Microsoft Print to PDF']) expect(isValidWindowsPrinterName(name)).toBe(true);
    for (const name of ['', ' leading', 'a\nb', 'a\u0000b', 'x'.repeat(257)]) expect(isValidWindowsPrinterName(name)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------

interface FakeWindows {
  runner: CommandRunner;
  api: PdfToPrinterApi;
  printed: { pdf: string; options: PrintOptions | undefined }[];
  scripts: { script: string; args: readonly string[]; options: RunOptions }[];
  queue: WindowsJob[];
  exists: Set<string>;
}

function fakeWindows(): FakeWindows {
  const fake: FakeWindows = {
    printed: [],
    scripts: [],
    queue: [],
    exists: new Set(['HP Color LaserJet MFP M479fdw']),
    runner: async (file, args, options) => {
      expect(file).toMatch(/\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe$/);
      const encoded = args[args.indexOf('-EncodedCommand') + 1] ?? '';
      const script = Buffer.from(encoded, 'base64').toString('utf16le');
      fake.scripts.push({ script, args, options });
      const printer = options.env?.CO_PRINT_PRINTER ?? '';
      if (!fake.exists.has(printer)) return { stdout: '{"printerFound":false}', stderr: '', exitCode: 0 };
      if (script.includes('Get-PrintJob')) {
        const jobs = fake.queue.map((j) => ({ Id: j.id, DocumentName: j.documentName, JobStatus: String(j.status), TotalPages: j.totalPages, PagesPrinted: j.pagesPrinted }));
        return { stdout: JSON.stringify({ printerFound: true, jobs }), stderr: '', exitCode: 0 };
      }
      return {
        stdout: JSON.stringify({ printerFound: true, name: printer, capabilities: [4, 2, 3], capabilityDescriptions: ['Copies', 'Color', 'Duplex'], paperNames: ['A4'], duplexingMode: 'OneSided', color: true }),
        stderr: '',
        exitCode: 0,
      };
    },
    api: {
      getPrinters: async () => [
        { deviceId: 'HP Color LaserJet MFP M479fdw', name: 'HP Color LaserJet MFP M479fdw', paperSizes: ['A4'] },
        { deviceId: 'Microsoft Print to PDF', name: 'Microsoft Print to PDF', paperSizes: ['A4'] },
      ],
      getDefaultPrinter: async () => ({ deviceId: 'Microsoft Print to PDF', name: 'Microsoft Print to PDF', paperSizes: ['A4'] }),
      print: async (pdf, options) => {
        fake.printed.push({ pdf, options });
        // SumatraPDF names the spooler document after the file.
        fake.queue.push({ id: 40 + fake.printed.length, documentName: pdf, status: JOB_STATUS.Spooling, totalPages: 0, pagesPrinted: 0 });
      },
    },
  };
  return fake;
}

const PRINTER = 'HP Color LaserJet MFP M479fdw';
const request = { printer: PRINTER, filePath: 'C:\\Users\\clerk\\AppData\\Local\\Temp\\co\\CO2026000123.pdf', title: 'CO 2026000123 正本', duplex: true, color: true, copies: 1 };

describe('Windows backend (fake spooler)', () => {
  it('lists printers with the default marked', async () => {
    const fake = fakeWindows();
    const backend = new WindowsBackend({ runner: fake.runner, pdfToPrinter: fake.api });
    expect(await backend.listPrinters()).toEqual([
      { name: PRINTER, isDefault: false },
      { name: 'Microsoft Print to PDF', isDefault: true },
    ]);
  });

  it('prints through pdf-to-printer with duplex, A4, colour, no scaling, and finds the new job', async () => {
    const fake = fakeWindows();
    fake.queue.push({ id: 7, documentName: 'someone else.docx', status: JOB_STATUS.Printing, totalPages: 3, pagesPrinted: 1 });
    const backend = new WindowsBackend({ runner: fake.runner, pdfToPrinter: fake.api, sleep: async () => undefined });
    const jobId = await backend.submit(request);
    expect(jobId).toBe('41');
    expect(fake.printed).toEqual([
      {
        pdf: request.filePath,
        options: { printer: PRINTER, side: 'duplexlong', paperSize: 'A4', monochrome: false, copies: 1, scale: 'noscale', silent: true, printDialog: false },
      },
    ]);
    expect(await backend.jobState(PRINTER, jobId)).toBe('processing');
  });

  it('follows a job that Windows removes after printing', async () => {
    const fake = fakeWindows();
    const backend = new WindowsBackend({ runner: fake.runner, pdfToPrinter: fake.api, sleep: async () => undefined });
    const jobId = await backend.submit({ ...request, duplex: false, color: false, copies: 2 });
    expect(fake.printed[0]?.options).toMatchObject({ side: 'simplex', monochrome: true, copies: 2 });
    const job = fake.queue.find((j) => String(j.id) === jobId)!;
    job.status = JOB_STATUS.Printing;
    job.totalPages = 2;
    job.pagesPrinted = 2;
    expect(await backend.jobState(PRINTER, jobId)).toBe('processing');
    fake.queue.length = 0;
    // Gone after every page printed: printed.
    expect(await backend.jobState(PRINTER, jobId)).toBe('completed');
  });

  it("says 'unknown' for a job that vanished mid-way, and 'canceled' for one seen being deleted", async () => {
    const fake = fakeWindows();
    const backend = new WindowsBackend({ runner: fake.runner, pdfToPrinter: fake.api, sleep: async () => undefined });
    const first = await backend.submit(request);
    fake.queue.length = 0;
    expect(await backend.jobState(PRINTER, first)).toBe('unknown');

    const second = await backend.submit(request);
    fake.queue[0]!.status = JOB_STATUS.Deleting;
    expect(await backend.jobState(PRINTER, second)).toBe('canceled');
    fake.queue.length = 0;
    expect(await backend.jobState(PRINTER, second)).toBe('canceled');
    // A job id we never saw.
    expect(await backend.jobState(PRINTER, '999')).toBe('unknown');
  });

  it('returns UNTRACKED_JOB_ID when the job left the queue before we looked', async () => {
    const fake = fakeWindows();
    const api: PdfToPrinterApi = { ...fake.api, print: async () => undefined };
    let slept = 0;
    const backend = new WindowsBackend({ runner: fake.runner, pdfToPrinter: api, jobAppearTimeoutMs: 0, sleep: async () => void (slept += 1) });
    expect(await backend.submit(request)).toBe(UNTRACKED_JOB_ID);
    expect(await backend.jobState(PRINTER, UNTRACKED_JOB_ID)).toBe('unknown');
    expect(slept).toBe(0);
  });

  it('reads capabilities and reports unknown printers', async () => {
    const fake = fakeWindows();
    const backend = new WindowsBackend({ runner: fake.runner, pdfToPrinter: fake.api });
    expect(await backend.capabilities(PRINTER)).toEqual({ a4: true, color: true, duplex: true });
    for (const call of [backend.capabilities('Nope'), backend.submit({ ...request, printer: 'Nope' }), backend.jobState('Nope', '1')]) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrintError);
      expect((error as PrintError).code).toBe('PRINTER_NOT_FOUND');
    }
    expect(fake.printed).toEqual([]);
  });

  it('runs PowerShell without a profile, non-interactive, and never puts the printer name in the script', async () => {
    const fake = fakeWindows();
    const hostile = `x'; Remove-Item C:\\ -Recurse; '`;
    fake.exists.add(hostile);
    const backend = new WindowsBackend({ runner: fake.runner, pdfToPrinter: fake.api });
    await backend.capabilities(hostile);
    await backend.jobState(hostile, '1');
    expect(fake.scripts).toHaveLength(2);
    for (const { script, args, options } of fake.scripts) {
      expect(args.slice(0, 3)).toEqual(['-NoProfile', '-NonInteractive', '-EncodedCommand']);
      expect(args[3]).toBe(encodePowerShell(script));
      expect(script).not.toContain('Remove-Item');
      expect(script).toContain('$env:CO_PRINT_PRINTER');
      expect(script).toContain('UTF8Encoding');
      expect(options.env).toEqual({ CO_PRINT_PRINTER: hostile });
      expect(options.timeoutMs).toBeGreaterThan(0);
    }
  });

  it('rejects invalid names and requests before running anything', async () => {
    const fake = fakeWindows();
    const backend = new WindowsBackend({ runner: fake.runner, pdfToPrinter: fake.api });
    for (const call of [backend.capabilities('a\nb'), backend.submit({ ...request, printer: '' }), backend.submit({ ...request, copies: 100 })]) {
      expect(await call.catch((e: unknown) => e)).toBeInstanceOf(PrintError);
    }
    expect(fake.scripts).toEqual([]);
    expect(fake.printed).toEqual([]);
  });

  it('turns a PowerShell failure and a pdf-to-printer failure into PRINT_FAILED', async () => {
    const fake = fakeWindows();
    const failing: CommandRunner = async () => ({ stdout: '', stderr: 'Get-PrintJob : 拒绝访问。\r\n', exitCode: 1 });
    const a = new WindowsBackend({ runner: failing, pdfToPrinter: fake.api });
    const error = await a.jobState(PRINTER, '1').catch((e: unknown) => e);
    expect((error as PrintError).code).toBe('PRINT_FAILED');
    expect((error as PrintError).message).toContain('拒绝访问');

    const b = new WindowsBackend({ runner: fake.runner, pdfToPrinter: { ...fake.api, print: async () => Promise.reject(new Error('SumatraPDF exited with code 1')) } });
    const printError = await b.submit(request).catch((e: unknown) => e);
    expect((printError as PrintError).code).toBe('PRINT_FAILED');
  });
});
