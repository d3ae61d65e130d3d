import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrintBackend, PrinterCapabilities, PrinterInfo, PrintJobRequest, SpoolerJobState } from './backend';
import { validateJobRequest } from './backend';
import { invalidPrinterName, printerNotFound, printFailed, PrintError } from './errors';
import { CommandError, execFileRunner, type CommandResult, type CommandRunner } from './run';

// CUPS (Linux, macOS) through its command-line tools.
//
// Which tool for what, and why:
// - printers: `lpstat -e` (every destination CUPS can print to, including printers it
//   found on the network and would set up on first use) and `lpstat -d` (the default).
// - capabilities: `ipptool Get-Printer-Attributes` against the local queue
//   (ipp://localhost/printers/NAME). CUPS answers with standard IPP attributes that it
//   derived from the queue's PPD, and it already understands the vendor quirks there
//   (EFDuplex, KMDuplex, A4 spelled "A4Small", ...): media-supported has iso_a4_210x297mm,
//   color-supported / print-color-mode-supported has colour, sides-supported has
//   two-sided-long-edge. ipptool ships with macOS but on Debian/Ubuntu it is in
//   cups-ipp-utils, which CUPS does not depend on; without it we read the PPD options
//   with `lpoptions -p NAME -l` (PageSize, ColorModel, Duplex) instead.
// - submit: `lp` with explicit options, parsing "request id is NAME-12 (1 file(s))".
// - job state: `ipptool Get-Job-Attributes` on ipp://localhost/jobs/ID gives the exact
//   IPP job-state. lpstat cannot tell a completed job from a canceled or aborted one:
//   `lpstat -W completed` lists all three, and CUPS 2.4 reports job-state-reasons
//   "processing-to-stop-point" for a completed job too (measured). So lpstat is only the
//   fallback when ipptool is missing, and then a finished job whose reasons do not say
//   how it ended is 'unknown' rather than a guessed 'completed'.
//
// Every call uses an argument array (no shell), a deadline, and LANG=C so the English
// messages we parse are not translated. Printer names go on command lines and into
// URIs, so they are checked against a strict pattern before anything runs.

/**
 * CUPS refuses names with spaces, '/', '\\', '#', '?' and quotes; we are stricter: letters
 * (any script: Chinese desktops name queues in Chinese), digits and _ . @ + -, not
 * starting with '-' so a name can never be read as an option.
 */
const CUPS_PRINTER_NAME = /^[\p{L}\p{N}_][\p{L}\p{N}_.@+-]{0,126}$/u;

export function isValidCupsPrinterName(name: string): boolean {
  return CUPS_PRINTER_NAME.test(name);
}

const JOB_ID = /^\d{1,10}$/;

export interface CupsBackendOptions {
  runner?: CommandRunner;
  /** Deadline for each command. */
  timeoutMs?: number;
  /** Where the ipptool request files are written; default a private temporary folder. */
  workDir?: string;
  /** host[:port] of the CUPS scheduler for ipptool; lp and lpstat follow client.conf. */
  ippHost?: string;
}

const C_LOCALE = { LANG: 'C', LC_ALL: 'C' };
const DEFAULT_TIMEOUT_MS = 15_000;

// ipptool request files. DISPLAY makes `ipptool -t` print exactly these attributes.
const PRINTER_CAPS_TEST = `{
  NAME "co-self-print printer capabilities"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR language attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name $user
  ATTR keyword requested-attributes media-supported,color-supported,print-color-mode-supported,sides-supported
  STATUS successful-ok
  STATUS successful-ok-ignored-or-substituted-attributes
  DISPLAY media-supported
  DISPLAY color-supported
  DISPLAY print-color-mode-supported
  DISPLAY sides-supported
}
`;

const PRINTER_STATE_TEST = `{
  NAME "co-self-print printer state"
  OPERATION Get-Printer-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR language attributes-natural-language en
  ATTR uri printer-uri $uri
  ATTR name requesting-user-name $user
  ATTR keyword requested-attributes printer-state,printer-state-reasons
  STATUS successful-ok
  STATUS successful-ok-ignored-or-substituted-attributes
  DISPLAY printer-state
  DISPLAY printer-state-reasons
}
`;

const JOB_STATE_TEST = `{
  NAME "co-self-print job state"
  OPERATION Get-Job-Attributes
  GROUP operation-attributes-tag
  ATTR charset attributes-charset utf-8
  ATTR language attributes-natural-language en
  ATTR uri job-uri $uri
  ATTR name requesting-user-name $user
  ATTR keyword requested-attributes job-state,job-state-reasons
  STATUS successful-ok
  STATUS successful-ok-ignored-or-substituted-attributes
  DISPLAY job-state
  DISPLAY job-state-reasons
}
`;

type IppTestName = 'printer-caps' | 'printer-state' | 'job-state';
const IPP_TESTS: Record<IppTestName, string> = {
  'printer-caps': PRINTER_CAPS_TEST,
  'printer-state': PRINTER_STATE_TEST,
  'job-state': JOB_STATE_TEST,
};

// ---------------------------------------------------------------------------------
// Parsers (pure, exported for tests with recorded outputs)

/** `lpstat -e`: one destination per line. Names we could not pass safely are dropped. */
export function parseLpstatDestinations(stdout: string): string[] {
  const names = new Set<string>();
  for (const line of stdout.split(/\r?\n/)) {
    const name = line.trim();
    if (name.length > 0 && isValidCupsPrinterName(name)) names.add(name);
  }
  return [...names];
}

/** `lpstat -d`: "system default destination: NAME[/instance]" or "no system default destination". */
export function parseLpstatDefault(stdout: string): string | undefined {
  const match = /^system default destination:\s*([^\s/]+)/m.exec(stdout);
  return match?.[1];
}

/** `lp`: "request id is NAME-12 (1 file(s))" → "12". */
export function parseLpRequestId(stdout: string, printer: string): string | undefined {
  const match = /request id is (\S+)-(\d+)\s/.exec(`${stdout} `);
  if (!match || match[1]?.toLowerCase() !== printer.toLowerCase()) return undefined;
  return match[2];
}

export interface IpptoolResponse {
  passed: boolean;
  /** e.g. "successful-ok", "client-error-not-found"; undefined when ipptool never got an answer. */
  statusCode: string | undefined;
  attributes: Map<string, string[]>;
}

/** `ipptool -t` output: "[PASS]"/"[FAIL]", "status-code = …" and "name (type) = v1,v2" lines. */
export function parseIpptoolOutput(stdout: string): IpptoolResponse {
  const attributes = new Map<string, string[]>();
  let statusCode: string | undefined;
  let passed = false;
  let failed = false;
  for (const line of stdout.split(/\r?\n/)) {
    if (/\[PASS\]\s*$/.test(line)) passed = true;
    if (/\[FAIL\]\s*$/.test(line)) failed = true;
    const status = /^\s*status-code = ([a-z0-9-]+)/.exec(line);
    if (status) {
      statusCode = status[1];
      continue;
    }
    const attr = /^\s+([a-z][a-z0-9-]*) \(([^)]*)\) = (.*)$/.exec(line);
    if (attr?.[1] && attr[3] !== undefined) {
      // 1setOf keyword values come comma separated; the attributes we read are keywords,
      // booleans and enums, none of which contain commas.
      attributes.set(attr[1], attr[3].split(',').map((v) => v.trim()).filter((v) => v.length > 0));
    }
  }
  return { passed: passed && !failed, statusCode: statusCode ?? (passed && !failed ? 'successful-ok' : undefined), attributes };
}

export function capabilitiesFromIpp(attributes: Map<string, string[]>): PrinterCapabilities {
  const media = attributes.get('media-supported') ?? [];
  const colorModes = attributes.get('print-color-mode-supported') ?? [];
  const sides = attributes.get('sides-supported') ?? [];
  return {
    a4: media.some((m) => m.startsWith('iso_a4_')),
    color: (attributes.get('color-supported') ?? []).includes('true') || colorModes.includes('color'),
    duplex: sides.includes('two-sided-long-edge'),
  };
}

/** `lpoptions -p NAME -l`: "Keyword/Label: choice *default choice" per line. */
export function parseLpoptions(stdout: string): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^([^/:\s]+)(?:\/[^:]*)?:\s*(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    options.set(
      match[1],
      match[2]
        .split(/\s+/)
        .map((c) => c.replace(/^\*/, ''))
        .filter((c) => c.length > 0),
    );
  }
  return options;
}

const MONOCHROME_CHOICES = new Set(['gray', 'grey', 'grayscale', 'greyscale', 'black', 'mono', 'monochrome', 'kgray', 'kgrey', 'bw', 'blackwhite', 'blackandwhite']);

export function capabilitiesFromPpdOptions(options: Map<string, string[]>): PrinterCapabilities {
  const choices = (...keywords: string[]): string[] => keywords.flatMap((k) => options.get(k) ?? []);
  const a4 = choices('PageSize', 'PageRegion', 'media').some((c) => /^a4($|[._])/i.test(c) || c.startsWith('iso_a4_'));
  const colorChoices = choices('ColorModel', 'ColorMode', 'print-color-mode').map((c) => c.toLowerCase().replace(/[^a-z0-9]/g, ''));
  const color = colorChoices.some((c) => !MONOCHROME_CHOICES.has(c) && c !== 'auto');
  const duplex = choices('Duplex', 'EFDuplex', 'KMDuplex', 'JCLDuplex', 'sides').some((c) => c === 'DuplexNoTumble' || c === 'two-sided-long-edge');
  return { a4, color, duplex };
}

export function jobStateFromIpp(value: string | undefined): SpoolerJobState {
  switch (value) {
    case 'pending':
      return 'pending';
    case 'pending-held':
      return 'held';
    case 'processing':
      return 'processing';
    case 'processing-stopped':
      return 'stopped';
    case 'canceled':
      return 'canceled';
    case 'aborted':
      return 'aborted';
    case 'completed':
      return 'completed';
    default:
      return 'unknown';
  }
}

export interface LpstatJob {
  printer: string;
  id: string;
  status: string;
  alerts: string[];
}

/** `lpstat -l -o NAME`: a "NAME-12 user size date" line, then indented "Status:"/"Alerts:" lines. */
export function parseLpstatJobs(stdout: string): LpstatJob[] {
  const jobs: LpstatJob[] = [];
  let current: LpstatJob | undefined;
  for (const line of stdout.split(/\r?\n/)) {
    const head = /^(\S+)-(\d+)\s/.exec(line);
    if (head?.[1] && head[2]) {
      current = { printer: head[1], id: head[2], status: '', alerts: [] };
      jobs.push(current);
      continue;
    }
    if (!current) continue;
    const status = /^\s+Status:\s?(.*)$/.exec(line);
    if (status) current.status = status[1] ?? '';
    const alerts = /^\s+Alerts:\s?(.*)$/.exec(line);
    if (alerts) current.alerts = (alerts[1] ?? '').split(/[\s,]+/).filter((a) => a.length > 0);
  }
  return jobs;
}

/** Job state from lpstat's job-state-reasons ("Alerts:"), the best lpstat can offer. */
export function jobStateFromLpstat(job: LpstatJob, finished: boolean): SpoolerJobState {
  const has = (reason: string): boolean => job.alerts.includes(reason);
  if (finished) {
    if (has('job-completed-successfully')) return 'completed';
    if (job.alerts.some((a) => a.startsWith('job-canceled-'))) return 'canceled';
    if (has('aborted-by-system')) return 'aborted';
    return 'unknown';
  }
  if (has('job-hold-until-specified') || has('job-held-for-authentication')) return 'held';
  if (has('job-stopped') || has('job-completed-with-errors')) return 'stopped';
  if (has('job-printing')) return 'processing';
  return 'pending';
}

// ---------------------------------------------------------------------------------

function looksLikeUnknownPrinter(text: string): boolean {
  return /does not exist|unknown (printer|destination)|invalid destination|not found/i.test(text);
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim().length > 0)?.trim().slice(0, 300) ?? '';
}

export class CupsBackend implements PrintBackend {
  private readonly run: CommandRunner;
  private readonly timeoutMs: number;
  private readonly ippHost: string;
  private readonly workDirOption: string | undefined;
  private testFiles: Promise<Record<IppTestName, string>> | undefined;
  private createdWorkDir: string | undefined;
  /** Set once ipptool turned out not to be installed, so we stop trying it. */
  private ipptoolMissing = false;

  constructor(options: CupsBackendOptions = {}) {
    this.run = options.runner ?? execFileRunner;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ippHost = options.ippHost ?? 'localhost';
    this.workDirOption = options.workDir;
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    const [names, defaultName] = await Promise.all([this.destinationNames(), this.defaultDestination()]);
    return names.map((name) => ({ name, isDefault: defaultName !== undefined && name.toLowerCase() === defaultName.toLowerCase() }));
  }

  async capabilities(printer: string): Promise<PrinterCapabilities> {
    this.assertName(printer);
    await this.assertKnown(printer);
    if (!this.ipptoolMissing) {
      const response = await this.ipptool(this.printerUri(printer), 'printer-caps');
      if (response?.passed) return capabilitiesFromIpp(response.attributes);
      // Not (yet) a local queue: a printer found on the network that CUPS sets up on
      // first use. Its options are still readable through lpoptions.
      if (response && response.statusCode !== 'client-error-not-found') {
        throw printFailed(`无法读取打印机“${printer}”的功能（${response.statusCode ?? '无响应'}）`);
      }
    }
    const result = await this.exec('lpoptions', ['-p', printer, '-l']);
    // lpoptions exits 0 even when it cannot find the printer's PPD; its stderr says so.
    if (looksLikeUnknownPrinter(result.stderr) || /unable to get ppd/i.test(result.stderr)) {
      throw printerNotFound(printer);
    }
    if (result.exitCode !== 0) throw printFailed(`无法读取打印机“${printer}”的功能：${firstLine(result.stderr)}`);
    return capabilitiesFromPpdOptions(parseLpoptions(result.stdout));
  }

  async submit(job: PrintJobRequest): Promise<string> {
    this.assertName(job.printer);
    const { title } = validateJobRequest(job);
    const args = [
      '-d',
      job.printer,
      '-t',
      title,
      '-n',
      String(job.copies),
      '-o',
      'media=A4',
      '-o',
      `sides=${job.duplex ? 'two-sided-long-edge' : 'one-sided'}`,
      '-o',
      `print-color-mode=${job.color ? 'color' : 'monochrome'}`,
      // A certificate is laid out on a pre-printed form: never shrink or enlarge it.
      '-o',
      'print-scaling=none',
      // '--' so a file name starting with '-' is never read as an option.
      '--',
      job.filePath,
    ];
    const result = await this.exec('lp', args);
    if (result.exitCode !== 0) {
      const message = firstLine(result.stderr) || firstLine(result.stdout);
      if (looksLikeUnknownPrinter(message)) throw printerNotFound(job.printer);
      if (/not accepting/i.test(message)) throw printFailed(`打印机“${job.printer}”暂停接收打印作业`);
      throw printFailed(message || `lp 退出码 ${result.exitCode}`);
    }
    const id = parseLpRequestId(result.stdout, job.printer);
    if (id === undefined) throw printFailed(`无法识别打印服务返回的作业编号：${firstLine(result.stdout)}`);
    return id;
  }

  async jobState(printer: string, jobId: string): Promise<SpoolerJobState> {
    this.assertName(printer);
    if (!JOB_ID.test(jobId)) throw printFailed(`作业编号无效：${jobId.slice(0, 32)}`);
    if (!this.ipptoolMissing) {
      const response = await this.ipptool(`ipp://${this.ippHost}/jobs/${jobId}`, 'job-state');
      if (response) {
        // CUPS keeps finished jobs in its history; a job it no longer knows was purged.
        if (response.statusCode === 'client-error-not-found') return 'unknown';
        if (!response.passed) throw printFailed(`无法读取打印作业状态（${response.statusCode ?? '无响应'}）`);
        const state = jobStateFromIpp(response.attributes.get('job-state')?.[0]);
        return state === 'pending' && (await this.queueStopped(printer)) ? 'stopped' : state;
      }
    }
    return this.jobStateFromLpstat(printer, jobId);
  }

  /** Removes the ipptool request files this backend wrote. */
  async dispose(): Promise<void> {
    const dir = this.createdWorkDir;
    this.testFiles = undefined;
    this.createdWorkDir = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
  }

  // -------------------------------------------------------------------------------

  private assertName(printer: string): void {
    if (!isValidCupsPrinterName(printer)) throw invalidPrinterName(printer);
  }

  private async assertKnown(printer: string): Promise<void> {
    const names = await this.destinationNames();
    if (!names.some((n) => n.toLowerCase() === printer.toLowerCase())) throw printerNotFound(printer);
  }

  private printerUri(printer: string): string {
    return `ipp://${this.ippHost}/printers/${encodeURIComponent(printer)}`;
  }

  private async destinationNames(): Promise<string[]> {
    const result = await this.exec('lpstat', ['-e']);
    if (result.exitCode !== 0) throw this.schedulerError(result);
    return parseLpstatDestinations(result.stdout);
  }

  private async defaultDestination(): Promise<string | undefined> {
    const result = await this.exec('lpstat', ['-d']);
    // "no system default destination" is a normal answer (exit 0); anything else failing
    // only costs us the default mark, not the list.
    return result.exitCode === 0 ? parseLpstatDefault(result.stdout) : undefined;
  }

  private schedulerError(result: CommandResult): PrintError {
    const message = firstLine(result.stderr);
    if (/scheduler is not running|unable to connect|connection refused/i.test(message)) {
      return printFailed('无法连接打印服务（CUPS），请确认打印服务已启动', new Error(message));
    }
    return printFailed(message || '打印服务（CUPS）返回错误');
  }

  private async queueStopped(printer: string): Promise<boolean> {
    const response = await this.ipptool(this.printerUri(printer), 'printer-state');
    return response?.passed === true && response.attributes.get('printer-state')?.[0] === 'stopped';
  }

  private async jobStateFromLpstat(printer: string, jobId: string): Promise<SpoolerJobState> {
    const find = async (which: 'not-completed' | 'completed'): Promise<LpstatJob | undefined> => {
      const result = await this.exec('lpstat', ['-l', '-W', which, '-o', printer]);
      if (result.exitCode !== 0) {
        if (looksLikeUnknownPrinter(result.stderr)) throw printerNotFound(printer);
        throw this.schedulerError(result);
      }
      return parseLpstatJobs(result.stdout).find((j) => j.id === jobId && j.printer.toLowerCase() === printer.toLowerCase());
    };
    const active = await find('not-completed');
    if (active) {
      const state = jobStateFromLpstat(active, false);
      if (state !== 'pending') return state;
      const printerStatus = await this.exec('lpstat', ['-p', printer]);
      return /\bdisabled\b/.test(printerStatus.stdout) ? 'stopped' : 'pending';
    }
    const finished = await find('completed');
    return finished ? jobStateFromLpstat(finished, true) : 'unknown';
  }

  /** Runs one ipptool request; undefined when ipptool is not installed. */
  private async ipptool(uri: string, test: IppTestName, retried = false): Promise<IpptoolResponse | undefined> {
    const files = await this.ippTestFiles();
    const seconds = Math.max(1, Math.floor(this.timeoutMs / 1000) - 1);
    let result: CommandResult;
    try {
      result = await this.run('ipptool', ['-T', String(seconds), '-t', uri, files[test]], { timeoutMs: this.timeoutMs, env: C_LOCALE });
    } catch (error) {
      if (error instanceof CommandError && error.kind === 'not-installed') {
        this.ipptoolMissing = true;
        return undefined;
      }
      throw printFailed('无法连接打印服务（CUPS）', error);
    }
    // The app runs for days; a temp cleaner may have removed our request files.
    if (!retried && /unable to open/i.test(result.stderr)) {
      this.testFiles = undefined;
      return this.ipptool(uri, test, true);
    }
    const response = parseIpptoolOutput(result.stdout);
    if (response.statusCode === undefined && !response.passed) {
      // No IPP answer at all: the scheduler is down or unreachable.
      throw printFailed('无法连接打印服务（CUPS），请确认打印服务已启动', new Error(firstLine(result.stderr) || firstLine(result.stdout)));
    }
    return response;
  }

  private ippTestFiles(): Promise<Record<IppTestName, string>> {
    this.testFiles ??= (async () => {
      let dir = this.workDirOption;
      if (dir === undefined) {
        dir = await mkdtemp(join(tmpdir(), 'co-print-ipp-'));
        this.createdWorkDir = dir;
      }
      const paths = {} as Record<IppTestName, string>;
      for (const name of Object.keys(IPP_TESTS) as IppTestName[]) {
        const path = join(dir, `${name}.test`);
        await writeFile(path, IPP_TESTS[name], { mode: 0o600 });
        paths[name] = path;
      }
      return paths;
    })();
    return this.testFiles;
  }

  private async exec(file: string, args: readonly string[]): Promise<CommandResult> {
    try {
      return await this.run(file, args, { timeoutMs: this.timeoutMs, env: C_LOCALE });
    } catch (error) {
      if (error instanceof CommandError && error.kind === 'not-installed') {
        throw printFailed(`未找到打印服务命令 ${file}，请安装 CUPS（Debian/Ubuntu：cups-client）`, error);
      }
      if (error instanceof CommandError && error.kind === 'timeout') {
        throw printFailed('打印服务（CUPS）响应超时', error);
      }
      throw printFailed(`无法运行 ${file}`, error);
    }
  }
}
