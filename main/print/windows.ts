import { win32 } from 'node:path';
import type { PrintOptions, Printer } from 'pdf-to-printer';
import { z } from 'zod';
import type { PrintBackend, PrinterCapabilities, PrinterInfo, PrintJobRequest, SpoolerJobState } from './backend';
import { validateJobRequest } from './backend';
import { invalidPrinterName, printerNotFound, printFailed } from './errors';
import { CommandError, execFileRunner, type CommandRunner } from './run';

// Windows: printing through the `pdf-to-printer` package (it drives a bundled
// SumatraPDF silently), printers and job states through PowerShell.
//
// Assumptions, none of which can be tried on the Linux build machines:
// - PowerShell 5.1 with the PrintManagement module (Windows 8 / Server 2012 and later).
// - pdf-to-printer's print() resolves once SumatraPDF has handed the job to the
//   spooler and does not return the job id. We list the printer's jobs before and
//   after and take the new one whose DocumentName contains our title or the file's
//   name (SumatraPDF names the document after the file it prints), or the only new
//   job. A job that already left the queue when we look (a fast local printer) cannot
//   be found: submit() then returns UNTRACKED_JOB_ID and jobState says 'unknown', so the
//   app asks the user whether it printed rather than guessing.
// - Windows removes a job from the queue once it is printed (unless the printer keeps
//   printed documents), so a job that disappears is 'completed' only if we last saw it
//   printed; otherwise 'unknown'. There is no 'aborted': a failed job stays in the queue
//   with an error flag, which we report as 'stopped'.
// - Capabilities come from Win32_Printer (the driver's DeviceCapabilities: colour and
//   duplex flags, paper names) rather than Get-PrinterConfiguration, which holds the
//   current defaults, not what the printer can do; a two-sided or colour default there
//   still counts as evidence. A driver that declares duplex for an optional unit that is
//   not installed will look duplex-capable.
// - PowerShell writes in the console code page (GBK on Chinese Windows), so each script
//   switches its output to UTF-8 first. The printer name reaches the script through an
//   environment variable, never inside the script text, so no name can inject code;
//   the script itself goes as -EncodedCommand, so no quoting is involved.

// Windows paths, whatever OS the tests run on: win32.basename also splits at '\\'.
const { basename, join } = win32;

export type PdfToPrinterApi = {
  getPrinters(): Promise<Printer[]>;
  getDefaultPrinter(): Promise<Printer | null>;
  print(pdf: string, options?: PrintOptions): Promise<void>;
};

export interface WindowsBackendOptions {
  runner?: CommandRunner;
  /** The package, or how to load it (loaded on first use so other platforms never touch it). */
  pdfToPrinter?: PdfToPrinterApi | (() => Promise<PdfToPrinterApi>);
  timeoutMs?: number;
  /** How long submit() looks for the new job in the queue. */
  jobAppearTimeoutMs?: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  powershell?: string;
}

export const UNTRACKED_JOB_ID = 'untracked';

/** Windows printer names may contain spaces, brackets and '\' (\\server\share); not control characters. */
export function isValidWindowsPrinterName(name: string): boolean {
  return name.length >= 1 && name.length <= 256 && !/[\p{Cc}]/u.test(name) && name.trim() === name;
}

const UTF8_OUTPUT = '[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false';

const JOBS_SCRIPT = `$ErrorActionPreference = 'Stop'
${UTF8_OUTPUT}
$printer = Get-Printer | Where-Object { $_.Name -eq $env:CO_PRINT_PRINTER } | Select-Object -First 1
if ($null -eq $printer) { '{"printerFound":false}'; exit 0 }
$jobs = @(Get-PrintJob -PrinterObject $printer | ForEach-Object {
  [pscustomobject]@{
    Id = [int]$_.Id
    DocumentName = [string]$_.DocumentName
    JobStatus = [string]$_.JobStatus
    TotalPages = [int]$_.TotalPages
    PagesPrinted = [int]$_.PagesPrinted
  }
})
ConvertTo-Json -Compress -Depth 3 -InputObject ([pscustomobject]@{ printerFound = $true; jobs = $jobs })
`;

const CAPABILITIES_SCRIPT = `$ErrorActionPreference = 'Stop'
${UTF8_OUTPUT}
$p = Get-CimInstance -ClassName Win32_Printer | Where-Object { $_.Name -eq $env:CO_PRINT_PRINTER } | Select-Object -First 1
if ($null -eq $p) { '{"printerFound":false}'; exit 0 }
$config = $null
try {
  $printer = Get-Printer | Where-Object { $_.Name -eq $env:CO_PRINT_PRINTER } | Select-Object -First 1
  if ($printer) { $config = Get-PrinterConfiguration -PrinterObject $printer }
} catch { $config = $null }
ConvertTo-Json -Compress -Depth 3 -InputObject ([pscustomobject]@{
  printerFound = $true
  name = [string]$p.Name
  capabilities = @($p.Capabilities | ForEach-Object { [int]$_ })
  capabilityDescriptions = @($p.CapabilityDescriptions | ForEach-Object { [string]$_ })
  paperNames = @($p.PrinterPaperNames | ForEach-Object { [string]$_ })
  duplexingMode = $(if ($config) { [string]$config.DuplexingMode } else { $null })
  color = $(if ($config) { [bool]$config.Color } else { $null })
})
`;

/** -EncodedCommand takes base64 of the UTF-16LE script. */
export function encodePowerShell(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

// ---------------------------------------------------------------------------------
// Parsers (pure, exported for tests with recorded outputs)

const WindowsJobSchema = z.object({
  Id: z.number().int(),
  DocumentName: z.string().nullish(),
  // Our script sends the enum as text ("Printing, Retained"); a raw
  // `Get-PrintJob | ConvertTo-Json` sends its number. Both are accepted.
  JobStatus: z.union([z.number(), z.string()]).nullish(),
  TotalPages: z.number().nullish(),
  PagesPrinted: z.number().nullish(),
});

export interface WindowsJob {
  id: number;
  documentName: string;
  status: number;
  totalPages: number;
  pagesPrinted: number;
}

const JobsOutputSchema = z.union([
  z.object({ printerFound: z.literal(false) }),
  z.object({ printerFound: z.literal(true), jobs: z.array(WindowsJobSchema).nullish() }),
  z.array(WindowsJobSchema),
  WindowsJobSchema,
]);

function parseJson(stdout: string): unknown {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text.length === 0) return [];
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw printFailed('无法识别 Windows 打印服务的输出', error);
  }
}

/** Jobs from our script's output or from a raw `Get-PrintJob | ConvertTo-Json`; undefined: no such printer. */
export function parseWindowsJobs(stdout: string): WindowsJob[] | undefined {
  const parsed = JobsOutputSchema.safeParse(parseJson(stdout));
  if (!parsed.success) throw printFailed('无法识别 Windows 打印服务的输出', parsed.error);
  const value = parsed.data;
  let raw: z.infer<typeof WindowsJobSchema>[];
  if (Array.isArray(value)) raw = value;
  else if ('printerFound' in value) {
    if (!value.printerFound) return undefined;
    raw = value.jobs ?? [];
  } else raw = [value];
  return raw.map((j) => ({
    id: j.Id,
    documentName: j.DocumentName ?? '',
    status: parseJobStatus(j.JobStatus),
    totalPages: j.TotalPages ?? 0,
    pagesPrinted: j.PagesPrinted ?? 0,
  }));
}

/** Win32 JOB_STATUS_* flags, which MSFT_PrintJob.JobStatus also uses. */
export const JOB_STATUS = {
  Normal: 0,
  Paused: 0x1,
  Error: 0x2,
  Deleting: 0x4,
  Spooling: 0x8,
  Printing: 0x10,
  Offline: 0x20,
  PaperOut: 0x40,
  Printed: 0x80,
  Deleted: 0x100,
  Blocked: 0x200,
  UserIntervention: 0x400,
  Restarted: 0x800,
  Complete: 0x1000,
  Retained: 0x2000,
  RenderingLocally: 0x4000,
} as const;

const STATUS_BY_NAME = new Map<string, number>(Object.entries(JOB_STATUS).map(([k, v]) => [k.toLowerCase(), v]));

export function parseJobStatus(value: number | string | null | undefined): number {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return 0;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  let flags = 0;
  for (const part of text.split(',')) {
    flags |= STATUS_BY_NAME.get(part.trim().toLowerCase()) ?? 0;
  }
  return flags;
}

export function jobStateFromWindowsStatus(status: number): SpoolerJobState {
  const has = (flag: number): boolean => (status & flag) !== 0;
  if (has(JOB_STATUS.Deleting) || has(JOB_STATUS.Deleted)) return 'canceled';
  if (has(JOB_STATUS.Printed) || has(JOB_STATUS.Complete)) return 'completed';
  if (has(JOB_STATUS.Error) || has(JOB_STATUS.Offline) || has(JOB_STATUS.PaperOut) || has(JOB_STATUS.UserIntervention) || has(JOB_STATUS.Blocked)) {
    return 'stopped';
  }
  if (has(JOB_STATUS.Paused)) return 'held';
  if (has(JOB_STATUS.Printing) || has(JOB_STATUS.Spooling) || has(JOB_STATUS.RenderingLocally)) return 'processing';
  return 'pending';
}

const CapabilitiesOutputSchema = z.union([
  z.object({ printerFound: z.literal(false) }),
  z.object({
    printerFound: z.literal(true),
    name: z.string(),
    capabilities: z.array(z.number()).nullish(),
    capabilityDescriptions: z.array(z.string()).nullish(),
    paperNames: z.array(z.string()).nullish(),
    duplexingMode: z.string().nullish(),
    color: z.boolean().nullish(),
  }),
]);

/** CIM_Printer.Capabilities values. */
const CIM_COLOR_PRINTING = 2;
const CIM_DUPLEX_PRINTING = 3;

/** Our capabilities script's output; undefined: no such printer. */
export function parseWindowsCapabilities(stdout: string): PrinterCapabilities | undefined {
  const parsed = CapabilitiesOutputSchema.safeParse(parseJson(stdout));
  if (!parsed.success) throw printFailed('无法识别 Windows 打印机信息', parsed.error);
  const value = parsed.data;
  if (!value.printerFound) return undefined;
  const caps = value.capabilities ?? [];
  const descriptions = (value.capabilityDescriptions ?? []).map((d) => d.toLowerCase());
  return {
    // Driver paper names: "A4", "A4 210 x 297 mm", "A4 (210x297mm)". "A4 Small" is a
    // different form (smaller printable area) that pdf-to-printer's paperSize 'A4' won't select.
    a4: (value.paperNames ?? []).some((name) => /^a4(?!\s*small)(\s|\(|$)/i.test(name.trim())),
    color: caps.includes(CIM_COLOR_PRINTING) || descriptions.includes('color') || value.color === true,
    duplex: caps.includes(CIM_DUPLEX_PRINTING) || descriptions.includes('duplex') || /^TwoSided/i.test(value.duplexingMode ?? ''),
  };
}

/** The job submit() just created: new since `before`, named like ours, else the only new one. */
export function findSubmittedJob(before: readonly WindowsJob[], after: readonly WindowsJob[], names: readonly string[]): WindowsJob | undefined {
  const known = new Set(before.map((j) => j.id));
  const fresh = after.filter((j) => !known.has(j.id));
  const wanted = names.map((n) => n.toLowerCase()).filter((n) => n.length > 0);
  const named = fresh.filter((j) => wanted.some((n) => j.documentName.toLowerCase().includes(n)));
  if (named.length > 0) return named.reduce((a, b) => (b.id > a.id ? b : a));
  return fresh.length === 1 ? fresh[0] : undefined;
}

// ---------------------------------------------------------------------------------

function isPdfToPrinterApi(value: unknown): value is PdfToPrinterApi {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Record<string, unknown>;
  return typeof api.getPrinters === 'function' && typeof api.getDefaultPrinter === 'function' && typeof api.print === 'function';
}

const defaultLoader = async (): Promise<PdfToPrinterApi> => {
  // The package is a CommonJS bundle: bundled code sees its named exports, Node's own
  // ESM loader only its `default`.
  const mod: unknown = await import('pdf-to-printer');
  if (isPdfToPrinterApi(mod)) return mod;
  const fallback = typeof mod === 'object' && mod !== null ? (mod as { default?: unknown }).default : undefined;
  if (isPdfToPrinterApi(fallback)) return fallback;
  throw printFailed('打印组件 pdf-to-printer 无法加载');
};

export class WindowsBackend implements PrintBackend {
  private readonly run: CommandRunner;
  private readonly loadApi: () => Promise<PdfToPrinterApi>;
  private readonly timeoutMs: number;
  private readonly jobAppearTimeoutMs: number;
  private readonly pollMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly powershell: string;
  /** The last state seen per "printer\njobId", to tell how a job that left the queue ended. */
  private readonly lastSeen = new Map<string, { state: SpoolerJobState; job: WindowsJob }>();

  constructor(options: WindowsBackendOptions = {}) {
    this.run = options.runner ?? execFileRunner;
    const api = options.pdfToPrinter;
    this.loadApi = api === undefined ? defaultLoader : typeof api === 'function' ? api : async () => api;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.jobAppearTimeoutMs = options.jobAppearTimeoutMs ?? 5_000;
    this.pollMs = options.pollMs ?? 250;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    // By full path, so a powershell.exe earlier on PATH (or in the working folder) is never run.
    this.powershell = options.powershell ?? join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    const api = await this.loadApi();
    let printers: Printer[];
    let defaultPrinter: Printer | null;
    try {
      [printers, defaultPrinter] = await Promise.all([api.getPrinters(), api.getDefaultPrinter()]);
    } catch (error) {
      throw printFailed('无法读取打印机列表', error);
    }
    const defaultName = defaultPrinter?.name.toLowerCase();
    return printers.filter((p) => isValidWindowsPrinterName(p.name)).map((p) => ({ name: p.name, isDefault: p.name.toLowerCase() === defaultName }));
  }

  async capabilities(printer: string): Promise<PrinterCapabilities> {
    this.assertName(printer);
    const caps = parseWindowsCapabilities(await this.powerShell(CAPABILITIES_SCRIPT, printer));
    if (!caps) throw printerNotFound(printer);
    return caps;
  }

  async submit(job: PrintJobRequest): Promise<string> {
    this.assertName(job.printer);
    const { title } = validateJobRequest(job);
    const before = await this.jobs(job.printer);
    const api = await this.loadApi();
    try {
      await api.print(job.filePath, {
        printer: job.printer,
        side: job.duplex ? 'duplexlong' : 'simplex',
        paperSize: 'A4',
        monochrome: !job.color,
        copies: job.copies,
        // A certificate is laid out on a pre-printed form: never shrink or enlarge it.
        scale: 'noscale',
        silent: true,
        printDialog: false,
      });
    } catch (error) {
      throw printFailed(error instanceof Error ? error.message : '无法提交打印作业', error);
    }

    const names = [title, basename(job.filePath)];
    const deadline = Date.now() + this.jobAppearTimeoutMs;
    for (;;) {
      const found = findSubmittedJob(before, await this.jobs(job.printer), names);
      if (found) {
        this.remember(job.printer, found);
        return String(found.id);
      }
      if (Date.now() >= deadline) return UNTRACKED_JOB_ID;
      await this.sleep(this.pollMs);
    }
  }

  async jobState(printer: string, jobId: string): Promise<SpoolerJobState> {
    this.assertName(printer);
    if (!/^\d{1,10}$/.test(jobId)) return 'unknown';
    const job = (await this.jobs(printer)).find((j) => String(j.id) === jobId);
    if (job) return this.remember(printer, job);
    const last = this.lastSeen.get(`${printer}\n${jobId}`);
    if (!last) return 'unknown';
    if (last.state === 'completed' || last.state === 'canceled') return last.state;
    // Gone after printing every page: Windows removed it because it printed.
    if (last.job.totalPages > 0 && last.job.pagesPrinted >= last.job.totalPages) return 'completed';
    return 'unknown';
  }

  // -------------------------------------------------------------------------------

  private assertName(printer: string): void {
    if (!isValidWindowsPrinterName(printer)) throw invalidPrinterName(printer);
  }

  private remember(printer: string, job: WindowsJob): SpoolerJobState {
    const state = jobStateFromWindowsStatus(job.status);
    this.lastSeen.set(`${printer}\n${job.id}`, { state, job });
    return state;
  }

  private async jobs(printer: string): Promise<WindowsJob[]> {
    const jobs = parseWindowsJobs(await this.powerShell(JOBS_SCRIPT, printer));
    if (!jobs) throw printerNotFound(printer);
    return jobs;
  }

  private async powerShell(script: string, printer: string): Promise<string> {
    const args = ['-NoProfile', '-NonInteractive', '-EncodedCommand', encodePowerShell(script)];
    try {
      const result = await this.run(this.powershell, args, { timeoutMs: this.timeoutMs, env: { CO_PRINT_PRINTER: printer } });
      if (result.exitCode !== 0) {
        const line = result.stderr.split(/\r?\n/).find((l) => l.trim().length > 0)?.trim() ?? '';
        throw printFailed(`Windows 打印服务返回错误：${line.slice(0, 300)}`);
      }
      return result.stdout;
    } catch (error) {
      if (error instanceof CommandError) {
        throw printFailed(error.kind === 'timeout' ? 'Windows 打印服务响应超时' : '无法运行 PowerShell', error);
      }
      throw error;
    }
  }
}
